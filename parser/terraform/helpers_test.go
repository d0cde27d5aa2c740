package terraform

import (
	"io/fs"
	"path"
	"reflect"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/dynamoguard/dynamoguard/model"
)

// loadFiles loads a module made of files (name → content). Names ending in
// .tf or .tf.json are configuration, names ending in .tfvars or
// .tfvars.json are var files (in name order), everything is in the FS.
func loadFiles(t *testing.T, files map[string]string, opts Options) (*model.Project, model.Diagnostics) {
	t.Helper()
	names := make([]string, 0, len(files))
	fsys := fstest.MapFS{}
	for name, text := range files {
		names = append(names, name)
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	sort.Strings(names)
	m := Module{Dir: ".", FS: fsys}
	for _, name := range names {
		if strings.Contains(name, "/") {
			continue // a file of a child module folder, or of file()
		}
		src := SourceFile{Name: name, Data: []byte(files[name])}
		switch {
		case strings.HasSuffix(name, ".tf"), strings.HasSuffix(name, ".tf.json"):
			m.Files = append(m.Files, src)
		case strings.HasSuffix(name, ".tfvars"), strings.HasSuffix(name, ".tfvars.json"):
			m.VarFiles = append(m.VarFiles, src)
		}
	}
	p, diags := loadModule(m, opts)
	if p == nil {
		t.Fatal("loadModule returned a nil project")
	}
	return p, diags
}

// loadModule parses m and loads it as a root module whose local module
// sources name folders of m.FS, linked, with parse and evaluation
// diagnostics together.
func loadModule(m Module, opts Options) (*model.Project, model.Diagnostics) {
	root := Parse(m)
	resolve := func(from *Parsed, source string) (*Parsed, string) {
		dir := path.Clean(path.Join(from.Dir(), source))
		if dir == ".." || strings.HasPrefix(dir, "../") {
			return nil, "leaves the scan root, which is not read"
		}
		if m.FS == nil {
			return nil, "no file system"
		}
		sub, err := fs.Sub(m.FS, dir)
		if err != nil {
			return nil, err.Error()
		}
		entries, err := fs.ReadDir(m.FS, dir)
		if err != nil {
			return nil, "does not exist"
		}
		child := Module{Dir: dir, FS: sub}
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".tf") {
				data, _ := fs.ReadFile(m.FS, path.Join(dir, e.Name()))
				child.Files = append(child.Files, SourceFile{Name: path.Join(dir, e.Name()), Data: data})
			}
		}
		return Parse(child), ""
	}
	p, diags := LoadTree(root, resolve, opts)
	p.Files = root.Files()
	model.Link(p)
	all := append(append(model.Diagnostics(nil), root.Diagnostics()...), diags...)
	all.Sort()
	return p, all
}

// onlyTable returns the single table of p.
func onlyTable(t *testing.T, p *model.Project, diags model.Diagnostics) *model.Table {
	t.Helper()
	if len(p.DynamoDB.Tables) != 1 {
		t.Fatalf("got %d tables, want 1 (diagnostics: %v)", len(p.DynamoDB.Tables), diags)
	}
	return p.DynamoDB.Tables[0]
}

// rng is a range in main.tf from line:col to endLine:endCol.
func rng(line, col, endLine, endCol int) model.Range {
	return model.Range{
		Filename: "main.tf",
		Start:    model.Pos{Line: line, Column: col},
		End:      model.Pos{Line: endLine, Column: endCol},
	}
}

// cmpOpts compare model values ignoring byte offsets and key pointers.
// The attribute paths, references and origins of values have tests of
// their own.
var cmpOpts = cmp.Options{
	cmpopts.IgnoreFields(model.Pos{}, "Byte"),
	cmpopts.IgnoreFields(model.KeyRef{}, "Key"),
	cmpopts.IgnoreFields(model.Meta{}, "Path", "Refs", "Origins"),
	cmpopts.IgnoreFields(model.Resource{}, "Scope", "Layout"), // TestBlockLayout
	cmpopts.IgnoreFields(model.Replica{}, "Label"),
	// A KeyRef's state follows from its kind.
	cmp.FilterPath(func(p cmp.Path) bool {
		n := len(p)
		return n >= 3 && p.Last().String() == ".State" && p.Index(n-3).Type() == reflect.TypeFor[model.KeyRef]()
	}, cmp.Ignore()),
	cmpopts.EquateEmpty(),
}

func diff(want, got any) string { return cmp.Diff(want, got, cmpOpts) }

// warnings returns the summaries of the warnings in diags.
func warnings(diags model.Diagnostics) []string {
	var out []string
	for _, d := range diags {
		if d.Severity == model.DiagWarning {
			out = append(out, d.Summary)
		}
	}
	return out
}
