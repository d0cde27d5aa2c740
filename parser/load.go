// Package parser finds the infrastructure-as-code files under the scanned
// paths, hands each to the parser of its format, and merges what they find
// into one model.Project. It reads through io/fs; Load is the thin edge that
// opens the operating system's files.
package parser

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/dynamoguard/dynamoguard/model"
	"github.com/dynamoguard/dynamoguard/parser/cloudformation"
	"github.com/dynamoguard/dynamoguard/parser/terraform"
)

// DefaultMaxFileSize is the size above which a file is not read.
const DefaultMaxFileSize = 16 << 20

// Options control discovery and parsing.
type Options struct {
	// Exclude holds doublestar globs (`**/test/**`, `legacy/*.tf`); a file or
	// folder whose path relative to its scan root matches one is skipped.
	Exclude []string
	// Terraform and CloudFormation are passed to the format parsers.
	Terraform      terraform.Options
	CloudFormation cloudformation.Options
	// Workers is how many files or modules are parsed at once; 0 means one
	// per CPU.
	Workers int
	// MaxFileSize is the largest file read, in bytes; 0 means
	// DefaultMaxFileSize.
	MaxFileSize int64
}

// Root is one scanned path as a file system. Prefix is how its files are
// named in ranges and messages (the path the user gave, slash-separated).
// When File is set, only that file of FS is scanned (with the rest of its
// Terraform module, which the file needs to be understood).
type Root struct {
	FS     fs.FS
	Prefix string
	File   string
}

// skippedDirs are never descended into.
var skippedDirs = map[string]bool{".git": true, ".terraform": true, "node_modules": true, ".terragrunt-cache": true}

// ErrNotExist is returned by Load for a path that does not exist.
var ErrNotExist = errors.New("path does not exist")

// Load scans paths of the operating system's file system. The error is for a
// path that cannot be scanned at all (it does not exist); everything else is
// a diagnostic.
func Load(paths []string, opts Options) (*model.Project, model.Diagnostics, error) {
	roots := make([]Root, 0, len(paths))
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, nil, fmt.Errorf("%s: %w", p, ErrNotExist)
			}
			return nil, nil, fmt.Errorf("scan %s: %w", p, err)
		}
		dir, file := p, ""
		if !info.IsDir() {
			dir, file = filepath.Split(p)
			if dir == "" {
				dir = "."
			}
		}
		// os.Root keeps every read, file() and templatefile() included,
		// inside the scanned folder, whatever links it holds.
		root, err := os.OpenRoot(dir)
		if err != nil {
			return nil, nil, fmt.Errorf("scan %s: %w", p, err)
		}
		defer func() { _ = root.Close() }()
		roots = append(roots, Root{FS: root.FS(), Prefix: filepath.ToSlash(filepath.Clean(dir)), File: file})
	}
	proj, diags := LoadFS(roots, opts)
	return proj, diags, nil
}

// job is one unit of parsing: a Terraform module or a template.
type job struct {
	root   Root
	dir    string // Terraform: module folder within root.FS
	file   string // CloudFormation: template within root.FS
	tf     bool
	sortBy string
}

// LoadFS discovers and parses the IaC files under roots. It never returns a
// nil project.
func LoadFS(roots []Root, opts Options) (*model.Project, model.Diagnostics) {
	if opts.MaxFileSize <= 0 {
		opts.MaxFileSize = DefaultMaxFileSize
	}
	jobs, diags, notes := discover(roots, opts.Exclude)
	projects, jobDiags := parseAll(jobs, opts)
	proj := &model.Project{NotAnalysed: notes}
	for i := range jobs {
		proj.Merge(projects[i])
		diags = append(diags, jobDiags[i]...)
	}
	proj.Sort()
	diags.Sort()
	return proj, diags
}

// discover lists the parsing jobs under roots, each once, in a stable order.
func discover(roots []Root, exclude []string) ([]job, model.Diagnostics, []model.NotAnalysed) {
	var diags model.Diagnostics
	var notes []model.NotAnalysed
	var jobs []job
	seen := map[string]bool{}
	add := func(j job) {
		key := fmt.Sprintf("%t\x00%s\x00%s\x00%s", j.tf, j.root.Prefix, j.dir, j.file)
		if !seen[key] {
			seen[key] = true
			j.sortBy = key
			jobs = append(jobs, j)
		}
	}
	for _, r := range roots {
		if r.File != "" {
			if isTerraformFile(r.File) {
				add(job{root: r, dir: ".", tf: true})
			} else if isTemplateCandidate(r.File) {
				add(job{root: r, file: r.File})
			}
			continue
		}
		d, n := walk(r, exclude, add)
		diags = append(diags, d...)
		notes = append(notes, n...)
	}
	sort.SliceStable(jobs, func(i, j int) bool { return jobs[i].sortBy < jobs[j].sortBy })
	return jobs, diags, notes
}

// parseAll runs the jobs on opts.Workers goroutines; results are indexed
// like jobs, so the order does not depend on which finishes first.
func parseAll(jobs []job, opts Options) ([]*model.Project, []model.Diagnostics) {
	projects := make([]*model.Project, len(jobs))
	diags := make([]model.Diagnostics, len(jobs))
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				projects[i], diags[i] = runJob(jobs[i], opts)
			}
		}()
	}
	for i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()
	return projects, diags
}

// walk lists the Terraform modules and template candidates under r, and
// the links to them it cannot follow.
func walk(r Root, exclude []string, add func(job)) (model.Diagnostics, []model.NotAnalysed) {
	var diags model.Diagnostics
	var notes []model.NotAnalysed
	err := fs.WalkDir(r.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			diags = append(diags, fileDiag(display(r, p), "cannot read", err))
			if d != nil && d.IsDir() && p != "." {
				return fs.SkipDir
			}
			return nil
		}
		if p != "." && excluded(exclude, p) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if p != "." && skippedDirs[d.Name()] {
				return fs.SkipDir
			}
			return nil
		}
		candidate := isTerraformFile(p) || isTemplateCandidate(p)
		if !candidate && d.Type()&fs.ModeSymlink == 0 {
			return nil
		}
		ok, why := readable(r.FS, p, d)
		// Of the other links, those that are or may be folders (no
		// extension) might hold IaC: say they were not followed.
		if !candidate && why != linkToFolder && (why == "" || path.Ext(p) != "") {
			return nil
		}
		if !ok {
			if why != "" {
				notes = append(notes, model.NotAnalysed{Range: model.Range{Filename: display(r, p)}, What: display(r, p), Reason: why})
			}
			return nil
		}
		switch {
		case isTerraformFile(p):
			add(job{root: r, dir: path.Dir(p), tf: true})
		case isTemplateCandidate(p):
			add(job{root: r, file: p})
		}
		return nil
	})
	if err != nil {
		diags = append(diags, fileDiag(r.Prefix, "cannot walk", err))
	}
	return diags, notes
}

const linkToFolder = "a symbolic link to a folder is not followed; scan its target directly"

// readable reports whether the entry p is a regular file or a symbolic link
// to one inside the scanned folder (r.FS, an os.Root, refuses any other), and
// otherwise why it is not read; devices and pipes are passed over silently.
func readable(fsys fs.FS, p string, d fs.DirEntry) (ok bool, why string) {
	switch {
	case d.Type().IsRegular():
		return true, ""
	case d.Type()&fs.ModeSymlink == 0:
		return false, ""
	}
	info, err := fs.Stat(fsys, p)
	switch {
	case err != nil:
		return false, "a symbolic link that is broken or leaves the scanned folder is not followed; scan its target directly"
	case info.IsDir():
		return false, linkToFolder
	}
	return info.Mode().IsRegular(), ""
}

func excluded(patterns []string, p string) bool {
	for _, pat := range patterns {
		if ok, _ := doublestar.Match(pat, p); ok {
			return true
		}
	}
	return false
}

func isTerraformFile(name string) bool {
	return strings.HasSuffix(name, ".tf") || strings.HasSuffix(name, ".tf.json")
}

func isVarFile(name string) bool {
	return name == "terraform.tfvars" || name == "terraform.tfvars.json" ||
		strings.HasSuffix(name, ".auto.tfvars") || strings.HasSuffix(name, ".auto.tfvars.json")
}

func isTemplateCandidate(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".yaml", ".yml", ".json", ".template":
		return !isVarFile(path.Base(name))
	}
	return false
}

// display names a file of r for messages.
func display(r Root, p string) string {
	if r.Prefix == "" || r.Prefix == "." {
		return p
	}
	return path.Join(r.Prefix, p)
}

func fileDiag(name, what string, err error) model.Diagnostic {
	return model.Diagnostic{
		Severity: model.DiagError,
		Summary:  what + " " + name,
		Detail:   err.Error() + "; its contents were not analysed.",
		Subject:  model.Range{Filename: name},
	}
}

// runJob parses one module or template, turning a panic into a diagnostic
// so that one bad input never hides the findings of the others.
func runJob(j job, opts Options) (proj *model.Project, diags model.Diagnostics) {
	name := display(j.root, j.file)
	if j.tf {
		name = display(j.root, j.dir)
	}
	defer func() {
		if v := recover(); v != nil {
			proj = &model.Project{}
			diags = append(diags, model.Diagnostic{
				Severity: model.DiagError,
				Summary:  "internal error while parsing " + name,
				Detail:   fmt.Sprintf("%v; this input was not analysed. Please report it with the file.", v),
				Subject:  model.Range{Filename: name},
			})
		}
	}()
	if j.tf {
		return loadModule(j, opts)
	}
	return loadTemplate(j, opts, name)
}

func readFile(r Root, p string, limit int64) ([]byte, *model.Diagnostic) {
	name := display(r, p)
	if info, err := fs.Stat(r.FS, p); err == nil && info.Size() > limit {
		d := model.Diagnostic{
			Severity: model.DiagWarning,
			Summary:  "file too large: " + name,
			Detail:   fmt.Sprintf("%d bytes is over the limit of %d; it was not analysed.", info.Size(), limit),
			Subject:  model.Range{Filename: name},
		}
		return nil, &d
	}
	data, err := fs.ReadFile(r.FS, p)
	if err != nil {
		d := fileDiag(name, "cannot read", err)
		return nil, &d
	}
	return data, nil
}

func loadModule(j job, opts Options) (*model.Project, model.Diagnostics) {
	var diags model.Diagnostics
	entries, err := fs.ReadDir(j.root.FS, j.dir)
	if err != nil {
		return &model.Project{}, model.Diagnostics{fileDiag(display(j.root, j.dir), "cannot read", err)}
	}
	m := terraform.Module{Dir: display(j.root, j.dir)}
	if sub, err := fs.Sub(j.root.FS, j.dir); err == nil {
		m.FS = sub
	}
	var varFiles []terraform.SourceFile
	for _, e := range entries {
		name := e.Name()
		p := path.Join(j.dir, name)
		if !isTerraformFile(name) && !isVarFile(name) {
			continue
		}
		if ok, _ := readable(j.root.FS, p, e); !ok {
			continue // walk has said why
		}
		data, d := readFile(j.root, p, opts.MaxFileSize)
		if d != nil {
			diags = append(diags, *d)
			continue
		}
		sf := terraform.SourceFile{Name: display(j.root, p), Data: data}
		if isVarFile(name) {
			varFiles = append(varFiles, sf)
		} else {
			m.Files = append(m.Files, sf)
		}
	}
	// terraform.tfvars first, then *.auto.tfvars in lexical order: later wins.
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
		return &model.Project{}, diags
	}
	proj, d := terraform.LoadModule(m, opts.Terraform)
	return proj, append(diags, d...)
}

func loadTemplate(j job, opts Options, name string) (*model.Project, model.Diagnostics) {
	data, d := readFile(j.root, j.file, opts.MaxFileSize)
	if d != nil {
		return &model.Project{}, model.Diagnostics{*d}
	}
	if isPlan(data) {
		return &model.Project{NotAnalysed: []model.NotAnalysed{{
			Range:  model.Range{Filename: name, Start: model.Pos{Line: 1, Column: 1}},
			What:   name,
			Reason: "Terraform plan JSON (terraform show -json) is not analysed by this version; scan the configuration instead",
		}}}, nil
	}
	return cloudformation.Parse(name, data, opts.CloudFormation)
}

// isPlan recognises `terraform show -json` output.
func isPlan(data []byte) bool {
	head := data
	if len(head) > 4096 {
		head = head[:4096]
	}
	return bytes.HasPrefix(bytes.TrimSpace(head), []byte("{")) &&
		bytes.Contains(head, []byte(`"format_version"`)) && bytes.Contains(data, []byte(`"planned_values"`))
}
