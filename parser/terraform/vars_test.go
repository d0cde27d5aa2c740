package terraform

import (
	"testing"

	"github.com/dynamoguard/dynamoguard/model"
)

// TestBrokenVarFile: a var file with errors may have set any variable, so
// its variables are unknown rather than their defaults, unless a later
// source sets them; what the file did set still counts.
func TestBrokenVarFile(t *testing.T) {
	files := map[string]string{
		"main.tf": `variable "pitr" { default = false }
variable "name" { default = "default" }
variable "billing" { default = "PROVISIONED" }
resource "aws_dynamodb_table" "t" {
  name         = var.name
  billing_mode = var.billing
  point_in_time_recovery {
    enabled = var.pitr
  }
}
`,
		"a.auto.tfvars": "name = \"from-a\"\npitr = true\nbilling = \"PAY_PER_REQUEST\n",
		"b.auto.tfvars": "name = \"from-b\"\n",
	}
	p, diags := loadFiles(t, files, Options{})
	if !diags.HasErrors() {
		t.Errorf("want the syntax error of a.auto.tfvars, got %v", diags)
	}
	table := onlyTable(t, p, diags)
	if !table.PITR.IsUnknown() || table.PITR.Reason != `variable "pitr" may be set in a.auto.tfvars, which could not be read` {
		t.Errorf("PITR = %+v, want unknown because of a.auto.tfvars", table.PITR)
	}
	if d := diff(model.KnownValue("from-b", rng(5, 18, 5, 26), ""), table.Name); d != "" {
		t.Errorf("name (-want +got):\n%s", d)
	}
}

// TestInvalidValueInVarFile: a value that does not evaluate makes its
// variable unknown, not its default.
func TestInvalidValueInVarFile(t *testing.T) {
	files := map[string]string{
		"main.tf":          "variable \"pitr\" { default = false }\nresource \"aws_dynamodb_table\" \"t\" {\n  point_in_time_recovery {\n    enabled = var.pitr\n  }\n}\n",
		"terraform.tfvars": "pitr = var.other\n",
	}
	p, diags := loadFiles(t, files, Options{})
	if table := onlyTable(t, p, diags); !table.PITR.IsUnknown() {
		t.Errorf("PITR = %+v, want unknown", table.PITR)
	}
}
