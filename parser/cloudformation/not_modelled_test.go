package cloudformation

import (
	"strings"
	"testing"
)

// TestNotModelled checks that a resource of a service around DynamoDB that
// no builder reads is listed as not analysed, and that other resources and
// the modelled ones are not.
func TestNotModelled(t *testing.T) {
	const src = `Conditions:
  Never: !Equals [a, b]
Resources:
  Item:
    Type: AWS::DynamoDB::Table
  Params:
    Type: AWS::DAX::ParameterGroup
  Subnets:
    Type: AWS::DAX::SubnetGroup
  Skipped:
    Type: AWS::KMS::Alias
  NotCreated:
    Type: AWS::Backup::Framework
    Condition: Never
  Bucket:
    Type: AWS::S3::Bucket
`
	p, _ := parse(t, "t.yaml", src, Options{})
	var got []string
	for _, n := range p.NotAnalysed {
		got = append(got, n.What+" "+n.Reason)
	}
	want := []string{
		"Params dynamoguard does not model AWS::DAX::ParameterGroup resources, so its settings are not checked",
		"Subnets dynamoguard does not model AWS::DAX::SubnetGroup resources, so its settings are not checked",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("not analysed:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
