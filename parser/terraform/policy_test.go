package terraform

import (
	"strings"
	"testing"

	"github.com/dynamoguard/dynamoguard/model"
)

// policyOf loads files and returns the documents of the identity policies
// by address (and document path, for inline policies).
func policiesOf(t *testing.T, files map[string]string) (map[string]model.PolicyDocument, model.Diagnostics) {
	t.Helper()
	p, diags := loadFiles(t, files, Options{})
	if err := model.Validate(p); err != nil {
		t.Fatal(err)
	}
	out := map[string]model.PolicyDocument{}
	for _, pol := range p.IAM.Policies {
		out[pol.Address+" "+pol.Document.Path] = pol.Document
	}
	for _, r := range p.IAM.Roles {
		out[r.Address+" "+r.AssumeRolePolicy.Path] = r.AssumeRolePolicy
	}
	return out, diags
}

type wantString struct {
	value     string
	line, col int
	refs      int
}

func checkStrings(t *testing.T, what string, got []model.Value[string], want []wantString) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values %+v, want %d", what, len(got), got, len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.Value != w.value || g.Range.Start.Line != w.line || g.Range.Start.Column != w.col || len(g.Refs) != w.refs || !g.IsKnown() {
			t.Errorf("%s[%d] = %q at %d:%d with %d refs (%s %s), want %q at %d:%d with %d refs",
				what, i, g.Value, g.Range.Start.Line, g.Range.Start.Column, len(g.Refs), g.State, g.Reason, w.value, w.line, w.col, w.refs)
		}
	}
}

func TestPolicyHeredoc(t *testing.T) {
	docs, diags := policiesOf(t, map[string]string{"main.tf": `
resource "aws_dynamodb_table" "t" {
  name = "t"
}
resource "aws_iam_policy" "p" {
  name   = "p"
  policy = <<EOT
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": ["dynamodb:*", "dynamodb:GetItem"],
    "Resource": "${aws_dynamodb_table.t.arn}/*"
  }]
}
EOT
}
resource "aws_iam_role_policy" "indented" {
  role   = "r"
  policy = <<-EOT
    {"Statement": {"Effect": "Allow", "Action": "dynamodb:Scan", "Resource": "*"}}
  EOT
}
`})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	s := docs["aws_iam_policy.p policy"].Statements[0]
	checkStrings(t, "Action", s.Actions.Values, []wantString{{"dynamodb:*", 12, 16, 0}, {"dynamodb:GetItem", 12, 30, 0}})
	checkStrings(t, "Resource", s.Resources.Values, []wantString{{"${aws_dynamodb_table.t.arn}/*", 13, 17, 1}})
	if r := s.Resources.Values[0].Refs[0]; r.Address != "aws_dynamodb_table.t" || r.Attribute != "arn" {
		t.Errorf("ref = %+v", r)
	}
	s = docs["aws_iam_role_policy.indented policy"].Statements[0]
	checkStrings(t, "Action", s.Actions.Values, []wantString{{"dynamodb:Scan", 21, 49, 0}})
	checkStrings(t, "Resource", s.Resources.Values, []wantString{{"*", 21, 78, 0}})
}

func TestPolicyJSONEncode(t *testing.T) {
	docs, diags := policiesOf(t, map[string]string{"main.tf": `
variable "actions" {
  default = ["dynamodb:Query"]
}
variable "unset" {}
locals {
  read = ["dynamodb:GetItem", "dynamodb:BatchGetItem"]
}
resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["dynamodb:PutItem", "dynamodb:*Item"]
        Resource = ["${aws_dynamodb_table.t.arn}/index/*", "*"]
      },
      {
        Effect   = "Allow"
        Action   = var.actions
        Resource = "*"
      },
      {
        "Effect" = "Allow"
        Action   = local.read
        Resource = var.unset
      },
    ]
  })
}
resource "aws_dynamodb_table" "t" {}
`})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	doc := docs["aws_iam_policy.p policy"]
	if len(doc.Statements) != 3 {
		t.Fatalf("statements: %+v", doc.Statements)
	}
	s := doc.Statements[0]
	checkStrings(t, "Action", s.Actions.Values, []wantString{{"dynamodb:PutItem", 15, 21, 0}, {"dynamodb:*Item", 15, 41, 0}})
	checkStrings(t, "Resource", s.Resources.Values, []wantString{{"${aws_dynamodb_table.t.arn}/index/*", 16, 21, 1}, {"*", 16, 60, 0}})
	s = doc.Statements[1]
	checkStrings(t, "Action", s.Actions.Values, []wantString{{"dynamodb:Query", 20, 20, 0}})
	if len(s.Actions.Values[0].Origins) != 1 {
		t.Errorf("origins = %+v", s.Actions.Values[0].Origins)
	}
	s = doc.Statements[2]
	checkStrings(t, "Action", s.Actions.Values, []wantString{{"dynamodb:GetItem", 7, 11, 0}, {"dynamodb:BatchGetItem", 7, 31, 0}})
	if !s.Resources.IsUnknown() || !strings.Contains(s.Resources.Reason, "unset") {
		t.Errorf("resources = %+v", s.Resources)
	}
}

func TestPolicyFiles(t *testing.T) {
	docs, diags := policiesOf(t, map[string]string{
		"main.tf": `
resource "aws_iam_role_policy" "f" {
  role   = "r"
  policy = file("${path.module}/policies/f.json")
}
resource "aws_iam_role_policy" "tpl" {
  role   = "r"
  policy = templatefile("${path.module}/policies/t.tpl", {
    table  = aws_dynamodb_table.t.name
    region = "eu-west-1"
    unset  = var.nothing
  })
}
resource "aws_iam_role_policy" "missing" {
  role   = "r"
  policy = file("nope.json")
}
resource "aws_iam_role_policy" "bad" {
  role   = "r"
  policy = file("policies/bad.json")
}
variable "nothing" {}
resource "aws_dynamodb_table" "t" {}
`,
		"policies/f.json": "{\"Statement\": [\n  {\"Effect\": \"Allow\", \"Action\": \"dynamodb:DeleteTable\", \"Resource\": \"*\"}\n]}",
		"policies/t.tpl": `{
  "Statement": [
    {"Effect": "Allow", "Action": ["dynamodb:Get*"],
     "Resource": "arn:aws:dynamodb:${region}:1:table/${table}"},
    {"Effect": "Allow", "Action": "${unset}", "Resource": "*"}
  ]
}`,
		"policies/bad.json": "{\n \"Statement\": [\n  {\"Effect\": \"Allow\"\n ]}",
	})
	for k, d := range docs {
		if d.IsUnknown() {
			t.Logf("%s: %s", k, d.Reason)
		}
	}
	s := docs["aws_iam_role_policy.f policy"].Statements[0]
	checkStrings(t, "Action", s.Actions.Values, []wantString{{"dynamodb:DeleteTable", 2, 33, 0}})
	if f := s.Actions.Values[0].Range.Filename; f != "policies/f.json" {
		t.Errorf("filename = %q", f)
	}
	doc := docs["aws_iam_role_policy.tpl policy"]
	s = doc.Statements[0]
	checkStrings(t, "Action", s.Actions.Values, []wantString{{"dynamodb:Get*", 3, 36, 0}})
	checkStrings(t, "Resource", s.Resources.Values, []wantString{{"arn:aws:dynamodb:eu-west-1:1:table/${table}", 4, 18, 1}})
	if f := s.Resources.Values[0].Range.Filename; f != "policies/t.tpl" {
		t.Errorf("filename = %q", f)
	}
	if a := doc.Statements[1].Actions; !a.IsUnknown() {
		t.Errorf("unset action = %+v", a)
	}
	if d := docs["aws_iam_role_policy.missing policy"]; !d.IsUnknown() {
		t.Errorf("missing file: %+v", d)
	}
	if d := docs["aws_iam_role_policy.bad policy"]; !d.IsUnknown() || !strings.Contains(d.Reason, "not valid JSON") {
		t.Errorf("bad file: %+v", d)
	}
	found := false
	for _, d := range diags {
		if d.Summary == "Invalid policy JSON" && d.Subject.Filename == "policies/bad.json" && d.Subject.Start.Line == 4 {
			found = true
		}
	}
	if !found {
		t.Errorf("no diagnostic at policies/bad.json:4: %v", diags)
	}
}

func TestPolicyDocumentDataSource(t *testing.T) {
	docs, diags := policiesOf(t, map[string]string{"main.tf": `
data "aws_iam_policy_document" "base" {
  statement {
    sid       = "Read"
    actions   = ["dynamodb:GetItem"]
    resources = ["*"]
  }
  statement {
    sid       = "Keep"
    actions   = ["dynamodb:Query"]
    resources = ["*"]
  }
}
data "aws_iam_policy_document" "over" {
  statement {
    sid       = "Read"
    actions   = ["dynamodb:Scan"]
    resources = ["*"]
  }
}
data "aws_iam_policy_document" "p" {
  source_policy_documents   = [data.aws_iam_policy_document.base.json]
  override_policy_documents = [data.aws_iam_policy_document.over.json]
  statement {
    sid     = "Keep"
    effect  = "Deny"
    actions = ["dynamodb:DeleteTable"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::444455556666:root"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceVpce"
      values   = ["vpce-1"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceVpce"
      values   = ["vpce-2"]
    }
  }
  statement {
    actions = ["s3:*"]
    resources = ["*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
  dynamic "statement" {
    for_each = var.extra
    content {
      actions = statement.value
    }
  }
}
variable "extra" {}
resource "aws_iam_policy" "p" {
  policy = data.aws_iam_policy_document.p.json
}
locals {
  doc = data.aws_iam_policy_document.base.json
}
resource "aws_iam_role" "r" {
  assume_role_policy = local.doc
}
`})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	doc := docs["aws_iam_policy.p policy"]
	if !doc.IsKnown() || len(doc.Statements) != 4 {
		t.Fatalf("document: %s %s, %d statements", doc.State, doc.Reason, len(doc.Statements))
	}
	// Read was overridden by the override document, Keep by the data
	// source's own statement; then the statement without Sid, then the
	// dynamic one that cannot be expanded.
	s := doc.Statements[0]
	checkStrings(t, "Read", s.Actions.Values, []wantString{{"dynamodb:Scan", 17, 18, 0}})
	if s.Actions.Values[0].Path != "statement[0].actions[0]" {
		t.Errorf("path = %q", s.Actions.Values[0].Path)
	}
	s = doc.Statements[1]
	checkStrings(t, "Keep", s.Actions.Values, []wantString{{"dynamodb:DeleteTable", 27, 16, 0}})
	if !s.IsDeny() || len(s.Principals.Entries) != 1 || len(s.Principals.Entries[0].IDs.Values) != 2 {
		t.Errorf("Keep = %+v", s)
	}
	if c := s.Conditions.Items; len(c) != 1 || len(c[0].Values.Values) != 2 || c[0].Values.Values[1].Range.Start.Line != 45 {
		t.Errorf("conditions = %+v", c)
	}
	s = doc.Statements[2]
	if !s.IsAllow() || !s.Principals.Wildcard.Value || s.Principals.Wildcard.Range.Start.Line != 53 {
		t.Errorf("wildcard principal = %+v", s.Principals)
	}
	if !doc.Statements[3].IsUnknown() {
		t.Errorf("dynamic statement = %+v", doc.Statements[3])
	}
	trust := docs["aws_iam_role.r assume_role_policy"]
	if !trust.IsKnown() || len(trust.Statements) != 2 || trust.Statements[0].Actions.Values[0].Range.Start.Line != 5 {
		t.Errorf("trust policy through a local: %+v", trust)
	}
}

func TestPolicyInlineAndAbsent(t *testing.T) {
	p, diags := loadFiles(t, map[string]string{"main.tf": `
resource "aws_iam_role" "r" {
  name = "r"
  assume_role_policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
  inline_policy {
    name   = "a"
    policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "dynamodb:*", Resource = "*" }] })
  }
  inline_policy {
    name = "empty"
  }
}
`}, Options{})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if err := model.Validate(p); err != nil {
		t.Fatal(err)
	}
	if len(p.IAM.Roles) != 1 || len(p.IAM.Policies) != 2 {
		t.Fatalf("roles %d, policies %d", len(p.IAM.Roles), len(p.IAM.Policies))
	}
	trust := p.IAM.Roles[0].AssumeRolePolicy.Statements[0].Principals
	if len(trust.Entries) != 1 || trust.Entries[0].IDs.Values[0].Value != "lambda.amazonaws.com" {
		t.Errorf("trust = %+v", trust)
	}
	a := p.IAM.Policies[0]
	if a.Document.Path != "inline_policy[0].policy" || a.Document.Statements[0].Actions.Values[0].Range.Start.Line != 9 ||
		a.AttachedTo[0].To != model.AttachedRole {
		t.Errorf("inline policy = %+v", a)
	}
	if d := p.IAM.Policies[1].Document; d.State != model.Absent {
		t.Errorf("empty inline policy = %s", d.State)
	}
}

func TestPolicyBadInput(t *testing.T) {
	docs, diags := policiesOf(t, map[string]string{"main.tf": `
variable "n" {}
resource "aws_iam_policy" "number" {
  policy = 5
}
resource "aws_iam_policy" "null" {
  policy = null
}
resource "aws_iam_policy" "text" {
  policy = "not json"
}
resource "aws_iam_policy" "encoded_number" {
  policy = jsonencode(5)
}
resource "aws_iam_policy" "bad_action" {
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = 5 }] })
}
resource "aws_iam_policy" "unknown_statement" {
  policy = jsonencode({ Statement = var.n })
}
resource "aws_iam_policy" "for_expr" {
  policy = jsonencode({ Statement = [for a in ["dynamodb:GetItem", "dynamodb:Query"] : { Effect = "Allow", Action = a, Resource = "*" }] })
}
resource "aws_iam_policy" "directive" {
  policy = <<EOT
{"Statement": [
%{ for a in ["dynamodb:GetItem", "dynamodb:Query"] ~}
  {"Effect": "Allow", "Action": "${a}", "Resource": "*"},
%{ endfor ~}
  {"Effect": "Deny", "Action": "dynamodb:DeleteTable", "Resource": "*"}
]}
EOT
}
resource "aws_iam_policy" "self" {
  policy = data.aws_iam_policy_document.loop.json
}
data "aws_iam_policy_document" "loop" {
  source_policy_documents = [data.aws_iam_policy_document.loop.json]
  statement {
    actions = ["s3:*"]
  }
}
resource "aws_iam_policy" "missing" {
  policy = data.aws_iam_policy_document.nope.json
}
`})
	for _, name := range []string{"number", "text", "encoded_number", "missing"} {
		if d := docs["aws_iam_policy."+name+" policy"]; !d.IsUnknown() {
			t.Errorf("%s: %s", name, d.State)
		}
	}
	if d := docs["aws_iam_policy.null policy"]; d.State != model.Absent {
		t.Errorf("null: %s", d.State)
	}
	if d := docs["aws_iam_policy.bad_action policy"]; len(d.Statements) != 1 || !d.Statements[0].IsUnknown() {
		t.Errorf("bad action: %+v", d)
	}
	if d := docs["aws_iam_policy.unknown_statement policy"]; len(d.Statements) != 1 || !d.Statements[0].IsUnknown() {
		t.Errorf("unknown statement: %+v", d)
	}
	if d := docs["aws_iam_policy.for_expr policy"]; len(d.Statements) != 2 || d.Statements[1].Actions.Values[0].Value != "dynamodb:Query" {
		t.Errorf("for expression: %+v", d)
	}
	d := docs["aws_iam_policy.directive policy"]
	if len(d.Statements) != 3 || d.Statements[1].Actions.Values[0].Value != "dynamodb:Query" || d.Statements[2].Actions.Values[0].Range.Start.Line != 29 {
		t.Errorf("directive: %s %s %+v", d.State, d.Reason, d.Statements)
	}
	if d := docs["aws_iam_policy.self policy"]; d.IsKnown() && len(d.Statements) > 0 && !d.Statements[0].IsUnknown() {
		t.Errorf("a data source built from itself must end in an unknown: %+v", d.Statements)
	}
	var invalid int
	for _, dg := range diags {
		if strings.Contains(dg.Summary, "Invalid") {
			invalid++
		}
	}
	if invalid < 3 {
		t.Errorf("diagnostics = %v", diags)
	}
}

func TestPolicyDocumentInstances(t *testing.T) {
	docs, diags := policiesOf(t, map[string]string{"main.tf": `
data "aws_iam_policy_document" "counted" {
  count = 2
  statement {
    actions   = ["dynamodb:GetItem"]
    resources = ["arn:aws:dynamodb:*:*:table/t${count.index}"]
  }
}
data "aws_iam_policy_document" "each" {
  for_each = toset(["a", "b"])
  statement {
    actions   = ["dynamodb:Query"]
    resources = ["arn:aws:dynamodb:*:*:table/${each.key}"]
  }
}
resource "aws_iam_policy" "second" {
  policy = data.aws_iam_policy_document.counted[1].json
}
resource "aws_iam_policy" "b" {
  policy = data.aws_iam_policy_document.each["b"].json
}
resource "aws_iam_policy" "which" {
  policy = local.any
}
locals {
  any = data.aws_iam_policy_document.counted[0].json
}
`})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if r := docs["aws_iam_policy.second policy"].Statements[0].Resources.Values[0]; r.Value != "arn:aws:dynamodb:*:*:table/t1" || r.Range.Start.Line != 6 {
		t.Errorf("counted[1] = %+v", r)
	}
	if r := docs["aws_iam_policy.b policy"].Statements[0].Resources.Values[0]; r.Value != "arn:aws:dynamodb:*:*:table/b" {
		t.Errorf("each[b] = %+v", r)
	}
	if r := docs["aws_iam_policy.which policy"].Statements[0].Resources.Values[0]; r.Value != "arn:aws:dynamodb:*:*:table/t0" {
		t.Errorf("local to counted[0] = %+v", r)
	}
}

func TestPolicyThroughModuleInputs(t *testing.T) {
	docs, diags := policiesOf(t, map[string]string{
		"main.tf": `
module "app" {
  source = "./modules/app"
  policy = <<EOT
{"Statement": {"Effect": "Allow", "Action": "dynamodb:Get*", "Resource": "*"}}
EOT
  arns   = ["arn:aws:dynamodb:*:*:table/a", "*"]
}
module "each" {
  source   = "./modules/app"
  for_each = toset(["x"])
  policy   = jsonencode({ Statement = [{ Effect = "Allow", Action = "dynamodb:Scan", Resource = "*" }] })
  arns     = ["*"]
}
`,
		"modules/app/main.tf": `
variable "policy" {}
variable "arns" {}
resource "aws_iam_policy" "p" {
  policy = var.policy
}
resource "aws_iam_policy" "q" {
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "dynamodb:Query", Resource = var.arns }] })
}
`,
	})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	a := docs["module.app.aws_iam_policy.p policy"].Statements[0].Actions.Values[0]
	if a.Range.Filename != "main.tf" || a.Range.Start.Line != 5 || a.Range.Start.Column != 45 {
		t.Errorf("heredoc passed to a module: %+v", a.Range)
	}
	r := docs["module.app.aws_iam_policy.q policy"].Statements[0].Resources.Values
	if len(r) != 2 || r[1].Range.Filename != "main.tf" || r[1].Range.Start.Line != 7 || r[1].Range.Start.Column != 45 {
		t.Errorf("list passed to a module: %+v", r)
	}
	// With for_each, the instance's each.* is not known at the call: the
	// value is read at the variable, with its origin.
	e := docs[`module.each["x"].aws_iam_policy.p policy`].Statements[0].Actions.Values[0]
	if e.Value != "dynamodb:Scan" || e.Range.Filename != "modules/app/main.tf" {
		t.Errorf("for_each module: %+v", e)
	}
}
