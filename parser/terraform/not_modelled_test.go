package terraform

import (
	"strings"
	"testing"
)

// TestNotModelled checks that a resource of a service around DynamoDB that
// no builder reads is listed as not analysed with its address, and that
// other resources, data sources and the modelled ones are not.
func TestNotModelled(t *testing.T) {
	p, _ := loadFiles(t, map[string]string{"main.tf": `
resource "aws_dynamodb_table_item" "seed" {}
resource "aws_kms_grant" "g" { count = 2 }
resource "aws_dynamodb_table" "t" { name = "t" }
resource "aws_s3_bucket" "b" {}
data "aws_dynamodb_table" "d" { name = "x" }
`}, Options{})
	var got []string
	for _, n := range p.NotAnalysed {
		got = append(got, n.What+" "+n.Reason)
	}
	want := []string{
		"aws_dynamodb_table_item.seed dynamoguard does not model aws_dynamodb_table_item resources, so its settings are not checked",
		"aws_kms_grant.g dynamoguard does not model aws_kms_grant resources, so its settings are not checked",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("not analysed:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
