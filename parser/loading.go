package parser

import (
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/dynamoguard/dynamoguard/model"
	"github.com/dynamoguard/dynamoguard/parser/terraform"
)

// onceModule parses one Terraform folder, once, whichever goroutine asks
// first.
type onceModule struct {
	once sync.Once
	p    *terraform.Parsed
	why  string
	load func() (*terraform.Parsed, string)
}

func (o *onceModule) get() *terraform.Parsed {
	o.once.Do(func() { o.p, o.why = o.load() })
	return o.p
}

// loading is the parsing and evaluation of what discovery found.
type loading struct {
	d  *discovery
	mu sync.Mutex
	// parsed holds every Terraform folder asked for, by path.
	parsed map[string]*onceModule
}

func newLoading(d *discovery) *loading {
	return &loading{d: d, parsed: map[string]*onceModule{}}
}

// module returns the parsed Terraform folder dir, parsing it on first use;
// nil and why when it cannot be read or holds no Terraform file.
func (l *loading) module(dir string) (*terraform.Parsed, string) {
	l.mu.Lock()
	o := l.parsed[dir]
	if o == nil {
		o = &onceModule{load: func() (*terraform.Parsed, string) { return l.parse(dir) }}
		l.parsed[dir] = o
	}
	l.mu.Unlock()
	p := o.get()
	return p, o.why
}

// parse reads and parses the Terraform folder dir.
func (l *loading) parse(dir string) (p *terraform.Parsed, why string) {
	defer func() {
		if v := recover(); v != nil {
			p, why = nil, fmt.Sprintf("could not be parsed (internal error: %v)", v)
		}
	}()
	fsys := l.d.in.FS
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, "does not exist or cannot be read"
	}
	m := terraform.Module{Dir: dir}
	if sub, err := fs.Sub(fsys, dir); err == nil {
		m.FS = sub
	}
	var varFiles []terraform.SourceFile
	var diags model.Diagnostics
	for _, e := range entries {
		name := e.Name()
		p := path.Join(dir, name)
		if !isTerraformFile(name) && !isVarFile(name) {
			continue
		}
		if ok, _ := readable(fsys, p, e); !ok {
			continue // walk has said why
		}
		data, d := readFile(fsys, p, l.d.opts.MaxFileSize)
		if d != nil {
			diags = append(diags, *d)
			continue
		}
		sf := terraform.SourceFile{Name: p, Data: data}
		if isVarFile(name) {
			varFiles = append(varFiles, sf)
		} else {
			m.Files = append(m.Files, sf)
		}
	}
	// terraform.tfvars, terraform.tfvars.json, then *.auto.tfvars and
	// *.auto.tfvars.json in lexical order: later wins.
	sort.SliceStable(varFiles, func(a, b int) bool {
		ta := strings.HasPrefix(path.Base(varFiles[a].Name), "terraform.tfvars")
		tb := strings.HasPrefix(path.Base(varFiles[b].Name), "terraform.tfvars")
		if ta != tb {
			return ta
		}
		return varFiles[a].Name < varFiles[b].Name
	})
	m.VarFiles = varFiles
	if len(m.Files) == 0 && len(diags) == 0 {
		return nil, "holds no Terraform file"
	}
	parsed := terraform.Parse(m)
	if len(diags) > 0 {
		l.d.mu.Lock()
		l.d.diags = append(l.d.diags, diags...)
		l.d.mu.Unlock()
	}
	if len(m.Files) == 0 {
		return nil, "holds no readable Terraform file"
	}
	return parsed, ""
}

// resolve finds the folder a local module source of from names.
func (l *loading) resolve(from *terraform.Parsed, source string) (*terraform.Parsed, string) {
	dir, ok := childDir(from.Dir(), source)
	if !ok {
		return nil, "leaves the scan root, which is not read"
	}
	p, why := l.module(dir)
	if p == nil {
		return nil, "names folder " + dir + ", which " + why
	}
	return p, ""
}

// childDir is the folder a local source names from folder dir, within the
// scan root.
func childDir(dir, source string) (string, bool) {
	source = strings.ReplaceAll(source, `\`, "/")
	// A "//" separates a package from a folder inside it.
	source, _, _ = strings.Cut(source, "//")
	p := path.Join(dir, source)
	if p == ".." || strings.HasPrefix(p, "../") || path.IsAbs(p) {
		return "", false
	}
	return p, true
}

// parseModules parses every Terraform folder found, in parallel.
func (l *loading) parseModules() {
	dirs := append(sortedKeys(l.d.tfDirs), sortedKeys(l.d.context)...)
	l.pool(len(dirs), func(i int) { l.module(dirs[i]) })
}

// roots returns the root modules to evaluate: the folders of the scanned
// paths that no Terraform folder found calls, and the folders that call a
// scanned folder and are called by none (when files are named, the
// folders that call theirs). A folder only reachable through a cycle is a
// root too.
func (l *loading) roots() []*terraform.Parsed {
	callers := map[string][]string{}
	all := map[string]bool{}
	for dir := range l.d.tfDirs {
		all[dir] = true
	}
	for dir := range l.d.context {
		all[dir] = true
	}
	for _, dir := range sortedKeys(all) {
		p, _ := l.module(dir)
		if p == nil {
			continue
		}
		for _, c := range p.Calls() {
			if !c.Local {
				continue
			}
			if child, ok := childDir(dir, c.Source); ok && child != dir {
				callers[child] = appendNew(callers[child], dir)
			}
		}
	}
	// The roots above each scanned folder: walk up the callers.
	rootSet := map[string]bool{}
	for _, dir := range sortedKeys(l.d.tfDirs) {
		seen := map[string]bool{}
		stack := []string{dir}
		found := false
		for len(stack) > 0 {
			n := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if seen[n] {
				continue
			}
			seen[n] = true
			if len(callers[n]) == 0 {
				rootSet[n], found = true, true
				continue
			}
			stack = append(stack, callers[n]...)
		}
		if !found {
			rootSet[dir] = true // only callers in a cycle
		}
	}
	var out []*terraform.Parsed
	for _, dir := range sortedKeys(rootSet) {
		if p, _ := l.module(dir); p != nil {
			out = append(out, p)
		}
	}
	return out
}

func appendNew(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// run evaluates the root modules and parses the templates in parallel;
// results are indexed like the jobs, so the order does not depend on which
// finishes first.
func (l *loading) run(roots []*terraform.Parsed) ([]*model.Project, []model.Diagnostics) {
	templates := sortedKeys(l.d.templates)
	n := len(roots) + len(templates)
	projects := make([]*model.Project, n)
	diags := make([]model.Diagnostics, n)
	l.pool(n, func(i int) {
		name := ""
		if i < len(roots) {
			name = roots[i].Dir()
		} else {
			name = templates[i-len(roots)]
		}
		defer func() {
			if v := recover(); v != nil {
				projects[i] = &model.Project{}
				diags[i] = append(diags[i], model.Diagnostic{
					Severity: model.DiagError,
					Summary:  "internal error while parsing " + name,
					Detail:   fmt.Sprintf("%v; this input was not analysed. Please report it with the file.", v),
					Subject:  model.Range{Filename: name},
				})
			}
		}()
		if i < len(roots) {
			projects[i], diags[i] = terraform.LoadTree(roots[i], l.resolve, l.d.opts.Terraform)
		} else {
			projects[i], diags[i] = loadTemplate(l.d.in.FS, name, l.d.opts)
		}
	})
	return projects, diags
}

// pool runs fn(0) … fn(n-1) on opts.Workers goroutines.
func (l *loading) pool(n int, fn func(i int)) {
	workers := l.d.opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(workers, max(n, 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
