package terraform

import (
	"strings"
	"testing"

	"github.com/dynamoguard/dynamoguard/model"
)

// TestTryAndCanKeepUnknowns: try and can must not turn what the scanner
// cannot evaluate into their fallback, which Terraform would not reach, nor
// drop the reference a partly unknown value carries.
func TestTryAndCanKeepUnknowns(t *testing.T) {
	const key = "resource \"aws_kms_key\" \"k\" { count = 1 }\nvariable \"cfg\" {}\n"
	tests := []struct {
		name       string
		enabled    string
		keyExpr    string
		wantSSE    model.State
		wantKey    model.KeyKind
		wantReason string // in the key's reason, when unknown
	}{
		{
			name:       "unsupported function in try is not a fallback to false",
			enabled:    "try(sha1(\"x\") == \"\", false)",
			keyExpr:    "null",
			wantSSE:    model.Unknown,
			wantKey:    model.KeyUnknown,
			wantReason: `function "sha1" is not supported`,
		},
		{
			name:       "unsupported function in can is not false",
			enabled:    "can(sha1(\"x\"))",
			keyExpr:    "null",
			wantSSE:    model.Unknown,
			wantKey:    model.KeyUnknown,
			wantReason: `function "sha1" is not supported`,
		},
		{
			name:       "unsupported function in try is not a fallback to the AWS managed key",
			enabled:    "true",
			keyExpr:    `try(base64sha512(var.cfg), "alias/aws/dynamodb")`,
			wantSSE:    model.Known,
			wantKey:    model.KeyUnknown,
			wantReason: `function "base64sha512" is not supported`,
		},
		{
			name:    "try of a key reference is that key",
			enabled: "true",
			keyExpr: `try(aws_kms_key.k[0].arn, "alias/aws/dynamodb")`,
			wantSSE: model.Known,
			wantKey: model.KeyCustomerManaged,
		},
		{
			name:       "try of an unknown variable says why",
			enabled:    "true",
			keyExpr:    `try(var.cfg.key, "alias/aws/dynamodb")`,
			wantSSE:    model.Known,
			wantKey:    model.KeyUnknown,
			wantReason: `variable "cfg" has no default`,
		},
		{
			name:    "try falls back where Terraform does",
			enabled: "try({}.missing, true)",
			keyExpr: `try({}.missing, "alias/aws/dynamodb")`,
			wantSSE: model.Known,
			wantKey: model.KeyAWSManaged,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := "resource \"aws_dynamodb_table\" \"t\" {\n  server_side_encryption {\n    enabled = " + tc.enabled +
				"\n    kms_key_arn = " + tc.keyExpr + "\n  }\n}\n" + key
			p, diags := loadFiles(t, map[string]string{"main.tf": src}, Options{})
			table := onlyTable(t, p, diags)
			if table.SSEEnabled.State != tc.wantSSE {
				t.Errorf("SSEEnabled = %+v, want %s", table.SSEEnabled, tc.wantSSE)
			}
			if table.Encryption.Kind != tc.wantKey || !strings.Contains(table.Encryption.Reason, tc.wantReason) {
				t.Errorf("Encryption = %+v, want %s with a reason naming %q", table.Encryption, tc.wantKey, tc.wantReason)
			}
		})
	}
}

// TestKeyThroughTerraformFunctions: functions Terraform has and configs use
// to pick a key keep the key reference.
func TestKeyThroughTerraformFunctions(t *testing.T) {
	tests := []struct {
		expr string
		want model.KeyKind
	}{
		{`lookup({a = aws_kms_key.k[0].arn}, "a", "alias/aws/dynamodb")`, model.KeyCustomerManaged},
		{`lookup({a = aws_kms_key.k[0].arn}, "a")`, model.KeyCustomerManaged},
		{`lookup(local.keys, "b", "alias/aws/dynamodb")`, model.KeyAWSManaged},
		{`lookup({}, "a", null)`, model.KeyAWSManaged}, // null: no key, SSE on
		{`one(aws_kms_key.k[*].arn)`, model.KeyCustomerManaged},
		{`one([])`, model.KeyAWSManaged},
		{`sensitive(aws_kms_key.k[0].arn)`, model.KeyCustomerManaged},
		{`nonsensitive("alias/aws/dynamodb")`, model.KeyAWSManaged},
	}
	for _, tc := range tests {
		t.Run(tc.expr, func(t *testing.T) {
			src := sseTable + tc.expr + sseTableEnd +
				"resource \"aws_kms_key\" \"k\" { count = 1 }\nlocals { keys = { a = aws_kms_key.k[0].arn } }\n"
			p, diags := loadFiles(t, map[string]string{"main.tf": src}, Options{})
			if len(diags) > 0 {
				t.Errorf("unexpected diagnostics: %v", diags)
			}
			if got := onlyTable(t, p, diags).Encryption; got.Kind != tc.want {
				t.Errorf("Encryption = %+v, want %s", got, tc.want)
			}
		})
	}
}
