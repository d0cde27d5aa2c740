package parser

import (
	"bytes"
	"errors"
	"io/fs"
	"path"
	"regexp"
	"strings"
	"sync"

	"github.com/dynamoguard/dynamoguard/model"
)

// templateLocation finds the literal local locations of nested stack
// templates in template text (TemplateURL of AWS::CloudFormation::Stack,
// Location of AWS::Serverless::Application), in YAML or JSON. Like the
// Terraform call graph it is a cheap pass made before anything is parsed:
// a template it takes for nested but that no parent reaches is still
// evaluated as a root.
var templateLocation = regexp.MustCompile(`(?m)["']?\b(?:TemplateURL|Location)["']?[ \t]*:[ \t]*(?:!Sub[ \t]+)?["']?([^"'\s,{}\[\]#]+)`)

// cdkNestedTemplate finds the template files of the nested stacks of a
// CDK-synthesized template, named in their aws:asset:path metadata.
var cdkNestedTemplate = regexp.MustCompile(`"aws:asset:path"\s*:\s*"([^"]+\.template\.json)"`)

// serverlessFile finds the files a Serverless Framework service file reads
// with ${file(…)}, such as its resources files.
var serverlessFile = regexp.MustCompile(`\$\{file\(\s*['"]?([^)'"\s$]+)['"]?\s*\)`)

// stackEdges returns, by template, the templates of known (every
// template and context template) that it nests, and the files that a
// Serverless Framework service file reads.
func (l *loading) stackEdges(templates []string, known map[string]bool) map[string][]string {
	edges := make([][]string, len(templates))
	l.pool(len(templates), func(i int) {
		data, d := readFile(l.d.in.FS, templates[i], l.d.opts.MaxFileSize)
		pattern := templateLocation
		switch base := path.Base(templates[i]); {
		case d != nil:
			return
		case base == "serverless.yml" || base == "serverless.yaml":
			pattern = serverlessFile
		case !bytes.Contains(data, []byte("AWS::CloudFormation::Stack")) &&
			!bytes.Contains(data, []byte("AWS::Serverless::Application")):
			return
		}
		matches := pattern.FindAllSubmatch(data, -1)
		if pattern == templateLocation {
			matches = append(matches, cdkNestedTemplate.FindAllSubmatch(data, -1)...)
		}
		for _, m := range matches {
			loc := string(m[1])
			if strings.Contains(loc, "://") || strings.HasPrefix(loc, "s3:") || strings.Contains(loc, "${") {
				continue
			}
			if p := path.Join(path.Dir(templates[i]), loc); p != templates[i] && known[p] {
				edges[i] = appendNew(edges[i], p)
			}
		}
	})
	out := map[string][]string{}
	for i, e := range edges {
		if len(e) > 0 {
			out[templates[i]] = e
		}
	}
	return out
}

// reached records the templates that were read as the template of a
// nested stack.
type reached struct {
	mu   sync.Mutex
	seen map[string]bool
}

func (r *reached) add(name string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.seen[name] = true
}

func (r *reached) has(name string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.seen[name]
}

// errNotTemplateFile is the error for a nested stack location that is not
// a file of the scan root.
var errNotTemplateFile = errors.New("not a file")

// readNested returns the ReadTemplate function of the CloudFormation
// parser: it reads a nested stack's template from the scan root and records
// it as reached.
func (l *loading) readNested(r *reached) func(name string) ([]byte, error) {
	return func(name string) ([]byte, error) {
		info, err := fs.Stat(l.d.in.FS, name)
		switch {
		case err != nil:
			return nil, err
		case !info.Mode().IsRegular():
			return nil, errNotTemplateFile
		}
		r.add(name)
		data, d := readFile(l.d.in.FS, name, l.d.opts.MaxFileSize)
		if d != nil {
			return nil, errors.New(strings.TrimSuffix(d.Summary+": "+d.Detail, "."))
		}
		return data, nil
	}
}

// runTemplates parses the templates: those no other template nests
// first, in parallel, each with the tree of nested stacks it reaches; then,
// one by one in order, the nested ones that no parent reached (nested in a
// cycle only, or under a location the text pass misread), as roots. The
// context templates (the scan root's others, when files are named) that
// lead to a template through nested stacks are evaluated as its parents.
func (l *loading) runTemplates(templates, context []string) ([]*model.Project, []model.Diagnostics) {
	known := map[string]bool{}
	for _, name := range append(append([]string(nil), templates...), context...) {
		known[name] = true
	}
	edges := l.stackEdges(append(append([]string(nil), templates...), context...), known)
	// The context templates above the templates: walk up the parents.
	parents := map[string][]string{}
	for p, children := range edges {
		for _, c := range children {
			parents[c] = append(parents[c], p)
		}
	}
	use := map[string]bool{}
	for _, name := range templates {
		if use[name] {
			continue
		}
		for _, p := range reachable(name, parents) {
			use[p] = true
		}
	}
	nested := map[string]bool{}
	for p, children := range edges {
		for _, c := range children {
			nested[c] = nested[c] || use[p]
		}
	}
	r := &reached{seen: map[string]bool{}}
	var roots, rest []string
	for _, name := range sortedKeys(use) {
		switch {
		case !nested[name]:
			roots = append(roots, name)
		case !l.d.contextTemplates[name]:
			rest = append(rest, name)
		}
	}
	projects, diags := l.templateJobs(roots, r)
	for _, name := range rest {
		if r.has(name) {
			continue
		}
		p, d := l.templateJobs([]string{name}, r)
		projects, diags = append(projects, p...), append(diags, d...)
	}
	return projects, diags
}

// templateJobs parses the templates in parallel.
func (l *loading) templateJobs(templates []string, r *reached) ([]*model.Project, []model.Diagnostics) {
	opts := l.d.opts
	opts.CloudFormation.ReadTemplate = l.readNested(r)
	projects := make([]*model.Project, len(templates))
	diags := make([]model.Diagnostics, len(templates))
	l.pool(len(templates), func(i int) {
		defer l.recoverJob(templates[i], &projects[i], &diags[i])
		projects[i], diags[i] = loadTemplate(l.d.in.FS, templates[i], opts)
	})
	return projects, diags
}
