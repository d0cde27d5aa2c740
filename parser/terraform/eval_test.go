package terraform

import (
	"strings"
	"testing"

	"github.com/dynamoguard/dynamoguard/model"
)

// nameTable is a table whose name (line 2, column 10) is set by the
// expression that follows it.
const nameTable = "resource \"aws_dynamodb_table\" \"t\" {\n  name = "

func TestTableNameResolution(t *testing.T) {
	tests := []struct {
		name     string
		expr     string
		files    map[string]string // besides main.tf
		opts     Options
		want     model.Value[string] // Range is filled in: the expression
		wantWarn []string
	}{
		{
			name:  "variable default",
			expr:  "var.n",
			files: map[string]string{"vars.tf": `variable "n" { default = "from-default" }`},
			want:  model.Value[string]{Value: "from-default", Meta: model.Meta{State: model.Known}},
		},
		{
			name: "terraform.tfvars overrides the default",
			expr: "var.n",
			files: map[string]string{
				"vars.tf":          `variable "n" { default = "from-default" }`,
				"terraform.tfvars": `n = "from-tfvars"`,
			},
			want: model.Value[string]{Value: "from-tfvars", Meta: model.Meta{State: model.Known}},
		},
		{
			name: "a later var file wins",
			expr: "var.n",
			files: map[string]string{
				"vars.tf":            `variable "n" { default = "from-default" }`,
				"terraform.tfvars":   `n = "from-tfvars"`,
				"z.auto.tfvars.json": `{"n": "from-auto-json"}`,
			},
			want: model.Value[string]{Value: "from-auto-json", Meta: model.Meta{State: model.Known}},
		},
		{
			name: "Options.VarFiles override the module's var files",
			expr: "var.n",
			files: map[string]string{
				"vars.tf":          `variable "n" { default = "from-default" }`,
				"terraform.tfvars": `n = "from-tfvars"`,
			},
			opts: Options{VarFiles: []SourceFile{{Name: "user.tfvars", Data: []byte(`n = "from-user-file"`)}}},
			want: model.Value[string]{Value: "from-user-file", Meta: model.Meta{State: model.Known}},
		},
		{
			name: "Options.Vars override every file",
			expr: "var.n",
			files: map[string]string{
				"vars.tf":          `variable "n" { default = "from-default" }`,
				"terraform.tfvars": `n = "from-tfvars"`,
			},
			opts: Options{
				VarFiles: []SourceFile{{Name: "user.tfvars", Data: []byte(`n = "from-user-file"`)}},
				Vars:     map[string]string{"n": "from-cli"},
			},
			want: model.Value[string]{Value: "from-cli", Meta: model.Meta{State: model.Known}},
		},
		{
			name:  "Options.Vars value is an expression when it parses",
			expr:  `var.m["a"]`,
			files: map[string]string{"vars.tf": `variable "m" {}`},
			opts:  Options{Vars: map[string]string{"m": `{ a = "from-expr" }`}},
			want:  model.Value[string]{Value: "from-expr", Meta: model.Meta{State: model.Known}},
		},
		{
			name:  "Options.Vars value is a string when it does not evaluate",
			expr:  "var.n",
			files: map[string]string{"vars.tf": `variable "n" {}`},
			opts:  Options{Vars: map[string]string{"n": "us-east-1"}},
			want:  model.Value[string]{Value: "us-east-1", Meta: model.Meta{State: model.Known}},
		},
		{
			name: "variable type converts the value",
			expr: "var.n",
			files: map[string]string{"vars.tf": `variable "n" {
  type    = string
  default = 42
}`},
			want: model.Value[string]{Value: "42", Meta: model.Meta{State: model.Known}},
		},
		{
			name: "optional attribute default",
			expr: "var.o.n",
			files: map[string]string{"vars.tf": `variable "o" {
  type    = object({ n = optional(string, "opt") })
  default = {}
}`},
			want: model.Value[string]{Value: "opt", Meta: model.Meta{State: model.Known}},
		},
		{
			name: "locals chain, in any order and across files",
			expr: "local.a",
			files: map[string]string{
				"l1.tf": `locals { a = "${local.b}-${local.c}" }`,
				"l2.tf": "locals {\n  c = upper(local.d)\n  b = \"x\"\n  d = var.v\n}\nvariable \"v\" { default = \"y\" }",
			},
			want: model.Value[string]{Value: "x-Y", Meta: model.Meta{State: model.Known}},
		},
		{
			name:     "locals cycle",
			expr:     "local.a",
			files:    map[string]string{"l.tf": "locals {\n  a = local.b\n  b = local.a\n}"},
			want:     model.Value[string]{Meta: model.Meta{State: model.Unknown, Reason: "local.a is part of a reference cycle"}},
			wantWarn: []string{"Reference cycle", "Reference cycle"},
		},
		{
			name:     "depends on a locals cycle",
			expr:     "local.c",
			files:    map[string]string{"l.tf": "locals {\n  a = local.b\n  b = local.a\n  c = local.a\n}"},
			want:     model.Value[string]{Meta: model.Meta{State: model.Unknown, Reason: "local.c depends on a reference cycle"}},
			wantWarn: []string{"Reference cycle", "Reference cycle"},
		},
		{
			name: "functions",
			expr: `join("-", [format("%s", lookup({a = "x"}, "a", "z")), replace("a.b", "/[.]/", "_"), tostring(length("abc")), element(split(",", "p,q"), 1), trimspace(" r "), substr("stuv", 1, 2), jsondecode(jsonencode({k = "v"})).k, try(local.missing, "t"), tostring(can(local.missing)), tostring(startswith("ab", "a")), tostring(endswith("ab", "a")), coalesce("", "c"), join("", compact(["", "m"])), join("", flatten([["f"]])), join("", keys(merge({k1 = 1}, {k2 = 2}))), join("", distinct(concat(["d"], ["d"])))])`,
			want: model.Value[string]{Value: "x-a_b-3-q-r-tu-v-t-false-true-false-c-m-f-k1k2-d", Meta: model.Meta{State: model.Known}},
		},
		{
			name:     "unsupported function",
			expr:     `"${base64sha512("x")}-${local.l}"`,
			files:    map[string]string{"l.tf": `locals { l = base64sha512("y") }`},
			want:     model.Value[string]{Meta: model.Meta{State: model.Unknown, Reason: `function "base64sha512" is not supported`}},
			wantWarn: []string{"Unsupported function"},
		},
		{
			name:  "file inside the module",
			expr:  `trimspace(file("${path.module}/name.txt"))`,
			files: map[string]string{"name.txt": "from-file\n"},
			want:  model.Value[string]{Value: "from-file", Meta: model.Meta{State: model.Known}},
		},
		{
			name:  "templatefile inside the module",
			expr:  `templatefile("tpl/name.tpl", { suffix = "b" })`,
			files: map[string]string{"tpl/name.tpl": `a-${suffix}-%{ if suffix == "b" }yes%{ endif }`},
			want:  model.Value[string]{Value: "a-b-yes", Meta: model.Meta{State: model.Known}},
		},
		{
			name: "file outside the module is refused",
			expr: `file("${path.module}/../secret.txt")`,
			want: model.Value[string]{Meta: model.Meta{State: model.Unknown, Reason: `file "./../secret.txt" is outside the module directory and is not read`}},
		},
		{
			name: "templatefile with an absolute path is refused",
			expr: `templatefile("/etc/passwd", {})`,
			want: model.Value[string]{Meta: model.Meta{State: model.Unknown, Reason: `file "/etc/passwd" is outside the module directory and is not read`}},
		},
		{
			name: "missing file",
			expr: `file("nope.txt")`,
			want: model.Value[string]{Meta: model.Meta{State: model.Unknown, Reason: `file "nope.txt" cannot be read: open nope.txt: file does not exist`}},
		},
		{
			name: "workspace",
			expr: `"${terraform.workspace}-t"`,
			want: model.Value[string]{Meta: model.Meta{State: model.Unknown, Reason: "terraform.workspace is chosen when Terraform runs"}},
		},
		{
			name:     "undeclared variable",
			expr:     "var.nope",
			want:     model.Value[string]{Meta: model.Meta{State: model.Unknown}},
			wantWarn: []string{"Unsupported attribute"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{"main.tf": nameTable + tc.expr + "\n}\n"}
			for k, v := range tc.files {
				files[k] = v
			}
			p, diags := loadFiles(t, files, tc.opts)
			table := onlyTable(t, p, diags)
			want := tc.want
			want.Range = rng(2, 10, 2, 10+len([]rune(tc.expr)))
			got := table.Name
			if want.Reason == "" && got.Reason != "" && want.State == model.Unknown {
				want.Reason = got.Reason // only the state matters
			}
			if d := diff(want, got); d != "" {
				t.Errorf("Name (-want +got):\n%s", d)
			}
			if d := diff(tc.wantWarn, warnings(diags)); d != "" {
				t.Errorf("warnings (-want +got):\n%s\n%v", d, diags)
			}
			if diags.HasErrors() {
				t.Errorf("unexpected errors: %v", diags)
			}
		})
	}
}

func TestUnsupportedFunctionWarnsOnce(t *testing.T) {
	src := `resource "aws_dynamodb_table" "a" {
  name = sha1("a")
  billing_mode = sha1("b")
}
resource "aws_dynamodb_table" "b" {
  name = sha1("c")
}
`
	_, diags := loadFiles(t, map[string]string{"main.tf": src}, Options{})
	if len(diags) != 1 {
		t.Fatalf("want one diagnostic, got %v", diags)
	}
	d := diags[0]
	if d.Severity != model.DiagWarning || d.Summary != "Unsupported function" || d.Subject.Start.Line != 2 || d.Subject.Start.Column != 10 {
		t.Errorf("got %v, want a warning at main.tf:2:10", d)
	}
	if !strings.Contains(d.Detail, `"sha1"`) {
		t.Errorf("detail %q does not name the function", d.Detail)
	}
}
