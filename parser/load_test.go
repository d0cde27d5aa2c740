package parser

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/dynamoguard/dynamoguard/model"
)

const table = `resource "aws_dynamodb_table" "t" {
  name     = "t"
  hash_key = "pk"
}
`

const template = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  T:
    Type: AWS::DynamoDB::Table
`

func mapFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data), Mode: 0o644}
	}
	return fsys
}

func paths(p *model.Project) []string {
	var out []string
	for _, f := range p.Files {
		out = append(out, f.Path)
	}
	return out
}

func addresses(p *model.Project) []string {
	var out []string
	for _, t := range p.Tables {
		out = append(out, t.Range.Filename+" "+t.Address)
	}
	return out
}

func TestDiscovery(t *testing.T) {
	fsys := mapFS(map[string]string{
		"infra/main.tf":                      table,
		"infra/vars.tf":                      `variable "x" { default = 1 }`,
		"infra/terraform.tfvars":             "x = 2\n",
		"infra/.terraform/modules/m/main.tf": table,
		"node_modules/pkg/template.yaml":     template,
		".git/x.tf":                          table,
		"stacks/app.yaml":                    template,
		"stacks/app.template":                template,
		"cdk.out/App.template.json":          `{"Resources": {"T": {"Type": "AWS::DynamoDB::Table"}}}`,
		"cdk.out/manifest.json":              `{"version": "36.0.0", "Resources": 1}`,
		".github/workflows/ci.yml":           "on: push\njobs: {}\n",
		"legacy/old.tf":                      table,
		"docs/readme.md":                     "Resources: AWS::DynamoDB::Table\n",
	})
	proj, diags := LoadFS([]Root{{FS: fsys, Prefix: "repo"}}, Options{Exclude: []string{"legacy/**"}})
	if len(diags) > 0 {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	want := []string{
		"repo/cdk.out/App.template.json",
		"repo/infra/main.tf",
		"repo/infra/vars.tf",
		"repo/stacks/app.template",
		"repo/stacks/app.yaml",
	}
	if d := cmp.Diff(want, paths(proj)); d != "" {
		t.Errorf("files (-want +got):\n%s", d)
	}
	wantTables := []string{
		"repo/cdk.out/App.template.json T",
		"repo/infra/main.tf aws_dynamodb_table.t",
		"repo/stacks/app.template T",
		"repo/stacks/app.yaml T",
	}
	if d := cmp.Diff(wantTables, addresses(proj)); d != "" {
		t.Errorf("tables (-want +got):\n%s", d)
	}
}

func TestSingleFileRootsShareTheirModule(t *testing.T) {
	fsys := mapFS(map[string]string{"a.tf": table, "b.tf": `resource "aws_kms_key" "k" {}`})
	proj, diags := LoadFS([]Root{{FS: fsys, Prefix: "m", File: "a.tf"}, {FS: fsys, Prefix: "m", File: "b.tf"}}, Options{})
	if len(diags) > 0 {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	// Both files name the same module: it is loaded once, with both files.
	if d := cmp.Diff([]string{"m/a.tf", "m/b.tf"}, paths(proj)); d != "" {
		t.Errorf("files (-want +got):\n%s", d)
	}
	if len(proj.Tables) != 1 || len(proj.KMSKeys) != 1 {
		t.Errorf("got %d tables and %d keys, want 1 and 1", len(proj.Tables), len(proj.KMSKeys))
	}
}

func TestPlanJSONIsNotAnalysed(t *testing.T) {
	fsys := mapFS(map[string]string{"plan.json": `{"format_version": "1.2", "planned_values": {"root_module": {}}}`})
	proj, diags := LoadFS([]Root{{FS: fsys}}, Options{})
	if len(diags) > 0 || len(proj.Files) > 0 {
		t.Fatalf("diagnostics %v, files %v: want neither", diags, proj.Files)
	}
	if len(proj.NotAnalysed) != 1 || !strings.Contains(proj.NotAnalysed[0].Reason, "plan") {
		t.Errorf("NotAnalysed = %v, want the plan listed", proj.NotAnalysed)
	}
}

func TestLargeFileIsSkippedWithADiagnostic(t *testing.T) {
	fsys := mapFS(map[string]string{"big.tf": table + strings.Repeat("# padding\n", 100), "ok.yaml": template})
	proj, diags := LoadFS([]Root{{FS: fsys}}, Options{MaxFileSize: 200})
	if len(diags) != 1 || diags[0].Subject.Filename != "big.tf" || !strings.Contains(diags[0].Summary, "too large") {
		t.Fatalf("diagnostics = %v, want one for big.tf", diags)
	}
	if d := cmp.Diff([]string{"ok.yaml"}, paths(proj)); d != "" {
		t.Errorf("files (-want +got):\n%s", d)
	}
}

func TestDeterministicWhateverTheWorkers(t *testing.T) {
	files := map[string]string{}
	for _, d := range []string{"a", "b", "c", "d", "e", "f", "g", "h"} {
		files[d+"/main.tf"] = table
		files[d+".yaml"] = template
	}
	fsys := mapFS(files)
	one, _ := LoadFS([]Root{{FS: fsys}}, Options{Workers: 1})
	many, _ := LoadFS([]Root{{FS: fsys}}, Options{Workers: 8})
	if d := cmp.Diff(addresses(one), addresses(many)); d != "" {
		t.Errorf("tables differ between 1 and 8 workers (-1 +8):\n%s", d)
	}
}

func TestLoadFromDisk(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(table), 0o644); err != nil {
		t.Fatal(err)
	}
	// A link out of the scanned folder is not followed.
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret.tf"), []byte(table), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "link")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	// A link to a file inside it is followed (a shared providers.tf);
	// one to a file outside is not, and is said not analysed.
	if err := os.WriteFile(filepath.Join(dir, "shared.tf.txt"), []byte(`resource "aws_kms_key" "k" {}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("shared.tf.txt", filepath.Join(dir, "kms.tf")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "secret.tf"), filepath.Join(dir, "escape.tf")); err != nil {
		t.Fatal(err)
	}
	proj, diags, err := Load([]string{dir}, Options{})
	if err != nil || len(diags) > 0 {
		t.Fatalf("Load: %v %v", err, diags)
	}
	base := filepath.ToSlash(dir)
	if d := cmp.Diff([]string{base + "/kms.tf", base + "/main.tf"}, paths(proj)); d != "" {
		t.Errorf("files (-want +got):\n%s", d)
	}
	if len(proj.KMSKeys) != 1 {
		t.Errorf("got %d KMS keys, want the linked one", len(proj.KMSKeys))
	}
	var notes []string
	for _, n := range proj.NotAnalysed {
		notes = append(notes, n.What)
	}
	if d := cmp.Diff([]string{base + "/escape.tf", base + "/link"}, notes); d != "" {
		t.Errorf("not analysed (-want +got):\n%s", d)
	}
	if _, _, err := Load([]string{filepath.Join(dir, "missing")}, Options{}); !errors.Is(err, ErrNotExist) {
		t.Errorf("Load(missing) error = %v, want ErrNotExist", err)
	}
}
