package terraform

import (
	"strings"
	"testing"

	"github.com/dynamoguard/dynamoguard/model"
)

// TestKeyChosenByAnotherResource: a value that mentions a key but may be
// chosen by something known only after apply is not that key. A conditional
// whose condition is unknown keeps the marks of both branches.
func TestKeyChosenByAnotherResource(t *testing.T) {
	tests := []struct {
		expr       string
		want       model.KeyKind
		wantReason string
	}{
		{`data.aws_region.current.name == "us-east-1" ? aws_kms_key.k.arn : "alias/aws/dynamodb"`, model.KeyUnknown, "data.aws_region.current"},
		{`module.kms.enabled ? aws_kms_key.k.arn : null`, model.KeyUnknown, "condition module.kms.enabled"},
		// Always true once applied, but not decidable here: the branches
		// name different keys, so the key is unknown.
		{`aws_kms_key.k.arn != "" ? aws_kms_key.k.arn : "alias/aws/dynamodb"`, model.KeyUnknown, `condition aws_kms_key.k.arn != ""`},
		{`local.on ? aws_kms_key.k.arn : aws_kms_key.k.arn`, model.KeyCustomerManaged, ""},
		{`"${aws_kms_key.k.arn}"`, model.KeyCustomerManaged, ""},
	}
	for _, tc := range tests {
		t.Run(tc.expr, func(t *testing.T) {
			src := sseTable + tc.expr + sseTableEnd +
				"resource \"aws_kms_key\" \"k\" {}\ndata \"aws_region\" \"current\" {}\nmodule \"kms\" { source = \"./kms\" }\n" +
				"locals { on = module.kms.enabled }\n"
			p, diags := loadFiles(t, map[string]string{"main.tf": src}, Options{})
			got := onlyTable(t, p, diags).Encryption
			if got.Kind != tc.want || !strings.Contains(got.Reason, tc.wantReason) {
				t.Errorf("Encryption = %+v, want %s with a reason naming %q", got, tc.want, tc.wantReason)
			}
		})
	}
}
