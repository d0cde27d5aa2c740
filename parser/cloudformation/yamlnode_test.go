package cloudformation

import (
	"strings"
	"testing"

	"github.com/dynamoguard/dynamoguard/model"
	"github.com/google/go-cmp/cmp"
)

// TestMergeKeys checks that YAML merge keys (<<) are read as YAML defines
// them, not as a property called "<<" that leaves the real ones absent.
func TestMergeKeys(t *testing.T) {
	const src = `x-common: &common
  Type: AWS::DynamoDB::Table
x-sse: &sse
  SSEEnabled: true
  KMSMasterKeyId: alias/aws/dynamodb
x-pitr: &pitr
  PointInTimeRecoveryEnabled: true
Resources:
  Key:
    Type: AWS::KMS::Key
  Merged:
    <<: *common
    Properties:
      SSESpecification:
        <<: *sse
        KMSMasterKeyId: !Ref Key
      PointInTimeRecoverySpecification:
        <<: [*pitr, {PointInTimeRecoveryEnabled: false}]
`
	proj, diags := parse(t, "t.yaml", src, Options{})
	if len(diags) > 0 {
		t.Errorf("unexpected diagnostics:\n%v", diags)
	}
	tbl := table(t, proj, "Merged")
	if diff := cmp.Diff(valueView{State: model.Known, Value: true, At: at{4, 15}}, viewBool(tbl.SSEEnabled)); diff != "" {
		t.Errorf("SSEEnabled (-want +got):\n%s", diff)
	}
	// The mapping's own key wins over the merged one.
	if diff := cmp.Diff(keyView{Kind: model.KeyCustomerManaged, At: at{16, 25}, Key: "Key"}, viewKey(tbl.Encryption)); diff != "" {
		t.Errorf("Encryption (-want +got):\n%s", diff)
	}
	// The first of several merged mappings wins.
	if diff := cmp.Diff(valueView{State: model.Known, Value: true, At: at{7, 31}}, viewBool(tbl.PITR)); diff != "" {
		t.Errorf("PITR (-want +got):\n%s", diff)
	}
}

// TestDuplicateKeys checks that a key written twice makes the value unknown
// with a warning, whichever value comes first: CloudFormation keeps one of
// them, and the scanner cannot tell which.
func TestDuplicateKeys(t *testing.T) {
	const src = `Parameters:
  Pitr: {Type: String, Default: "true"}
  Pitr: {Type: String, Default: "false"}
Conditions:
  On: !Equals [a, a]
  On: !Equals [a, b]
Resources:
  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      SSESpecification:
        SSEEnabled: true
        SSEEnabled: false
      PointInTimeRecoverySpecification:
        PointInTimeRecoveryEnabled: !Ref Pitr
      DeletionProtectionEnabled: !If [On, true, false]
`
	proj, diags := parse(t, "t.yaml", src, Options{})
	want := []diagView{
		{model.DiagWarning, `key "Pitr" is written twice`, at{3, 3}},
		{model.DiagWarning, `key "On" is written twice`, at{6, 3}},
		{model.DiagWarning, `key "SSEEnabled" is written twice`, at{13, 9}},
	}
	if diff := cmp.Diff(want, viewDiags(diags)); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
	tbl := table(t, proj, "Table")
	for name, v := range map[string]model.Value[bool]{
		"SSEEnabled": tbl.SSEEnabled, "PITR": tbl.PITR, "DeletionProtection": tbl.DeletionProtection,
	} {
		if !v.IsUnknown() || v.Reason == "" {
			t.Errorf("%s = %+v, want unknown with a reason", name, v)
		}
	}
	if k := tbl.Encryption; k.Kind != model.KeyUnknown || !strings.Contains(k.Reason, "written twice") {
		t.Errorf("Encryption = %+v, want unknown: a key written twice", k)
	}
}

// TestDuplicateSections checks that a section written twice is reported.
func TestDuplicateSections(t *testing.T) {
	const src = `Resources:
  A:
    Type: AWS::DynamoDB::Table
    Properties: {TableName: a}
    Properties: {TableName: b}
Resources:
  B:
    Type: AWS::DynamoDB::Table
`
	proj, diags := parse(t, "t.yaml", src, Options{})
	want := []diagView{
		{model.DiagWarning, `key "Resources" is written twice`, at{6, 1}},
		{model.DiagWarning, `key "Properties" is written twice`, at{5, 5}},
	}
	if diff := cmp.Diff(want, viewDiags(diags)); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
	if len(proj.DynamoDB.Tables) != 1 || proj.DynamoDB.Tables[0].Name.Value != "a" {
		t.Errorf("tables = %+v, want A named a", proj.DynamoDB.Tables)
	}
}

// TestNullValues checks that a null, which CloudFormation rejects, is
// unknown rather than absent: an absent SSEEnabled would be reported as the
// AWS-owned key.
func TestNullValues(t *testing.T) {
	const src = `Resources:
  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      SSESpecification:
        SSEEnabled: ~
      PointInTimeRecoverySpecification:
        PointInTimeRecoveryEnabled:
`
	proj, diags := parse(t, "t.yaml", src, Options{})
	want := []diagView{{model.DiagWarning, "null value", at{6, 21}}, {model.DiagWarning, "null value", at{8, 36}}}
	if diff := cmp.Diff(want, viewDiags(diags)); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
	tbl := table(t, proj, "Table")
	if k := tbl.Encryption; k.Kind != model.KeyUnknown {
		t.Errorf("Encryption = %+v, want unknown", k)
	}
	if !tbl.PITR.IsUnknown() {
		t.Errorf("PITR = %+v, want unknown", tbl.PITR)
	}
}

// TestUTF16 checks that a template saved as UTF-16 (as Windows PowerShell
// writes files) is read, not skipped, with positions but no byte offsets.
func TestUTF16(t *testing.T) {
	const src = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Tablé:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      TableName: ordérs\n"
	encode := func(bigEndian bool) []byte {
		out := []byte{0xFF, 0xFE}
		if bigEndian {
			out = []byte{0xFE, 0xFF}
		}
		for _, r := range src {
			hi, lo := byte(r>>8), byte(r)
			if bigEndian {
				out = append(out, hi, lo)
			} else {
				out = append(out, lo, hi)
			}
		}
		return out
	}
	for _, bigEndian := range []bool{false, true} {
		data := encode(bigEndian)
		if !IsTemplate("t.yaml", data) {
			t.Errorf("big endian %t: IsTemplate = false", bigEndian)
		}
		proj, diags := Parse("t.yaml", data, Options{})
		if len(diags) > 0 {
			t.Errorf("big endian %t: unexpected diagnostics:\n%v", bigEndian, diags)
		}
		if len(proj.DynamoDB.Tables) != 1 {
			t.Fatalf("big endian %t: %d tables, want 1", bigEndian, len(proj.DynamoDB.Tables))
		}
		want := model.Range{Filename: "t.yaml", Start: model.Pos{Line: 6, Column: 18, Byte: -1}, End: model.Pos{Line: 6, Column: 24, Byte: -1}}
		if diff := cmp.Diff(want, proj.DynamoDB.Tables[0].Name.Range); diff != "" {
			t.Errorf("big endian %t: Name range (-want +got):\n%s", bigEndian, diff)
		}
	}
}
