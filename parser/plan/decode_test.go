package plan

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/zclconf/go-cty/cty"

	"github.com/dynamoguard/dynamoguard/model"
	"github.com/dynamoguard/dynamoguard/parser/terraform"
)

func decodeFile(t *testing.T, name string) *File {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	return Decode(name, f)
}

func addresses(f *File) []string {
	var out []string
	for _, r := range f.Resources {
		out = append(out, r.Module+" | "+r.Address)
	}
	return out
}

func TestDecodePlan(t *testing.T) {
	f := decodeFile(t, "testdata/config/plan.json")
	if len(f.Diags) > 0 || len(f.Notes) > 0 {
		t.Fatalf("diagnostics %v, notes %v", f.Diags, f.Notes)
	}
	if f.Kind != KindPlan || f.FormatVersion != "1.2" {
		t.Errorf("kind %v version %q, want a 1.2 plan", f.Kind, f.FormatVersion)
	}
	// The table being destroyed is left out; the replaced one is kept.
	want := []string{
		" | aws_kms_key.orders",
		" | aws_dynamodb_table.orders",
		" | aws_dynamodb_table.events[0]",
		" | aws_dynamodb_table.events[1]",
		" | aws_dynamodb_resource_policy.orders",
		`module.db["a"] | module.db["a"].aws_dynamodb_table.this`,
		`module.db["b"] | module.db["b"].aws_dynamodb_table.this`,
		"module.kms | module.kms.aws_kms_key.this",
		" | aws_dynamodb_table.audit",
	}
	if d := cmp.Diff(want, addresses(f)); d != "" {
		t.Errorf("resources (-want +got):\n%s", d)
	}
	orders := f.Resources[1]
	if d := cmp.Diff([]string{"aws_kms_key.orders.arn", "aws_kms_key.orders"}, orders.Refs["server_side_encryption.kms_key_arn"]); d != "" {
		t.Errorf("references of the table's key (-want +got):\n%s", d)
	}
	if orders.Region != "eu-west-1" {
		t.Errorf("region %q, want the provider's eu-west-1", orders.Region)
	}
	audit := f.Resources[8]
	if d := cmp.Diff([]string{"module.kms.key_arn", "module.kms.aws_kms_key.this.arn", "module.kms.aws_kms_key.this", "module.kms"},
		audit.Refs["server_side_encryption.kms_key_arn"]); d != "" {
		t.Errorf("references of the key from a module output (-want +got):\n%s", d)
	}
	if !orders.Written["replica.region_name"] || orders.Written["replica.kms_key_arn"] {
		t.Errorf("written = %v, want replica.region_name and not replica.kms_key_arn", orders.Written)
	}
	values, ranges := f.Values(1)
	if r := ranges["billing_mode"]; r.Filename != "testdata/config/plan.json" || r.Start.Line < 2 {
		t.Errorf("billing_mode at %v, want a line of the plan", r)
	}
	if !values.GetAttr("deletion_protection_enabled").IsKnown() {
		t.Error("deletion_protection_enabled is unknown")
	}
	if v, _ := f.Values(0); v.IsNull() {
		t.Error("the key's values were not read")
	}
}

func TestDecodeUnknownAfterApply(t *testing.T) {
	f := decodeFile(t, "testdata/unknown/plan.json")
	if len(f.Diags) > 0 {
		t.Fatalf("diagnostics %v", f.Diags)
	}
	for i, r := range f.Resources {
		if r.Address == "aws_dynamodb_table.retired" {
			t.Error("the table being destroyed is reported")
		}
		if r.Address != "aws_dynamodb_table.sessions" {
			continue
		}
		values, _ := f.Values(i)
		sse := values.GetAttr("server_side_encryption").Index(cty.NumberIntVal(0))
		if sse.GetAttr("kms_key_arn").IsKnown() || !sse.GetAttr("enabled").True() {
			t.Errorf("server_side_encryption = %#v, want enabled with an unknown key", sse)
		}
		if values.GetAttr("arn").IsKnown() {
			t.Error("arn is known, want unknown after apply")
		}
	}
}

func TestDecodeState(t *testing.T) {
	f := decodeFile(t, "testdata/state.json")
	if len(f.Diags) > 0 {
		t.Fatalf("diagnostics %v", f.Diags)
	}
	if f.Kind != KindState {
		t.Errorf("kind %v, want a state", f.Kind)
	}
	if len(f.Resources) != 9 {
		t.Fatalf("resources %v, want 9", addresses(f))
	}
	// One line: columns tell resources apart.
	if a, b := f.Resources[0].Range, f.Resources[1].Range; a.Start.Line != 1 || b.Start.Line != 1 || b.Start.Column <= a.Start.Column {
		t.Errorf("ranges %v and %v, want two places on line 1", a, b)
	}
	// Without configuration, a known key ARN still names its key.
	if refs := f.Resources[1].Refs["server_side_encryption.kms_key_arn"]; len(refs) != 1 || refs[0] != "aws_kms_key.orders.arn" {
		t.Errorf("refs of the table's key = %v, want aws_kms_key.orders.arn", refs)
	}
	if f.Resources[6].Module != `module.db["a"]` {
		t.Errorf("module %q, want module.db[\"a\"]", f.Resources[6].Module)
	}
}

func TestDecodeBadInput(t *testing.T) {
	good, err := os.ReadFile("testdata/unknown/plan.json")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, data string
		// diag is a part of the summary or detail of the diagnostic
		// wanted; "" wants none.
		diag string
		// note is a part of the not-analysed entry wanted.
		note      string
		resources int
	}{
		{name: "truncated", data: string(good[:len(good)/2]), diag: "truncated"},
		{name: "not an object", data: `[1, 2]`, diag: "not a JSON object"},
		{name: "resource_changes a string", data: `{"format_version": "1.2", "resource_changes": "x"}`, diag: "resource_changes should be an array"},
		{name: "change a number", data: `{"format_version": "1.2", "resource_changes": [{"address": "aws_dynamodb_table.t", "mode": "managed",
			"type": "aws_dynamodb_table", "name": "t", "change": 3}, {"address": "aws_dynamodb_table.u", "mode": "managed",
			"type": "aws_dynamodb_table", "name": "u", "change": {"actions": ["create"], "after": {"name": "u"}}}]}`,
			diag: "change should be an object", resources: 1},
		{name: "type a number", data: `{"format_version": "1.2", "resource_changes": [{"address": "x", "mode": "managed", "type": 7, "name": "t"}]}`,
			diag: "type should be a string"},
		{name: "newer minor version", data: strings.Replace(string(good), `"format_version": "1.2"`, `"format_version": "1.9"`, 1),
			note: `format_version "1.9" is newer`, resources: 3},
		{name: "unknown major version", data: strings.Replace(string(good), `"format_version": "1.2"`, `"format_version": "2.0"`, 1),
			diag: "not a version 1 plan"},
		{name: "trailing data", data: string(good) + `{}`, diag: "More JSON follows", resources: 3},
		{name: "deep nesting", data: `{"format_version": "1.2", "resource_changes": [{"address": "aws_dynamodb_table.t", "mode": "managed",
			"type": "aws_dynamodb_table", "name": "t", "change": {"actions": ["create"], "after": {"a": ` + strings.Repeat("[", 100) +
			strings.Repeat("]", 100) + `}}}]}`, diag: "nested more than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Decode("plan.json", strings.NewReader(tt.data))
			var text []string
			for _, d := range f.Diags {
				text = append(text, d.Summary+": "+d.Detail)
				if d.Subject.Filename != "plan.json" {
					t.Errorf("diagnostic %q names %q, want plan.json", d.Summary, d.Subject.Filename)
				}
			}
			all := strings.Join(text, "\n")
			switch {
			case tt.diag == "" && len(f.Diags) > 0:
				t.Errorf("diagnostics %s, want none", all)
			case tt.diag != "" && !strings.Contains(all, tt.diag):
				t.Errorf("diagnostics %q, want one saying %q", all, tt.diag)
			}
			var notes []string
			for _, n := range f.Notes {
				notes = append(notes, n.Reason)
			}
			if tt.note != "" && !strings.Contains(strings.Join(notes, "\n"), tt.note) {
				t.Errorf("notes %q, want one saying %q", notes, tt.note)
			}
			if len(f.Resources) != tt.resources {
				t.Errorf("%d resources %v, want %d", len(f.Resources), addresses(f), tt.resources)
			}
		})
	}
}

func TestDetect(t *testing.T) {
	for data, want := range map[string]bool{
		`{"format_version": "1.2", "terraform_version": "1.9.8", "planned_values": {}}`:    true,
		`{"format_version":"1.0","terraform_version":"1.9.8","values":{"root_module":{}}}`: true,
		`{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}}`:                      false,
		`{"format_version": "1.0"}`:            false,
		`["format_version", "planned_values"]`: false,
	} {
		if got := Detect([]byte(data)); got != want {
			t.Errorf("Detect(%s) = %v, want %v", data, got, want)
		}
	}
}

func TestConfigAddress(t *testing.T) {
	for in, want := range map[string]string{
		`module.db["a"].aws_dynamodb_table.this[0]`:    "module.db.aws_dynamodb_table.this",
		`module.x["a]b\"c"].module.y[2].aws_kms_key.k`: "module.x.module.y.aws_kms_key.k",
		"aws_dynamodb_table.t":                         "aws_dynamodb_table.t",
	} {
		if got := ConfigAddress(in); got != want {
			t.Errorf("ConfigAddress(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestLoadBuildsThePlanIntoTheModel(t *testing.T) {
	proj := loadLinked(t, "testdata/unknown/plan.json")
	var got []string
	for _, tb := range proj.DynamoDB.Tables {
		got = append(got, fmt.Sprintf("%s %d %s", tb.Address, tb.Encryption.Kind, tb.Encryption.KeyAddress))
	}
	want := []string{
		fmt.Sprintf("aws_dynamodb_table.sessions %d aws_kms_key.new", model.KeyCustomerManaged),
		fmt.Sprintf("aws_dynamodb_table.feed %d ", model.KeyAWSOwned),
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("tables (-want +got):\n%s", d)
	}
	for _, tb := range proj.DynamoDB.Tables {
		if tb.Address == "aws_dynamodb_table.feed" && !tb.PITR.IsUnknown() {
			t.Errorf("feed PITR %v, want unknown: it depends on a data source read at apply", tb.PITR)
		}
	}
}

// loadLinked loads a plan without its configuration and links it.
func loadLinked(t *testing.T, name string) *model.Project {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	proj, diags := Load("plan.json", f, nil, terraform.Options{})
	if len(diags) > 0 {
		t.Fatalf("diagnostics %v", diags)
	}
	model.Link(proj)
	return proj
}

// TestKeyFromModuleOutput: a key created in a child module and passed out
// by an output, known only after apply, is that customer managed key.
func TestKeyFromModuleOutput(t *testing.T) {
	proj := loadLinked(t, "testdata/config/plan.json")
	for _, tb := range proj.DynamoDB.Tables {
		if tb.Address != "aws_dynamodb_table.audit" {
			continue
		}
		e := tb.Encryption
		if e.Kind != model.KeyCustomerManaged || e.KeyAddress != "module.kms.aws_kms_key.this" || e.Key == nil {
			t.Errorf("encryption = %d %q linked %v, want the customer managed key module.kms.aws_kms_key.this", e.Kind, e.KeyAddress, e.Key != nil)
		}
		return
	}
	t.Fatal("no audit table")
}

// TestDynamicBlockStaysUnknown: the blocks a dynamic block makes are not
// in the plan's configuration, so an unknown value in them is unknown, not
// a default; an unknown argument the configuration does not set is.
func TestDynamicBlockStaysUnknown(t *testing.T) {
	plan := `{"format_version": "1.2", "resource_changes": [{"address": "aws_dynamodb_table.t", "mode": "managed",
  "type": "aws_dynamodb_table", "name": "t", "change": {"actions": ["create"],
    "after": {"name": "t", "billing_mode": "PAY_PER_REQUEST", "replica": [{"region_name": "eu-central-1"}],
      "server_side_encryption": [{"enabled": true, "kms_key_arn": "arn:aws:kms:eu-west-1:111122223333:key/1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b"}]},
    "after_unknown": {"deletion_protection_enabled": true, "replica": [{"kms_key_arn": true, "point_in_time_recovery": true}]}}}],
  "configuration": {"root_module": {"resources": [{"address": "aws_dynamodb_table.t", "mode": "managed",
    "type": "aws_dynamodb_table", "name": "t", "expressions": {"name": {"constant_value": "t"},
    "server_side_encryption": [{"enabled": {"constant_value": true}, "kms_key_arn": {"constant_value": "arn:aws:kms:eu-west-1:111122223333:key/1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b"}}]}}]}}}`
	proj, diags := Load("plan.json", strings.NewReader(plan), nil, terraform.Options{})
	if len(diags) > 0 {
		t.Fatalf("diagnostics %v", diags)
	}
	if len(proj.DynamoDB.Tables) != 1 || len(proj.DynamoDB.Tables[0].Replicas) != 1 {
		t.Fatalf("tables %v, want one with a replica", proj.DynamoDB.Tables)
	}
	tb := proj.DynamoDB.Tables[0]
	if tb.DeletionProtection.State != model.Absent {
		t.Errorf("deletion protection %v, want not set: the configuration does not set it", tb.DeletionProtection)
	}
	if r := tb.Replicas[0]; !r.PITR.IsUnknown() {
		t.Errorf("replica PITR %v, want unknown: the replica comes from a dynamic block", r.PITR)
	}
}
