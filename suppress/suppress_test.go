package suppress

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/dynamoguard/dynamoguard/model"
	"github.com/dynamoguard/dynamoguard/rules"
)

func TestParseComment(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse(dateLayout, s); return d }
	tests := []struct {
		text string
		want []Directive
	}{
		{"dynamoguard:ignore DDB101 -- reason", []Directive{{Syntax: Comment, IDs: []string{"DDB101"}, Reason: "reason"}}},
		{"dynamoguard:ignore ddb101, DDB102 exp:2027-01-31 -- two -- dashes", []Directive{{Syntax: Comment,
			IDs: []string{"DDB101", "DDB102"}, Expires: day("2027-01-31"), Reason: "two -- dashes"}}},
		{"dynamoguard:ignore DDB101", []Directive{{Syntax: Comment, IDs: []string{"DDB101"}}}},
		{"dynamoguard:ignore -- no id", []Directive{{Syntax: Comment, Reason: "no id",
			Problem: `no rule ID: write the IDs after dynamoguard:ignore, such as "dynamoguard:ignore DDB201 -- reason"`}}},
		{"dynamoguard:ignore DDB101 exp:2027-02-30 -- bad", []Directive{{Syntax: Comment, IDs: []string{"DDB101"}, Reason: "bad",
			Problem: `the expiry date "2027-02-30" is not a date in the form YYYY-MM-DD`}}},
		{"checkov:skip=CKV_AWS_28:rebuilt nightly", []Directive{{Syntax: Checkov, IDs: []string{"CKV_AWS_28"}, Reason: "rebuilt nightly"}}},
		{"checkov:skip=CKV_AWS_28,CKV_AWS_119", []Directive{{Syntax: Checkov, IDs: []string{"CKV_AWS_28", "CKV_AWS_119"}}}},
		{"trivy:ignore:AVD-AWS-0024", []Directive{{Syntax: Trivy, IDs: []string{"AVD-AWS-0024"}}}},
		{"trivy:ignore:avd-aws-0024 ignore:avd-aws-0025 - transient data", []Directive{
			{Syntax: Trivy, IDs: []string{"avd-aws-0024"}, Reason: "transient data"},
			{Syntax: Trivy, IDs: []string{"avd-aws-0025"}, Reason: "transient data"}}},
		{"trivy:ignore:aws-dynamodb-enable-recovery:exp:2025-03-10", []Directive{
			{Syntax: Trivy, IDs: []string{"aws-dynamodb-enable-recovery"}, Expires: day("2025-03-10")}}},
		{"tfsec:ignore:AVD-AWS-0024 : not required for a cache", []Directive{
			{Syntax: Tfsec, IDs: []string{"AVD-AWS-0024"}, Reason: "not required for a cache"}}},
		{"a comment that mentions trivy:ignore:x in passing", nil},
		{"TODO: ignore this", nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, parseComment(tt.text, true)); diff != "" {
			t.Errorf("parseComment(%q) -want +got:\n%s", tt.text, diff)
		}
	}
	if got := parseComment("checkov:skip=CKV_AWS_28:x", false); got != nil {
		t.Errorf("peer syntax read with peers off: %v", got)
	}
}

const hclSrc = `# dynamoguard:ignore DDB101 -- above the resource
resource "aws_dynamodb_table" "a" {
  name = "a" # dynamoguard:ignore DDB102 -- on an attribute
  # dynamoguard:ignore DDB201 -- above a block
  # (a second comment line between)
  point_in_time_recovery {
    enabled = false
  }
  /* dynamoguard:ignore DDB203 -- before the closing brace */
}

resource "aws_dynamodb_table" "b" {
  #checkov:skip=CKV_AWS_28:inside the block
  name = "b"
  s = "# dynamoguard:ignore DDB101 -- in a string, not a comment"
}

# dynamoguard:ignore DDB101 -- a blank line below: about nothing

resource "aws_dynamodb_table" "c" {
  name = "c"
}
`

func TestReadHCL(t *testing.T) {
	ds := Read("main.tf", model.Terraform, []byte(hclSrc), true)
	type got struct {
		IDs        string
		Line, From int
		To         int
	}
	var gots []got
	for _, d := range ds {
		gots = append(gots, got{strings.Join(d.IDs, ","), d.Range.Start.Line, d.Target.Range.Start.Line, d.Target.Range.End.Line})
	}
	want := []got{
		{"DDB101", 1, 2, 10},       // the whole resource
		{"DDB102", 3, 3, 3},        // the attribute of its line
		{"DDB201", 4, 6, 8},        // the block below, past a comment line
		{"DDB203", 9, 0, 0},        // nothing follows in the block: no target
		{"CKV_AWS_28", 13, 12, 16}, // Checkov: the block it is in
		{"DDB101", 18, 0, 0},       // a blank line between: no target
	}
	if diff := cmp.Diff(want, gots); diff != "" {
		t.Errorf("directives -want +got:\n%s", diff)
	}
	if ds := Read("main.tf.json", model.Terraform, []byte(`{"//": "dynamoguard:ignore DDB101 -- x"}`), true); ds != nil {
		t.Errorf("a .tf.json file gave directives: %v", ds)
	}
}

const yamlSrc = `Resources:
  # dynamoguard:ignore DDB201 -- above the logical ID
  A:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST # dynamoguard:ignore DDB601 -- on a property
  B: # dynamoguard:ignore DDB101 -- on the logical ID
    Type: AWS::DynamoDB::Table
    Metadata:
      dynamoguard:
        ignore:
          - id: DDB203
            reason: metadata
            expires: 2027-01-31
          - reason: no id
    Properties:
      TableName: "# dynamoguard:ignore DDB101 -- in a string"

  # dynamoguard:ignore DDB102 -- after a blank line at the end
`

func TestReadYAML(t *testing.T) {
	ds := Read("t.yaml", model.CloudFormation, []byte(yamlSrc), true)
	type got struct {
		IDs, Logical, Problem string
		Line, From, To        int
	}
	var gots []got
	for _, d := range ds {
		gots = append(gots, got{strings.Join(d.IDs, ","), d.Target.LogicalID, d.Problem, d.Range.Start.Line,
			d.Target.Range.Start.Line, d.Target.Range.End.Line})
	}
	want := []got{
		{"DDB102", "", "", 19, 0, 0}, // a foot comment of the top mapping: no target
		{"DDB201", "", "", 2, 3, 6},
		{"DDB601", "", "", 6, 6, 6},
		{"DDB101", "", "", 7, 7, 17},
		{"DDB203", "B", "", 12, 7, 17},
		{"", "B", "the entry has no id", 15, 7, 17},
	}
	if diff := cmp.Diff(want, gots); diff != "" {
		t.Errorf("directives -want +got:\n%s", diff)
	}
}

func TestApply(t *testing.T) {
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	day := func(s string) time.Time { d, _ := time.Parse(dateLayout, s); return d }
	span := func(from, to int) Target {
		return Target{Range: model.Range{Filename: "main.tf", Start: model.Pos{Line: from, Column: 1}, End: model.Pos{Line: to, Column: 2}}, What: "block"}
	}
	at := func(line int) model.Range {
		return model.Range{Filename: "main.tf", Start: model.Pos{Line: line, Column: 3}, End: model.Pos{Line: line, Column: 9}}
	}
	mod := model.Range{Filename: "main.tf", Start: model.Pos{Line: 30, Column: 1}, End: model.Pos{Line: 30, Column: 16}}
	findings := []rules.Finding{
		{RuleID: "DDB201", Range: at(5), Resource: model.Resource{Range: at(2)}},
		{RuleID: "DDB101", Range: at(2), Resource: model.Resource{Range: at(2)}},
		{RuleID: "DDB101", Range: model.Range{Filename: "mod/main.tf", Start: model.Pos{Line: 1, Column: 1}},
			Resource: model.Resource{Address: `module.m["a"].aws_dynamodb_table.t`, CalledFrom: []model.Call{{Range: mod}}}},
		{RuleID: "DDB101", Range: model.Range{Filename: "mod/main.tf", Start: model.Pos{Line: 1, Column: 1}},
			Resource: model.Resource{Address: `module.m["b"].aws_dynamodb_table.t`, CalledFrom: []model.Call{{Range: mod}}}},
		{RuleID: "DDB203", Range: at(2), Resource: model.Resource{Range: at(2)}},
	}
	ds := []Directive{
		{Syntax: Comment, IDs: []string{"DDB201"}, Reason: "r", Expires: day("2026-06-01"), Target: span(4, 6), Range: at(3)}, // last day: applies
		{Syntax: Comment, IDs: []string{"DDB101"}, Reason: "r", Target: span(29, 32), Range: at(28)},                          // the module block
		{Syntax: Comment, IDs: []string{"DDB203"}, Reason: "r", Expires: day("2026-05-31"), Target: span(2, 10), Range: at(1)},
		{Syntax: Comment, IDs: []string{"DDB102"}, Target: span(2, 10), Range: at(1)},
		{Syntax: Trivy, IDs: []string{"AVD-AWS-0024"}, Target: span(2, 10), Range: at(1)}, // DDB201, already suppressed
		{Syntax: Checkov, IDs: []string{"CKV_AWS_20"}, Target: span(2, 10), Range: at(1)}, // no mapping: nothing
	}
	known := func(id string) bool { return rules.ByID(id) != nil }
	notes := Apply(findings, ds, Options{Now: now, Known: known})
	for i, want := range []string{"dynamoguard", "", "dynamoguard", "dynamoguard", ""} {
		got := ""
		if s := findings[i].Suppression; s != nil {
			got = s.Syntax
		}
		if got != want {
			t.Errorf("finding %d (%s): suppressed by %q, want %q", i, findings[i].RuleID, got, want)
		}
	}
	var ids []string
	for _, n := range notes {
		ids = append(ids, n.RuleID)
		if n.Severity != rules.Note || n.Message == "" {
			t.Errorf("note %+v", n)
		}
	}
	// DDB203 expired (DDB005); DDB102 has no reason (DDB001) and matched
	// nothing (DDB002); the DDB101 above the resource is for the module.
	if diff := cmp.Diff([]string{"DDB001", "DDB002", "DDB005"}, ids); diff != "" {
		t.Errorf("notes -want +got:\n%s", diff)
	}
}

func TestMapPeer(t *testing.T) {
	for _, tt := range []struct {
		syntax Syntax
		id     string
		want   []string
	}{
		{Checkov, "CKV_AWS_119", []string{"DDB101", "DDB102"}},
		{Trivy, "avd-aws-0025", []string{"DDB101", "DDB102"}},
		{Tfsec, "aws-dynamodb-table-customer-key", []string{"DDB101", "DDB102"}},
		{Trivy, "AWS-0024", []string{"DDB201"}},
		{CfnNag, "W78", []string{"DDB201"}},
		{Guard, "DYNAMODB_PITR_ENABLED", []string{"DDB201"}},
		{Checkov, "AVD-AWS-0024", nil},
		{Checkov, "CKV_AWS_20", nil},
	} {
		if diff := cmp.Diff(tt.want, mapPeer(tt.syntax, tt.id)); diff != "" {
			t.Errorf("mapPeer(%s, %s) -want +got:\n%s", tt.syntax, tt.id, diff)
		}
	}
}

func FuzzRead(f *testing.F) {
	f.Add([]byte(hclSrc), true)
	f.Add([]byte(yamlSrc), false)
	f.Fuzz(func(t *testing.T, src []byte, hcl bool) {
		kind := model.CloudFormation
		if hcl {
			kind = model.Terraform
		}
		for _, d := range Read("f", kind, src, true) {
			if d.Range.Start.Line < 1 {
				t.Errorf("directive without a line: %+v", d)
			}
		}
	})
}
