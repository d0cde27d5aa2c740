package parser

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
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

// prefixed puts every file of fsys below dir.
func prefixed(dir string, fsys fstest.MapFS) fstest.MapFS {
	out := fstest.MapFS{}
	for name, f := range fsys {
		out[dir+"/"+name] = f
	}
	return out
}

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
	for _, t := range p.DynamoDB.Tables {
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
	proj, diags := LoadFS(Input{FS: prefixed("repo", fsys), Paths: []string{"repo"}}, Options{Exclude: []string{"legacy/**"}})
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
	fsys := mapFS(map[string]string{"m/a.tf": table, "m/b.tf": `resource "aws_kms_key" "k" {}`})
	proj, diags := LoadFS(Input{FS: fsys, Paths: []string{"m/a.tf", "m/b.tf"}}, Options{})
	if len(diags) > 0 {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	// Both files name the same module: it is loaded once, with both files.
	if d := cmp.Diff([]string{"m/a.tf", "m/b.tf"}, paths(proj)); d != "" {
		t.Errorf("files (-want +got):\n%s", d)
	}
	if len(proj.DynamoDB.Tables) != 1 || len(proj.KMS.Keys) != 1 {
		t.Errorf("got %d tables and %d keys, want 1 and 1", len(proj.DynamoDB.Tables), len(proj.KMS.Keys))
	}
}

func TestPlanJSONIsRead(t *testing.T) {
	plan := `{"format_version": "1.2", "terraform_version": "1.9.8", "planned_values": {"root_module": {}},
  "resource_changes": [{"address": "aws_dynamodb_table.t", "mode": "managed", "type": "aws_dynamodb_table", "name": "t",
    "change": {"actions": ["create"], "after": {"name": "t", "billing_mode": "PAY_PER_REQUEST"}, "after_unknown": {"arn": true}}}]}`
	fsys := mapFS(map[string]string{"plan/plan.json": plan})
	proj, diags := LoadFS(Input{FS: fsys, Paths: []string{"."}}, Options{})
	if len(diags) > 0 {
		t.Fatalf("diagnostics %v", diags)
	}
	if d := cmp.Diff([]model.File{{Path: "plan/plan.json", Kind: model.Plan, Parsed: true}}, proj.Files); d != "" {
		t.Errorf("files (-want +got):\n%s", d)
	}
	if len(proj.DynamoDB.Tables) != 1 || proj.DynamoDB.Tables[0].Range.Filename != "plan/plan.json" {
		t.Errorf("tables = %v, want the plan's table in the plan", proj.DynamoDB.Tables)
	}
}

func TestPlanBesideItsConfigurationWins(t *testing.T) {
	plan := `{"format_version": "1.2", "resource_changes": [{"address": "aws_dynamodb_table.t", "mode": "managed",
    "type": "aws_dynamodb_table", "name": "t", "change": {"actions": ["no-op"], "after": {"name": "t", "billing_mode": "PROVISIONED"}}}]}`
	fsys := mapFS(map[string]string{"infra/main.tf": table, "infra/plan.json": plan})
	proj, diags := LoadFS(Input{FS: fsys, Paths: []string{"."}}, Options{})
	if len(diags) > 0 {
		t.Fatalf("diagnostics %v", diags)
	}
	if len(proj.DynamoDB.Tables) != 1 {
		t.Fatalf("got %d tables, want the plan's one only", len(proj.DynamoDB.Tables))
	}
	got := proj.DynamoDB.Tables[0]
	if got.BillingMode.Value != "PROVISIONED" || got.Range.Filename != "infra/main.tf" {
		t.Errorf("table billing mode %q at %s, want the plan's PROVISIONED at the .tf source", got.BillingMode.Value, got.Range)
	}
}

func TestPlanCoversARemoteModule(t *testing.T) {
	main := `module "store" {
  source = "terraform-aws-modules/dynamodb-table/aws"
  name   = "store"
}
`
	plan := `{"format_version": "1.2", "resource_changes": [{"address": "module.store.aws_dynamodb_table.this[0]",
    "module_address": "module.store", "mode": "managed", "type": "aws_dynamodb_table", "name": "this", "index": 0,
    "change": {"actions": ["create"], "after": {"name": "store", "billing_mode": "PAY_PER_REQUEST"}, "after_unknown": {"arn": true}}}]}`
	fsys := mapFS(map[string]string{"infra/main.tf": main, "infra/plan.json": plan})
	proj, diags := LoadFS(Input{FS: fsys, Paths: []string{"."}}, Options{})
	if len(diags) > 0 {
		t.Fatalf("diagnostics %v", diags)
	}
	if len(proj.NotAnalysed) > 0 {
		t.Errorf("not analysed %v, want none: the plan holds the remote module's resources", proj.NotAnalysed)
	}
	if len(proj.DynamoDB.Tables) != 1 {
		t.Fatalf("tables %v, want the remote module's", proj.DynamoDB.Tables)
	}
	got := proj.DynamoDB.Tables[0]
	if got.Range.Filename != "infra/plan.json" || len(got.CalledFrom) != 1 || got.CalledFrom[0].Range.Filename != "infra/main.tf" {
		t.Errorf("table at %s called from %v, want it in the plan, called from the module block", got.Range, got.CalledFrom)
	}
}

func TestLargeFileIsSkippedWithADiagnostic(t *testing.T) {
	fsys := mapFS(map[string]string{"big.tf": table + strings.Repeat("# padding\n", 100), "ok.yaml": template})
	proj, diags := LoadFS(Input{FS: fsys, Paths: []string{"."}}, Options{MaxFileSize: 200})
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
	one, _ := LoadFS(Input{FS: fsys, Paths: []string{"."}}, Options{Workers: 1})
	many, _ := LoadFS(Input{FS: fsys, Paths: []string{"."}}, Options{Workers: 8})
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
	proj, diags, err := Load(dir, []string{dir}, Options{})
	if err != nil || len(diags) > 0 {
		t.Fatalf("Load: %v %v", err, diags)
	}
	if d := cmp.Diff([]string{"kms.tf", "main.tf"}, paths(proj)); d != "" {
		t.Errorf("files (-want +got):\n%s", d)
	}
	if len(proj.KMS.Keys) != 1 {
		t.Errorf("got %d KMS keys, want the linked one", len(proj.KMS.Keys))
	}
	var notes []string
	for _, n := range proj.NotAnalysed {
		notes = append(notes, n.What)
	}
	if d := cmp.Diff([]string{"escape.tf", "link"}, notes); d != "" {
		t.Errorf("not analysed (-want +got):\n%s", d)
	}
	if _, err := ScanRoot([]string{filepath.Join(dir, "missing")}); !errors.Is(err, ErrNotExist) {
		t.Errorf("ScanRoot(missing) error = %v, want ErrNotExist", err)
	}
}

func TestScanRootIsTheGitWorkTree(t *testing.T) {
	repo := t.TempDir()
	for _, d := range []string{".git", "infra/db"} {
		if err := os.MkdirAll(filepath.Join(repo, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	root, err := ScanRoot([]string{filepath.Join(repo, "infra", "db")})
	if err != nil || root != repo {
		t.Errorf("ScanRoot = %q, %v; want the work tree %q", root, err, repo)
	}
	plain := t.TempDir()
	if err := os.MkdirAll(filepath.Join(plain, "a"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(plain, "b"), 0o755); err != nil {
		t.Fatal(err)
	}
	root, err = ScanRoot([]string{filepath.Join(plain, "a"), filepath.Join(plain, "b")})
	if err != nil || root != plain {
		t.Errorf("ScanRoot = %q, %v; want the common folder %q", root, err, plain)
	}
}

func TestModuleCallGraph(t *testing.T) {
	child := "variable \"name\" {}\nresource \"aws_dynamodb_table\" \"t\" {\n  name = var.name\n}\n"
	fsys := mapFS(map[string]string{
		"envs/prod/main.tf":     "module \"app\" {\n  source = \"../../modules/app\"\n  name = \"prod\"\n}\n",
		"envs/stg/main.tf":      "module \"app\" {\n  source = \"../../modules/app\"\n  name = \"stg\"\n}\n",
		"modules/app/main.tf":   "module \"table\" {\n  source = \"../table\"\n  name = var.name\n}\nvariable \"name\" {}\n",
		"modules/table/main.tf": child,
		"unused/main.tf":        child,
	})
	for _, workers := range []int{1, 8} {
		proj, diags := LoadFS(Input{FS: fsys, Paths: []string{"."}}, Options{Workers: workers})
		if len(diags) > 0 {
			t.Fatalf("unexpected diagnostics: %v", diags)
		}
		var got []string
		for _, tb := range proj.DynamoDB.Tables {
			got = append(got, tb.Scope+" "+tb.Address+" "+tb.Name.Value)
		}
		// The called folders are not roots of their own; a folder called by
		// nobody is, and its unset variable stays unknown.
		want := []string{
			"envs/prod module.app.module.table.aws_dynamodb_table.t prod",
			"envs/stg module.app.module.table.aws_dynamodb_table.t stg",
			"unused aws_dynamodb_table.t ",
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("%d workers: tables (-want +got):\n%s", workers, d)
		}
	}
	// Naming the child's file evaluates the roots that call it.
	proj, _ := LoadFS(Input{FS: fsys, Paths: []string{"modules/table/main.tf"}}, Options{})
	if len(proj.DynamoDB.Tables) != 2 || proj.DynamoDB.Tables[0].Scope != "envs/prod" {
		t.Errorf("tables %v, want the two instances from envs/prod and envs/stg", addresses(proj))
	}
}

// TestCallGraphFallback: a folder the text pass takes for called (a
// commented-out module block) but that no tree loads is evaluated as a
// root of its own, never left out.
func TestCallGraphFallback(t *testing.T) {
	fsys := mapFS(map[string]string{
		"root/main.tf":  "# module \"old\" {\n#   source = \"../child\"\n# }\nresource \"aws_kms_key\" \"k\" {}\n",
		"child/main.tf": table,
	})
	proj, diags := LoadFS(Input{FS: fsys, Paths: []string{"."}}, Options{})
	if len(diags) > 0 {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	if d := cmp.Diff([]string{"child/main.tf aws_dynamodb_table.t"}, addresses(proj)); d != "" {
		t.Errorf("tables (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"child/main.tf", "root/main.tf"}, paths(proj)); d != "" {
		t.Errorf("files (-want +got):\n%s", d)
	}
}

// TestLocalSources checks the cheap pass that finds local module sources
// in Terraform text before it is parsed.
func TestLocalSources(t *testing.T) {
	cases := []struct {
		text string
		want []string
	}{
		{"module \"a\" {\n  source = \"./a\"\n}\nmodule \"b\" {\n  source=\"../b/c\"\n}\n", []string{"./a", "../b/c"}},
		{`{"module": {"a": {"source": "./mods/a"}}}`, []string{"./mods/a"}},
		{"source = \"./first\"", []string{"./first"}},
		{"module \"r\" {\n  source = \"git::https://example.com/m.git\"\n}\n", nil},
		{"resource_source = \"./not\"\nsources = \"./not\"\n", nil},
		{"module \"m\" {\n  source = \"./source\"\n}\n", []string{"./source"}},
		{"no module here", nil},
	}
	for _, c := range cases {
		if got := localSources([]byte(c.text)); !slices.Equal(got, c.want) {
			t.Errorf("localSources(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}
