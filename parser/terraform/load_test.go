package terraform

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dynamoguard/dynamoguard/model"
)

// TestSyntaxErrorInOneFile: a file with syntax errors gives diagnostics and
// nothing else (what HCL recovers from it may lack attributes, which would
// read as absent); the other files are loaded in full.
func TestSyntaxErrorInOneFile(t *testing.T) {
	files := map[string]string{
		"bad.tf": `resource "aws_dynamodb_table" "partial" {
  name = "partial"
}
resource "aws_dynamodb_table" "broken" {
  name = "broken
}
`,
		"broken.tf.json": `{"resource": `,
		"good.tf": `resource "aws_dynamodb_table" "good" {
  name = "good"
}
`,
	}
	p, diags := loadFiles(t, files, Options{})
	wantFiles := []model.File{
		{Path: "bad.tf", Kind: model.Terraform, Parsed: false},
		{Path: "broken.tf.json", Kind: model.Terraform, Parsed: false},
		{Path: "good.tf", Kind: model.Terraform, Parsed: true},
	}
	if d := diff(wantFiles, p.Files); d != "" {
		t.Errorf("files (-want +got):\n%s", d)
	}
	var names []string
	for _, tb := range p.DynamoDB.Tables {
		names = append(names, tb.Address)
	}
	if d := diff([]string{"aws_dynamodb_table.good"}, names); d != "" {
		t.Errorf("tables (-want +got):\n%s", d)
	}
	if !diags.HasErrors() {
		t.Fatalf("want syntax errors, got %v", diags)
	}
	var badLine, jsonErr bool
	for _, d := range diags {
		if d.Severity != model.DiagError {
			continue
		}
		switch d.Subject.Filename {
		case "bad.tf":
			badLine = badLine || d.Subject.Start.Line == 5
		case "broken.tf.json":
			jsonErr = true
		default:
			t.Errorf("unexpected error %v", d)
		}
	}
	if !badLine || !jsonErr {
		t.Errorf("want errors at bad.tf:5 and in broken.tf.json, got %v", diags)
	}
}

func TestModuleCalls(t *testing.T) {
	src := `module "remote" {
  source = "terraform-aws-modules/dynamodb-table/aws"
}
module "git" {
  source = "git::https://example.com/m.git"
}
module "local" {
  source = "./modules/db"
}
module "parent" {
  source = "../shared"
}
`
	p, diags := loadFiles(t, map[string]string{"main.tf": src}, Options{})
	var got []string
	for _, d := range diags {
		got = append(got, d.Error())
	}
	wantDiags := []string{
		`main.tf:7:1: warning: Module not found: The source "./modules/db" of module "local" does not exist; its resources are not analysed and its outputs are unknown.`,
		`main.tf:10:1: warning: Module not found: The source "../shared" of module "parent" leaves the scan root, which is not read; its resources are not analysed and its outputs are unknown.`,
	}
	if d := diff(wantDiags, got); d != "" {
		t.Errorf("diagnostics (-want +got):\n%s", d)
	}
	want := []model.NotAnalysed{
		{Range: rng(1, 1, 1, 16), What: "module.remote",
			Reason: `module source "terraform-aws-modules/dynamodb-table/aws" is not fetched, so its resources are not analysed; no analysed value depends on its outputs`},
		{Range: rng(4, 1, 4, 13), What: "module.git",
			Reason: `module source "git::https://example.com/m.git" is not fetched, so its resources are not analysed; no analysed value depends on its outputs`},
	}
	if d := diff(want, p.NotAnalysed); d != "" {
		t.Errorf("NotAnalysed (-want +got):\n%s", d)
	}
}

func TestJSONConfiguration(t *testing.T) {
	files := map[string]string{
		"main.tf.json": `{
  "variable": {"pitr": {"default": true}},
  "resource": {
    "aws_kms_key": {"k": {"enable_key_rotation": true}},
    "aws_dynamodb_table": {
      "t": {
        "name": "json-${var.pitr}",
        "point_in_time_recovery": {"enabled": "${var.pitr}"},
        "server_side_encryption": {"enabled": true, "kms_key_arn": "${aws_kms_key.k.arn}"}
      }
    }
  }
}`,
	}
	p, diags := loadFiles(t, files, Options{})
	if len(diags) > 0 {
		t.Errorf("unexpected diagnostics: %v", diags)
	}
	table := onlyTable(t, p, diags)
	if table.Name.Value != "json-true" || !table.PITR.IsKnown() || !table.PITR.Value {
		t.Errorf("name %v, PITR %v; want json-true and known true", table.Name, table.PITR)
	}
	if table.Encryption.Kind != model.KeyCustomerManaged || table.Encryption.Key == nil {
		t.Errorf("Encryption = %+v, want the CMK aws_kms_key.k", table.Encryption)
	}
	if got := table.Encryption.Range; got.Filename != "main.tf.json" || got.Start.Line != 9 {
		t.Errorf("Encryption range = %v, want main.tf.json line 9", got)
	}
}

// TestNoPanic feeds odd inputs that must neither panic nor lose the project.
func TestNoPanic(t *testing.T) {
	inputs := []string{
		"",
		"\x00\xff",
		`resource "aws_dynamodb_table" {}`,
		`resource "aws_dynamodb_table" "t" { count = -1 }`,
		`resource "aws_dynamodb_table" "t" { count = 1.5 }`,
		`resource "aws_dynamodb_table" "t" { for_each = ["a"] }`,
		`resource "aws_dynamodb_table" "t" { for_each = null }`,
		`resource "aws_dynamodb_table" "t" { tags = "x" }`,
		`resource "aws_dynamodb_table" "t" { name = {} }`,
		`resource "aws_dynamodb_table" "t" { name = null }`,
		`resource "aws_dynamodb_table" "t" { server_side_encryption { enabled = true; kms_key_arn = 3 } }`,
		"resource \"aws_dynamodb_table\" \"t\" {\n server_side_encryption {\n enabled = true\n kms_key_arn = [1]\n }\n}",
		"resource \"aws_dynamodb_table\" \"t\" {\n dynamic \"replica\" {\n for_each = null\n content {}\n }\n}",
		"resource \"aws_dynamodb_table\" \"t\" {\n dynamic \"replica\" {\n for_each = nope(1)\n content {}\n }\n}",
		"resource \"aws_dynamodb_table\" \"t\" {\n replica {\n region_name = each.key\n }\n}",
		"locals {\n a = local.a\n}\nresource \"aws_dynamodb_table\" \"t\" {\n name = local.a\n}",
		"variable \"v\" {\n type = nonsense\n default = 1\n}\nresource \"aws_dynamodb_table\" \"t\" {\n name = var.v\n}",
		"resource \"aws_dynamodb_table\" \"t\" {\n name = templatefile(\"main.tf\", null)\n}",
		"resource \"aws_dynamodb_table\" \"t\" {\n name = aws_kms_key.missing.arn\n}",
		"resource \"aws_dynamodb_table\" \"t\" {\n provider = aws[0]\n}",
		"module \"m\" {\n source = var.x\n}",
		"data \"aws_kms_alias\" \"a\" {\n name = data.aws_kms_alias.a.name\n}\nresource \"aws_dynamodb_table\" \"t\" {\n server_side_encryption {\n enabled = true\n kms_key_arn = data.aws_kms_alias.a.arn\n }\n}",
	}
	for _, in := range inputs {
		p, diags := loadFiles(t, map[string]string{"main.tf": in}, Options{})
		if len(p.Files) != 1 {
			t.Errorf("%q: files %v", in, p.Files)
		}
		if testing.Verbose() {
			t.Logf("%q:\n%v", in, diags)
		}
		for _, d := range diags {
			if d.Subject.Filename == "" {
				t.Errorf("%q: diagnostic without a file: %v", in, d)
			}
			if d.Summary == "Internal error" {
				t.Errorf("%q: %v", in, d)
			}
		}
	}
}

// FuzzLoadTree loads a root (src) calling a child module (child) that may
// call the root back, with tfvars: no input panics, hangs or loses the
// root's files.
func FuzzLoadTree(f *testing.F) {
	f.Add(`resource "aws_dynamodb_table" "t" { name = "x" }`, `n = 1`, childTable)
	f.Add("locals {\n a = local.b\n b = [local.a]\n}", "", "")
	f.Add("module \"c\" {\n source = \"./c\"\n for_each = toset([\"a\", var.n])\n pitr = each.key == \"a\"\n key = module.c[\"a\"].arn\n}\nvariable \"n\" {}", `n = "b"`, childTable)
	f.Add("module \"c\" {\n source = \"./c\"\n count = var.n\n}\nvariable \"n\" {}", `n = 3`, "module \"back\" {\n source = \"../\"\n}\n"+childTable)
	fixtures, _ := filepath.Glob("../../rules/testdata/*/*/*.tf")
	for _, name := range fixtures {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(string(data), "", childTable)
		}
	}
	f.Fuzz(func(t *testing.T, src, vars, child string) {
		fsys := fstest.MapFS{"c/main.tf": &fstest.MapFile{Data: []byte(child)}}
		m := Module{
			Dir:      ".",
			Files:    []SourceFile{{Name: "main.tf", Data: []byte(src)}, {Name: "main.tf.json", Data: []byte(src)}},
			VarFiles: []SourceFile{{Name: "terraform.tfvars", Data: []byte(vars)}},
			FS:       fsys,
		}
		p, diags := loadModule(m, Options{Vars: map[string]string{"n": vars}})
		if p == nil || len(p.Files) != 2 {
			t.Fatalf("bad project %v", p)
		}
		for _, d := range diags {
			if strings.HasPrefix(d.Summary, "Internal error") {
				t.Errorf("internal error: %v", d)
			}
		}
	})
}
