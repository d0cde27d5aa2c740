package terraform

import (
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
		src := SourceFile{Name: name, Data: []byte(files[name])}
		switch {
		case strings.HasSuffix(name, ".tf"), strings.HasSuffix(name, ".tf.json"):
			m.Files = append(m.Files, src)
		case strings.HasSuffix(name, ".tfvars"), strings.HasSuffix(name, ".tfvars.json"):
			m.VarFiles = append(m.VarFiles, src)
		}
	}
	p, diags := LoadModule(m, opts)
	if p == nil {
		t.Fatal("LoadModule returned a nil project")
	}
	return p, diags
}

// onlyTable returns the single table of p.
func onlyTable(t *testing.T, p *model.Project, diags model.Diagnostics) *model.Table {
	t.Helper()
	if len(p.Tables) != 1 {
		t.Fatalf("got %d tables, want 1 (diagnostics: %v)", len(p.Tables), diags)
	}
	return p.Tables[0]
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
var cmpOpts = cmp.Options{
	cmpopts.IgnoreFields(model.Pos{}, "Byte"),
	cmpopts.IgnoreFields(model.KeyRef{}, "Key"),
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
