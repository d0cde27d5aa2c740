package main

import (
	"fmt"
	"testing"
)

// TestWorkersSameOutput checks that the reports are the same bytes
// whatever the number of workers parsing modules and templates at once.
func TestWorkersSameOutput(t *testing.T) {
	files := map[string]string{
		"modules/table/main.tf": "variable \"name\" {}\nvariable \"pitr\" { default = false }\n\nresource \"aws_dynamodb_table\" \"this\" {\n  name     = var.name\n  hash_key = \"pk\"\n\n  attribute {\n    name = \"pk\"\n    type = \"S\"\n  }\n\n  point_in_time_recovery {\n    enabled = var.pitr\n  }\n}\n",
	}
	for i := range 24 {
		files[fmt.Sprintf("envs/e%02d/main.tf", i)] = fmt.Sprintf("module \"t\" {\n  source = \"../../modules/table\"\n  name   = \"e%d\"\n  pitr   = %t\n}\n\n%s", i, i%2 == 0, insecureTF)
		files[fmt.Sprintf("stacks/s%02d.yaml", i)] = fmt.Sprintf("Resources:\n  T%d:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      TableName: t%d\n      KeySchema:\n        - AttributeName: pk\n          KeyType: HASH\n      AttributeDefinitions:\n        - AttributeName: pk\n          AttributeType: S\n      BillingMode: PAY_PER_REQUEST\n", i, i)
	}
	dir := tree(t, files)
	for _, format := range []string{"sarif", "json"} {
		_, one, _ := run(t, dir, "scan", "-f", format, "--workers", "1")
		_, many, _ := run(t, dir, "scan", "-f", format, "--workers", "8")
		if one == "" || one != many {
			t.Errorf("%s report differs between 1 and 8 workers (%d and %d bytes)", format, len(one), len(many))
		}
	}
}
