package parser

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/dynamoguard/dynamoguard/internal/workers"
	"github.com/dynamoguard/dynamoguard/model"
	"github.com/dynamoguard/dynamoguard/parser/terraform"
)

// folder is one Terraform folder: its files as read, the local module
// sources they name, and, while a root module still to evaluate uses it,
// the folder parsed. Its files and diagnostics outlive the parsed module.
type folder struct {
	// mu guards every field below dir and calls, once the folder is
	// listed.
	mu  sync.Mutex
	dir string
	// mod holds the files' text; nil when the folder holds no readable
	// Terraform file (why says so).
	mod *terraform.Module
	why string
	// calls are the folders its local module sources name.
	calls []string

	parsed *terraform.Parsed
	// released is set when the text was dropped: it is read again if a
	// tree needs the folder after all.
	released bool
	// done is set once the folder was parsed: files and diags are its.
	done  bool
	files []model.File
	diags model.Diagnostics
	// users counts the root modules still to evaluate that use it.
	users int
}

// loading is the parsing and evaluation of what discovery found.
type loading struct {
	d *discovery
	// mu guards folders and used.
	mu      sync.Mutex
	folders map[string]*folder
	// uses lists, by root module, the folders its tree uses; used marks
	// the folders some tree loaded.
	uses [][]string
	used map[string]bool
}

func newLoading(d *discovery) *loading {
	return &loading{d: d, folders: map[string]*folder{}, used: map[string]bool{}}
}

// localSources are the local module sources in Terraform text, native
// (source = "./x") or JSON ("source": "../x"). It is a cheap pass that
// builds the call graph before anything is parsed; the evaluation reads the
// real source of each call, and a folder the graph takes for called but that
// no tree loads is still evaluated as a root. Only the text at each word
// "source" is matched, so that a file without one costs a byte search.
func localSources(data []byte) []string {
	var out []string
	for i := 0; ; {
		at := bytes.Index(data[i:], []byte("source"))
		if at < 0 {
			return out
		}
		at += i
		i = at + len("source")
		if at > 0 && isWordByte(data[at-1]) {
			continue
		}
		if m := localSource.FindSubmatchIndex(data[at:]); m != nil {
			out = append(out, string(data[at+m[2]:at+m[3]]))
			i = at + m[1]
		}
	}
}

// localSource is a local module source at the start of the text.
var localSource = regexp.MustCompile(`^source"?\s*[=:]\s*"(\.\.?/[^"]*)"`)

// isWordByte reports whether b is a letter, a digit or an underscore, as
// \b in a regular expression counts them.
func isWordByte(b byte) bool {
	return b == '_' || '0' <= b && b <= '9' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z'
}

// read reads the Terraform folder dir and the local sources its files name.
func (l *loading) read(dir string) *folder {
	f := &folder{dir: dir}
	fsys := l.d.in.FS
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		f.why = "does not exist or cannot be read"
		return f
	}
	m := terraform.Module{Dir: dir}
	if sub, err := fs.Sub(fsys, dir); err == nil {
		m.FS = sub
	}
	var varFiles []terraform.SourceFile
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
			f.diags = append(f.diags, *d)
			continue
		}
		sf := terraform.SourceFile{Name: p, Data: data}
		if isVarFile(name) {
			varFiles = append(varFiles, sf)
			continue
		}
		m.Files = append(m.Files, sf)
		for _, src := range localSources(data) {
			if child, ok := childDir(dir, src); ok && child != dir {
				f.calls = appendNew(f.calls, child)
			}
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
	if len(m.Files) == 0 {
		f.why = "holds no readable Terraform file"
		if len(f.diags) == 0 {
			f.why = "holds no Terraform file"
		}
		f.done = true
		return f
	}
	f.mod = &m
	return f
}

// folder returns the record of dir, reading the folder on first use.
func (l *loading) folder(dir string) *folder {
	l.mu.Lock()
	f := l.folders[dir]
	l.mu.Unlock()
	if f != nil {
		return f
	}
	f = l.read(dir)
	l.mu.Lock()
	defer l.mu.Unlock()
	if prev := l.folders[dir]; prev != nil {
		return prev
	}
	l.folders[dir] = f
	return f
}

// module returns the parsed Terraform folder dir, parsing it on first use
// (or again, if it was released and a call the call graph did not foresee
// needs it); nil and why when it cannot be read or holds no Terraform file.
func (l *loading) module(dir string) (*terraform.Parsed, string) {
	f := l.folder(dir)
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.released {
		again := l.read(dir)
		f.mod, f.why, f.released = again.mod, again.why, false
	}
	if f.mod == nil {
		return nil, f.why
	}
	l.mu.Lock()
	l.used[dir] = true
	l.mu.Unlock()
	if f.parsed == nil {
		// Parsing under the folder's lock keeps a shared module parsed
		// once.
		f.parsed = terraform.Parse(*f.mod) // Parse recovers from its own panics
		if !f.done {
			f.done = true
			f.files = f.parsed.Files()
			f.diags = append(f.diags, f.parsed.Diagnostics()...)
		}
	}
	return f.parsed, ""
}

// release drops the parsed module and the text of each folder of dirs
// that no root module still to evaluate uses.
func (l *loading) release(dirs []string) {
	for _, dir := range dirs {
		l.mu.Lock()
		f := l.folders[dir]
		l.mu.Unlock()
		if f == nil {
			continue
		}
		f.mu.Lock()
		if f.users--; f.users <= 0 && f.mod != nil {
			f.parsed, f.mod, f.released = nil, nil, true
		}
		f.mu.Unlock()
	}
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

// readFolders reads every Terraform folder found, in parallel.
func (l *loading) readFolders() {
	dirs := append(sortedKeys(l.d.tfDirs), sortedKeys(l.d.context)...)
	l.pool(len(dirs), func(i int) { l.folder(dirs[i]) })
}

// roots returns the root modules to evaluate: the folders of the scanned
// paths that no Terraform folder found calls, and the folders that call a
// scanned folder and are called by none (when files are named, the
// folders that call theirs). A folder only reachable through a cycle is a
// root too. It counts the roots that use each folder.
func (l *loading) roots() []string {
	callers, callees := map[string][]string{}, map[string][]string{}
	for _, dir := range sortedKeys(l.folders) {
		f := l.folders[dir]
		callees[dir] = f.calls
		for _, c := range f.calls {
			callers[c] = appendNew(callers[c], dir)
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
	var out []string
	for _, dir := range sortedKeys(rootSet) {
		if f := l.folder(dir); f.mod != nil {
			out = append(out, dir)
		}
	}
	l.count(out, callees)
	return out
}

// count records, for each root of roots, the folders its tree uses, and
// releases the text of the folders no root uses.
//
// It runs while no other goroutine uses the folders.
func (l *loading) count(roots []string, callees map[string][]string) {
	l.uses = make([][]string, len(roots))
	for i, dir := range roots {
		l.uses[i] = reachable(dir, callees)
		for _, d := range l.uses[i] {
			if f := l.folders[d]; f != nil {
				f.users++
			}
		}
	}
	var unused []string
	for dir, f := range l.folders {
		if f.users == 0 && !l.d.tfDirs[dir] {
			unused = append(unused, dir)
		}
	}
	l.release(unused)
}

// reachable lists dir and the folders its local module calls reach.
func reachable(dir string, callees map[string][]string) []string {
	seen := map[string]bool{dir: true}
	out := []string{dir}
	for i := 0; i < len(out); i++ {
		for _, c := range callees[out[i]] {
			if !seen[c] {
				seen[c] = true
				out = append(out, c)
			}
		}
	}
	return out
}

// unloaded returns the scanned folders that no tree loaded (the call graph
// took them for called by a folder whose tree does not call them), which
// are evaluated as roots of their own, and the folders each of them uses.
//
// It runs while no other goroutine uses the folders.
func (l *loading) unloaded() ([]string, [][]string) {
	var out []string
	var uses [][]string
	for _, dir := range sortedKeys(l.d.tfDirs) {
		if f := l.folders[dir]; f != nil && (f.mod != nil || f.released) && !l.used[dir] {
			f.users++
			out = append(out, dir)
			uses = append(uses, []string{dir})
		}
	}
	return out, uses
}

func appendNew(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// run evaluates the root modules (folders) in parallel; results are
// indexed like the jobs, so the order does not depend on which finishes
// first. A root's parsed modules are released once no root still to
// evaluate uses them.
func (l *loading) run(roots []string, uses [][]string) ([]*model.Project, []model.Diagnostics) {
	projects := make([]*model.Project, len(roots))
	diags := make([]model.Diagnostics, len(roots))
	l.pool(len(roots), func(i int) {
		defer l.recoverJob(roots[i], &projects[i], &diags[i])
		if root, _ := l.module(roots[i]); root != nil {
			projects[i], diags[i] = terraform.LoadTree(root, l.resolve, l.d.opts.Terraform)
		}
		l.release(uses[i])
	})
	return projects, diags
}

// recoverJob turns a panic while parsing name into a diagnostic; it is
// deferred by each job.
func (l *loading) recoverJob(name string, proj **model.Project, diags *model.Diagnostics) {
	if v := recover(); v != nil {
		*proj = &model.Project{}
		*diags = append(*diags, model.Diagnostic{
			Severity: model.DiagError,
			Summary:  "internal error while parsing " + name,
			Detail:   fmt.Sprintf("%v; this input was not analysed. Please report it with the file.", v),
			Subject:  model.Range{Filename: name},
		})
	}
}

// pool runs fn(0) … fn(n-1) on opts.Workers goroutines.
func (l *loading) pool(n int, fn func(i int)) { workers.Each(n, l.d.opts.Workers, fn) }
