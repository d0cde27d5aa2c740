package terraform

import (
	"strings"
	"testing"
)

// TestCountLimits: a count beyond what is expanded is one instance with an
// unknown index and a warning that says so, not an "invalid" count; counts
// Terraform rejects say why.
func TestCountLimits(t *testing.T) {
	tests := []struct {
		count, wantWarn, wantDetail string
	}{
		{"1e9", "Too many instances", "is 1000000000, more than the 1000 instances"},
		{"1e40", "Too many instances", "more than the 1000 instances"},
		{"1001", "Too many instances", "is 1001"},
		{"-1", "Invalid count", "is negative"},
		{"1.5", "Invalid count", "is not a whole number"},
		{`"two"`, "Invalid count", "is not a number"},
	}
	for _, tc := range tests {
		t.Run(tc.count, func(t *testing.T) {
			src := "resource \"aws_dynamodb_table\" \"t\" {\n  count = " + tc.count + "\n  name = \"t-${count.index}\"\n}\n"
			p, diags := loadFiles(t, map[string]string{"main.tf": src}, Options{})
			table := onlyTable(t, p, diags)
			if table.Address != "aws_dynamodb_table.t" || !table.Name.IsUnknown() {
				t.Errorf("table %s named %+v, want one instance with an unknown name", table.Address, table.Name)
			}
			if len(diags) != 1 || diags[0].Summary != tc.wantWarn || !strings.Contains(diags[0].Detail, tc.wantDetail) {
				t.Errorf("want a warning %q saying %q, got %v", tc.wantWarn, tc.wantDetail, diags)
			}
		})
	}
	p, diags := loadFiles(t, map[string]string{"main.tf": "resource \"aws_dynamodb_table\" \"t\" {\n  count = 1000\n}\n"}, Options{})
	if len(p.DynamoDB.Tables) != 1000 || len(diags) > 0 {
		t.Errorf("count = 1000: %d tables, diagnostics %v; want 1000 and none", len(p.DynamoDB.Tables), diags)
	}
}
