// Package parser finds the infrastructure-as-code files under the scanned
// paths, builds the call graph of the Terraform modules among them, hands
// each root module (with its tree of local modules) and each template to the
// parser of its format, and merges what they find into one model.Project.
// It reads through io/fs; Load is the thin edge that opens the operating
// system's files.
package parser

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/dynamoguard/dynamoguard/model"
	"github.com/dynamoguard/dynamoguard/parser/cloudformation"
	"github.com/dynamoguard/dynamoguard/parser/terraform"
)

// DefaultMaxFileSize is the size above which a file is not read.
const DefaultMaxFileSize = 10 << 20

// Options control discovery and parsing.
type Options struct {
	// Exclude holds doublestar globs (`**/test/**`, `legacy/*.tf`); a file or
	// folder whose path relative to the scanned path matches one is skipped.
	Exclude []string
	// ExcludeRoot holds doublestar globs matched against paths relative to
	// the scan root (the configuration file's exclude).
	ExcludeRoot []string
	// Terraform and CloudFormation are passed to the format parsers.
	Terraform      terraform.Options
	CloudFormation cloudformation.Options
	// Workers is how many modules or templates are parsed at once; 0 means
	// one per CPU.
	Workers int
	// MaxFileSize is the largest file read, in bytes; 0 means
	// DefaultMaxFileSize. Terraform plan and state JSON is streamed and
	// has no limit.
	MaxFileSize int64
	// PlanConfig is the folder of the Terraform configuration the plans
	// scanned were made from, within the scan root; "" means the folder of
	// each plan when it holds Terraform files.
	PlanConfig string
}

// Input is what to scan: Paths (folders or files, slash-separated, "." for
// all) within FS, the scan root. Every range of the model names its file by
// its path within FS.
type Input struct {
	FS    fs.FS
	Paths []string
}

// skippedDirs are never descended into.
var skippedDirs = map[string]bool{".git": true, ".terraform": true, "node_modules": true, ".terragrunt-cache": true}

// ErrNotExist is returned by Load for a path that does not exist.
var ErrNotExist = errors.New("path does not exist")

// ScanRoot returns the scan root of paths, as an absolute path: the root
// of the git work tree that holds them all, else the folder that holds
// them all (a file's folder for a file). It reports a path that does not
// exist.
func ScanRoot(paths []string) (string, error) {
	var dirs []string
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return "", fmt.Errorf("%s: %w", p, ErrNotExist)
			}
			return "", fmt.Errorf("scan %s: %w", p, err)
		}
		abs, err := filepath.Abs(p)
		if err != nil {
			return "", fmt.Errorf("scan %s: %w", p, err)
		}
		if !info.IsDir() {
			abs = filepath.Dir(abs)
		}
		dirs = append(dirs, abs)
	}
	common := dirs[0]
	for _, d := range dirs[1:] {
		for !within(common, d) {
			common = filepath.Dir(common)
		}
	}
	for d := common; ; d = filepath.Dir(d) {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return common, nil
		}
	}
}

// within reports whether p is dir or below it.
func within(dir, p string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// Load scans paths of the operating system's file system below root (see
// ScanRoot). The error is for a path that cannot be scanned at all;
// everything else is a diagnostic.
func Load(root string, paths []string, opts Options) (*model.Project, model.Diagnostics, error) {
	r, err := os.OpenRoot(root)
	if err != nil {
		return nil, nil, fmt.Errorf("scan %s: %w", root, err)
	}
	defer func() { _ = r.Close() }()
	in := Input{FS: r.FS()}
	for _, p := range paths {
		rel, err := RelPath(root, p)
		if err != nil {
			return nil, nil, err
		}
		in.Paths = append(in.Paths, rel)
	}
	// os.Root keeps every read, file() and templatefile() included,
	// inside the scan root, whatever links it holds.
	proj, diags := LoadFS(in, opts)
	return proj, diags, nil
}

// RelPath returns p (relative to the working directory, or absolute) as a
// slash-separated path relative to root.
func RelPath(root, p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", fmt.Errorf("scan %s: %w", p, err)
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil || !within(root, abs) {
		return "", fmt.Errorf("scan %s: not below the scan root %s", p, root)
	}
	return filepath.ToSlash(rel), nil
}

// discovery is what the walk found.
type discovery struct {
	in    Input
	opts  Options
	diags model.Diagnostics
	notes []model.NotAnalysed
	// tfDirs are the Terraform folders of the scanned paths; context are
	// the other Terraform folders of the scan root, read for the module
	// call graph when files are named.
	tfDirs, context map[string]bool
	templates       map[string]bool
	// named is set when a Terraform file is named as a path, and
	// namedTemplate when a template candidate is; contextTemplates are then
	// the other template candidates of the scan root, read for the nested
	// stacks that lead to the named ones.
	named, namedTemplate bool
	contextTemplates     map[string]bool
	// plans are the Terraform plan and state JSON files of the scanned
	// paths.
	plans map[string]bool
}

// LoadFS discovers and parses the IaC files of in. It never returns a nil
// project.
func LoadFS(in Input, opts Options) (*model.Project, model.Diagnostics) {
	if opts.MaxFileSize <= 0 {
		opts.MaxFileSize = DefaultMaxFileSize
	}
	d := &discovery{in: in, opts: opts, tfDirs: map[string]bool{}, context: map[string]bool{}, templates: map[string]bool{},
		contextTemplates: map[string]bool{}, plans: map[string]bool{}}
	d.discover()
	l := newLoading(d)
	l.readFolders()
	roots := l.roots()
	projects, diags := l.run(roots, l.uses)
	// A folder the call graph took for called, but that no tree loaded,
	// is a root of its own.
	if extra, uses := l.unloaded(); len(extra) > 0 {
		p, ds := l.run(extra, uses)
		projects, diags = append(projects, p...), append(diags, ds...)
	}
	plans, planDiags, covered := l.runPlans(sortedKeys(d.plans))
	for _, p := range projects {
		covered.remove(p)
	}
	projects, diags = append(projects, plans...), append(diags, planDiags...)
	p, ds := l.runTemplates(sortedKeys(d.templates), sortedKeys(d.contextTemplates))
	projects, diags = append(projects, p...), append(diags, ds...)
	proj := &model.Project{NotAnalysed: d.notes}
	all := append(model.Diagnostics(nil), d.diags...)
	for _, dir := range sortedKeys(l.folders) {
		f := l.folders[dir]
		if d.tfDirs[dir] || !d.context[dir] {
			proj.Files = append(proj.Files, f.files...)
		}
		all = append(all, f.diags...)
	}
	for i := range projects {
		proj.Merge(projects[i])
		all = append(all, diags[i]...)
	}
	proj.Sort()
	all = all.Unique()
	return proj, all
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// discover walks the scanned paths for Terraform folders and template
// candidates; when a Terraform file or a template is named, the whole scan
// root is walked for the folders that may call its folder and the templates
// that may nest it.
func (d *discovery) discover() {
	for _, p := range d.in.Paths {
		info, err := fs.Stat(d.in.FS, p)
		if err != nil {
			d.diags = append(d.diags, fileDiag(p, "cannot read", err))
			continue
		}
		if info.IsDir() {
			d.walk(p, d.opts.Exclude, false)
			continue
		}
		if !info.Mode().IsRegular() {
			d.diags = append(d.diags, specialDiag(p, info.Mode()))
			continue
		}
		switch {
		case isTerraformFile(p):
			d.tfDirs[path.Dir(p)] = true
			d.named = true
		case isPlanFile(d.in.FS, p):
			d.plans[p] = true
		case isTemplateCandidate(p):
			d.templates[p] = true
			d.namedTemplate = true
		}
	}
	if d.named || d.namedTemplate {
		d.walk(".", nil, true)
	}
}

// walk lists the Terraform folders and template candidates under dir, and
// the links to them it cannot follow. exclude holds globs relative to dir.
// A context walk lists the Terraform folders (when a Terraform file is
// named) and the templates (when a template is) as context.
func (d *discovery) walk(dir string, exclude []string, context bool) {
	dirs := d.tfDirs
	if context {
		dirs = d.context
	}
	err := fs.WalkDir(d.in.FS, dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			d.diags = append(d.diags, fileDiag(p, "cannot read", err))
			if e != nil && e.IsDir() && p != dir {
				return fs.SkipDir
			}
			return nil
		}
		rel := relTo(dir, p)
		if p != dir && (excluded(exclude, rel) || excluded(d.opts.ExcludeRoot, p)) {
			if e.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if e.IsDir() {
			if p != dir && skippedDirs[e.Name()] {
				return fs.SkipDir
			}
			return nil
		}
		candidate := isTerraformFile(p) || isTemplateCandidate(p)
		if !candidate && e.Type()&fs.ModeSymlink == 0 {
			return nil
		}
		ok, why := readable(d.in.FS, p, e)
		// Of the other links, those that are or may be folders (no
		// extension) might hold IaC: say they were not followed.
		if !candidate && why != linkToFolder && (why == "" || path.Ext(p) != "") {
			return nil
		}
		if !ok {
			if why != "" && !context {
				d.notes = append(d.notes, model.NotAnalysed{Range: model.Range{Filename: p}, What: p, Reason: why})
			}
			return nil
		}
		switch {
		case isTerraformFile(p) && (!context || d.named):
			dirs[path.Dir(p)] = true
		case isTemplateCandidate(p) && !context && isPlanFile(d.in.FS, p):
			d.plans[p] = true
		case isTemplateCandidate(p) && !context:
			d.templates[p] = true
		case isTemplateCandidate(p) && d.namedTemplate && !d.templates[p] && !isPlanFile(d.in.FS, p):
			d.contextTemplates[p] = true
		}
		return nil
	})
	if err != nil {
		d.diags = append(d.diags, fileDiag(dir, "cannot walk", err))
	}
}

// relTo is p relative to dir, both within the scan root.
func relTo(dir, p string) string {
	if dir == "." {
		return p
	}
	return strings.TrimPrefix(p, dir+"/")
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

func fileDiag(name, what string, err error) model.Diagnostic {
	return model.Diagnostic{
		Severity: model.DiagError,
		Summary:  what + " " + name,
		Detail:   err.Error() + "; its contents were not analysed.",
		Subject:  model.Range{Filename: name},
	}
}

func readFile(fsys fs.FS, p string, limit int64) ([]byte, *model.Diagnostic) {
	name := p
	info, err := fs.Stat(fsys, p)
	if err != nil {
		d := fileDiag(name, "cannot read", err)
		return nil, &d
	}
	if !info.Mode().IsRegular() {
		d := specialDiag(name, info.Mode())
		return nil, &d
	}
	if info.Size() > limit {
		d := model.Diagnostic{
			Severity: model.DiagWarning,
			Summary:  "file too large: " + name,
			Detail:   fmt.Sprintf("%d bytes is over the limit of %d; it was not analysed (raise the limit with --max-file-size).", info.Size(), limit),
			Subject:  model.Range{Filename: name},
		}
		return nil, &d
	}
	f, err := fsys.Open(p)
	if err != nil {
		d := fileDiag(name, "cannot read", err)
		return nil, &d
	}
	defer func() { _ = f.Close() }()
	// The file may have grown since it was measured: read one byte more
	// than the limit at most, into a buffer of the size measured, and
	// room for the read that finds its end.
	var buf bytes.Buffer
	buf.Grow(int(min(info.Size(), limit)) + bytes.MinRead)
	_, err = buf.ReadFrom(io.LimitReader(f, limit+1))
	data := buf.Bytes()
	switch {
	case err != nil:
		d := fileDiag(name, "cannot read", err)
		return nil, &d
	case int64(len(data)) > limit:
		d := model.Diagnostic{
			Severity: model.DiagWarning,
			Summary:  "file too large: " + name,
			Detail:   fmt.Sprintf("It is over the limit of %d bytes; it was not analysed (raise the limit with --max-file-size).", limit),
			Subject:  model.Range{Filename: name},
		}
		return nil, &d
	}
	if at, ok := notText(data); ok {
		d := model.Diagnostic{
			Severity: model.DiagWarning,
			Summary:  "not UTF-8 text: " + name,
			Detail:   "The file holds a NUL byte or a byte sequence that is not UTF-8: it is binary or in another encoding, and was not analysed.",
			Subject:  model.Range{Filename: name, Start: at, End: at},
		}
		return nil, &d
	}
	return data, nil
}

// notText reports where data first holds a NUL byte or is not valid UTF-8.
func notText(data []byte) (model.Pos, bool) {
	bad := bytes.IndexByte(data, 0)
	if utf8.Valid(data) && bad < 0 {
		return model.Pos{}, false
	}
	for i := 0; i < len(data) && (bad < 0 || i < bad); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			bad = i
			break
		}
		i += n
	}
	line := 1 + bytes.Count(data[:bad], []byte{'\n'})
	col := 1 + utf8.RuneCount(data[bytes.LastIndexByte(data[:bad], '\n')+1:bad])
	return model.Pos{Line: line, Column: col, Byte: bad}, true
}

// specialDiag says that a file that is not regular was not opened: a pipe
// or a device could block the scan or never end.
func specialDiag(name string, m fs.FileMode) model.Diagnostic {
	return model.Diagnostic{
		Severity: model.DiagWarning,
		Summary:  "not a regular file: " + name,
		Detail:   fmt.Sprintf("It is a %s, which is never opened; it was not analysed.", fileKind(m)),
		Subject:  model.Range{Filename: name},
	}
}

// fileKind names what a file that is not regular is.
func fileKind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "named pipe"
	case m&fs.ModeSocket != 0:
		return "socket"
	case m&fs.ModeDevice != 0:
		return "device"
	case m.IsDir():
		return "folder"
	}
	return "special file"
}

func loadTemplate(fsys fs.FS, name string, opts Options) (*model.Project, model.Diagnostics) {
	data, d := readFile(fsys, name, opts.MaxFileSize)
	if d != nil {
		return &model.Project{}, model.Diagnostics{*d}
	}
	return cloudformation.Parse(name, data, opts.CloudFormation)
}
