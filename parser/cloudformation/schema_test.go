package cloudformation

import (
	"reflect"
	"strings"
	"testing"

	"github.com/awslabs/goformation/v7/cloudformation/dynamodb"
	"github.com/awslabs/goformation/v7/cloudformation/serverless"
	"github.com/google/go-cmp/cmp"

	"github.com/dynamoguard/dynamoguard/model"
)

// TestNewerProperties checks that properties goformation's specification
// predates are read without a warning, and that a misspelt one is named
// with the property it looks like.
func TestNewerProperties(t *testing.T) {
	const src = `Resources:
  Replica:
    Type: AWS::DynamoDB::Table
    Properties:
      GlobalTableSourceArn: arn:aws:dynamodb:us-east-1:123456789012:table/orders
      GlobalTableSettingsReplicationMode: ENABLED
      WarmThroughput: {ReadUnitsPerSecond: 12000}
      PointInTimeRecoverySpecification:
        PointInTimeRecoveryEnabled: true
        RecoveryPeriodInDays: 7
  Simple:
    Type: AWS::Serverless::SimpleTable
    Properties:
      PointInTimeRecoverySpecification:
        PointInTimeRecoveryEnabled: true
      SSESpecification: {SSEEnabled: true, SSEType: KMS, KMSMasterKeyId: alias/orders}
  Typo:
    Type: AWS::DynamoDB::Table
    Properties:
      PointInTimeRecoverySpecifcation:
        PointInTimeRecoveryEnabled: true
      deletionProtectionEnabled: true
`
	proj, diags := parse(t, "t.yaml", src, Options{})
	want := []diagView{
		{model.DiagWarning, `PointInTimeRecoverySpecifcation of resource "Typo" is not a property of AWS::DynamoDB::Table`, at{20, 7}},
		{model.DiagWarning, `deletionProtectionEnabled of resource "Typo" is not a property of AWS::DynamoDB::Table`, at{22, 7}},
	}
	if diff := cmp.Diff(want, viewDiags(diags)); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
	if len(diags) == 2 && !strings.Contains(diags[0].Detail, "Did you mean PointInTimeRecoverySpecification?") {
		t.Errorf("detail = %q", diags[0].Detail)
	}
	if v := table(t, proj, "Replica").PITR; v.State != model.Known || !v.Value {
		t.Errorf("Replica PITR = %+v", viewBool(v))
	}
	simple := table(t, proj, "Simple")
	if !simple.PITR.Value || simple.Encryption.Kind != model.KeyCustomerManaged {
		t.Errorf("Simple PITR %+v, key %+v", viewBool(simple.PITR), viewKey(simple.Encryption))
	}
}

// TestSelfDecodingTypes checks that the coercer marks the properties it
// cannot check itself, those of a type that decodes itself (a SAM union
// type), so that goformation's decoding checks them, and only those.
func TestSelfDecodingTypes(t *testing.T) {
	known := func(v any) *val { return &val{state: model.Known, v: v} }
	table := &object{members: []member{
		{name: "TableName", val: known("orders")},
		{name: "DeletionProtectionEnabled", val: known(true)},
		{name: "SSESpecification", val: known(&object{members: []member{{name: "SSEEnabled", val: known(true)}}})},
	}}
	c := &coercer{typ: "AWS::DynamoDB::Table"}
	c.object(table, reflect.TypeFor[dynamodb.Table](), "")
	if c.selfDecoding || len(c.mismatches) > 0 {
		t.Errorf("table: selfDecoding %v, %d mismatches; want every property checked by the coercer", c.selfDecoding, len(c.mismatches))
	}
	function := &object{members: []member{
		{name: "Handler", val: known("index.handler")},
		{name: "Policies", val: known("AmazonDynamoDBReadOnlyAccess")},
	}}
	c = &coercer{typ: "AWS::Serverless::Function"}
	c.object(function, reflect.TypeFor[serverless.Function](), "")
	if !c.selfDecoding {
		t.Error("function: Policies, a union type, not marked for goformation's decoding")
	}
}
