package parser

import (
	"io"
	"io/fs"
	"path"
	"strings"

	"github.com/dynamoguard/dynamoguard/model"
	"github.com/dynamoguard/dynamoguard/parser/plan"
)

// isPlanFile reports whether the JSON file p is a Terraform plan or state
// (`terraform show -json`), by its first bytes.
func isPlanFile(fsys fs.FS, p string) bool {
	if strings.ToLower(path.Ext(p)) != ".json" {
		return false
	}
	f, err := fsys.Open(p)
	if err != nil {
		return false
	}
	defer func() { _ = f.Close() }()
	head := make([]byte, 4096)
	n, _ := io.ReadFull(f, head)
	return plan.Detect(head[:n])
}

// coverage lists, by the scope of a Terraform root module, the resources
// (addresses without instance keys) a plan of it holds: the plan wins over
// the configuration's own evaluation for them, so that a folder holding
// both does not report each resource twice.
type coverage map[string]map[string]bool

// remove drops from p the Terraform resources, and their not-analysed
// entries, that a plan of their root module covers.
func (c coverage) remove(p *model.Project) {
	if p == nil || len(c) == 0 {
		return
	}
	p.Remove(func(r *model.Resource) bool {
		return r.Kind == model.Terraform && c[r.Scope][plan.ConfigAddress(r.Address)]
	})
	kept := p.NotAnalysed[:0]
	for _, n := range p.NotAnalysed {
		if !c.coversNote(n) {
			kept = append(kept, n)
		}
	}
	p.NotAnalysed = kept
}

// coversNote reports whether a plan covers what n is about: a resource
// it holds, or a module call (a remote module, which the configuration's
// reading does not fetch) whose resources it holds.
func (c coverage) coversNote(n model.NotAnalysed) bool {
	what := plan.ConfigAddress(n.What)
	for scope, addrs := range c {
		if scope != "." && !strings.HasPrefix(n.Range.Filename, scope+"/") {
			continue
		}
		if addrs[what] {
			return true
		}
		if strings.HasPrefix(what, "module.") {
			for a := range addrs {
				if strings.HasPrefix(a, what+".") {
					return true
				}
			}
		}
	}
	return false
}

// runPlans reads the plan and state files, each with the configuration it
// was made from when that is found: PlanConfig, else the plan's folder
// when it holds Terraform files.
func (l *loading) runPlans(plans []string) ([]*model.Project, []model.Diagnostics, coverage) {
	projects := make([]*model.Project, len(plans))
	diags := make([]model.Diagnostics, len(plans))
	scopes := make([]string, len(plans))
	l.pool(len(plans), func(i int) {
		defer l.recoverJob(plans[i], &projects[i], &diags[i])
		name := plans[i]
		var cfg *plan.Config
		dir := l.d.opts.PlanConfig
		if dir == "" {
			dir = path.Dir(name)
		}
		if root, _ := l.module(dir); root != nil {
			cfg = &plan.Config{Root: root, Resolve: l.resolve}
			scopes[i] = root.Dir()
		} else if l.d.opts.PlanConfig != "" {
			diags[i] = append(diags[i], model.Diagnostic{
				Severity: model.DiagWarning,
				Summary:  "Plan configuration not found",
				Detail:   "The folder " + dir + " given for the plans' configuration holds no readable Terraform file; findings are placed in the plan file.",
				Subject:  model.Range{Filename: name},
			})
		}
		f, err := l.d.in.FS.Open(name)
		if err != nil {
			projects[i], diags[i] = &model.Project{}, append(diags[i], fileDiag(name, "cannot read", err))
			return
		}
		defer func() { _ = f.Close() }()
		p, ds := plan.Load(name, f, cfg, l.d.opts.Terraform)
		projects[i], diags[i] = p, append(diags[i], ds...)
	})
	covered := coverage{}
	for i, p := range projects {
		if scopes[i] == "" || p == nil {
			continue
		}
		if covered[scopes[i]] == nil {
			covered[scopes[i]] = map[string]bool{}
		}
		for _, r := range p.Resources() {
			covered[scopes[i]][plan.ConfigAddress(r.Identity().Address)] = true
		}
		for _, n := range p.NotAnalysed {
			covered[scopes[i]][plan.ConfigAddress(n.What)] = true
		}
	}
	return projects, diags, covered
}
