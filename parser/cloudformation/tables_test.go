package cloudformation

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/awslabs/goformation/v7/cloudformation/dynamodb"
	"github.com/dynamoguard/dynamoguard/model"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestPITR(t *testing.T) {
	const head = `Parameters:
  Pitr:
    Type: String
    Default: "true"
  NoDefault:
    Type: String
Resources:
  Table:
    Type: AWS::DynamoDB::Table
    Properties:
`
	const spec = "      PointInTimeRecoverySpecification:\n        PointInTimeRecoveryEnabled: "
	logicalID, value := at{8, 3}, at{12, 37}
	tests := []struct {
		name string
		body string
		want valueView
	}{
		{"absent", "", valueView{State: model.Absent, Value: false, At: logicalID}},
		{"empty specification", "      PointInTimeRecoverySpecification: {}\n",
			valueView{State: model.Absent, Value: false, At: at{11, 7}}},
		{"specification set to AWS::NoValue", "      PointInTimeRecoverySpecification: !Ref AWS::NoValue\n",
			valueView{State: model.Absent, Value: false, At: logicalID}},
		{"false", spec + "false\n", valueView{State: model.Known, Value: false, At: value}},
		{"true as a string", spec + "\"true\"\n", valueView{State: model.Known, Value: true, At: value}},
		{"parameter default", spec + "!Ref Pitr\n", valueView{State: model.Known, Value: true, At: value}},
		{"parameter without default", spec + "!Ref NoDefault\n",
			valueView{State: model.Unknown, Value: false, At: value, Reason: `parameter "NoDefault" has no default`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			proj, diags := parse(t, "t.yaml", head+tc.body, Options{})
			if len(diags) > 0 {
				t.Errorf("unexpected diagnostics:\n%v", diags)
			}
			if diff := cmp.Diff(tc.want, viewBool(table(t, proj, "Table").PITR)); diff != "" {
				t.Errorf("PITR (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTableAttributes(t *testing.T) {
	const src = `Resources:
  Orders:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: orders
      BillingMode: PAY_PER_REQUEST
      DeletionProtectionEnabled: "true"
      StreamSpecification:
        StreamViewType: NEW_IMAGE
      Tags:
        - {Key: team, Value: data}
        - {Key: cost, Value: !Ref "AWS::StackName"}
  Defaults:
    Type: AWS::DynamoDB::Table
`
	proj, diags := parse(t, "t.yaml", src, Options{})
	if len(diags) > 0 {
		t.Fatalf("unexpected diagnostics:\n%v", diags)
	}
	orders, defaults := table(t, proj, "Orders"), table(t, proj, "Defaults")
	got := map[string]valueView{
		"Name":                viewString(orders.Name),
		"BillingMode":         viewString(orders.BillingMode),
		"DeletionProtection":  viewBool(orders.DeletionProtection),
		"StreamEnabled":       viewBool(orders.StreamEnabled),
		"StreamViewType":      viewString(orders.StreamViewType),
		"Region":              viewString(orders.Region),
		"default BillingMode": viewString(defaults.BillingMode),
		"default Deletion":    viewBool(defaults.DeletionProtection),
		"default Stream":      viewBool(defaults.StreamEnabled),
		"default Name":        viewString(defaults.Name),
	}
	want := map[string]valueView{
		"Name":                {State: model.Known, Value: "orders", At: at{5, 18}},
		"BillingMode":         {State: model.Known, Value: "PAY_PER_REQUEST", At: at{6, 20}},
		"DeletionProtection":  {State: model.Known, Value: true, At: at{7, 34}},
		"StreamEnabled":       {State: model.Known, Value: true, At: at{9, 25}},
		"StreamViewType":      {State: model.Known, Value: "NEW_IMAGE", At: at{9, 25}},
		"Region":              {State: model.Absent, Value: "", At: at{2, 3}},
		"default BillingMode": {State: model.Absent, Value: "PROVISIONED", At: at{13, 3}},
		"default Deletion":    {State: model.Absent, Value: false, At: at{13, 3}},
		"default Stream":      {State: model.Absent, Value: false, At: at{13, 3}},
		"default Name":        {State: model.Absent, Value: "", At: at{13, 3}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("attributes (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]string{"team": "data"}, orders.Tags); diff != "" {
		t.Errorf("Tags (-want +got):\n%s", diff)
	}
	wantRes := model.Resource{
		Kind: model.CloudFormation, Type: "AWS::DynamoDB::Table", Address: "Orders", Scope: "t.yaml",
		Range: model.Range{Filename: "t.yaml", Start: model.Pos{Line: 2, Column: 3, Byte: 13}, End: model.Pos{Line: 2, Column: 9, Byte: 19}},
		// from its key to the key of the next resource
		Extent: model.Range{Filename: "t.yaml", Start: model.Pos{Line: 2, Column: 3, Byte: 13}, End: model.Pos{Line: 13, Column: 3, Byte: 329}},
	}
	if diff := cmp.Diff(wantRes, orders.Resource, cmpopts.IgnoreFields(model.Resource{}, "Template")); diff != "" { // TestResourceLayout
		t.Errorf("Resource (-want +got):\n%s", diff)
	}
}

func TestGlobalTable(t *testing.T) {
	const src = `Resources:
  Key:
    Type: AWS::KMS::Key
  Global:
    Type: AWS::DynamoDB::GlobalTable
    Properties:
      AttributeDefinitions: [{AttributeName: pk, AttributeType: S}]
      KeySchema: [{AttributeName: pk, KeyType: HASH}]
      BillingMode: PAY_PER_REQUEST
      StreamSpecification:
        StreamViewType: NEW_AND_OLD_IMAGES
      SSESpecification:
        SSEEnabled: true
        SSEType: KMS
      Replicas:
        - Region: eu-west-1
          SSESpecification:
            KMSMasterKeyId: !GetAtt Key.Arn
          PointInTimeRecoverySpecification:
            PointInTimeRecoveryEnabled: true
          DeletionProtectionEnabled: true
        - Region: us-east-1
`
	proj, diags := parse(t, "t.yaml", src, Options{})
	if len(diags) > 0 {
		t.Fatalf("unexpected diagnostics:\n%v", diags)
	}
	g := table(t, proj, "Global")
	if !g.PerReplicaSettings {
		t.Error("PerReplicaSettings = false, want true")
	}
	if diff := cmp.Diff(keyView{Kind: model.KeyAWSManaged, At: at{13, 21}}, viewKey(g.Encryption)); diff != "" {
		t.Errorf("table Encryption (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(valueView{State: model.Known, Value: false, At: at{16, 9}}, viewBool(g.ReplicasUnknown)); diff != "" {
		t.Errorf("ReplicasUnknown (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(valueView{State: model.Known, Value: true, At: at{11, 25}}, viewBool(g.StreamEnabled)); diff != "" {
		t.Errorf("StreamEnabled (-want +got):\n%s", diff)
	}
	type replicaView struct {
		At                at
		Region            valueView
		Encryption        keyView
		PITR, Deletion    valueView
		DeletionSupported bool
	}
	var got []replicaView
	for _, r := range g.Replicas {
		got = append(got, replicaView{start(r.Range), viewString(r.Region), viewKey(r.Encryption),
			viewBool(r.PITR), viewBool(r.DeletionProtection), true})
	}
	second := at{22, 11}
	want := []replicaView{
		{
			At:                at{16, 11},
			Region:            valueView{State: model.Known, Value: "eu-west-1", At: at{16, 19}},
			Encryption:        keyView{Kind: model.KeyCustomerManaged, At: at{18, 29}, Key: "Key"},
			PITR:              valueView{State: model.Known, Value: true, At: at{20, 41}},
			Deletion:          valueView{State: model.Known, Value: true, At: at{21, 38}},
			DeletionSupported: true,
		},
		{
			At:                second,
			Region:            valueView{State: model.Known, Value: "us-east-1", At: at{22, 19}},
			Encryption:        keyView{Kind: model.KeyAWSManaged, At: second},
			PITR:              valueView{State: model.Absent, Value: false, At: second},
			Deletion:          valueView{State: model.Absent, Value: false, At: second},
			DeletionSupported: true,
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Replicas (-want +got):\n%s", diff)
	}
}

func TestGlobalTableWithoutSSE(t *testing.T) {
	const src = `Resources:
  Global:
    Type: AWS::DynamoDB::GlobalTable
    Properties:
      Replicas:
        - Region: eu-west-1
          SSESpecification:
            KMSMasterKeyId: alias/mine
        - !If [Never, {Region: us-east-1}, !Ref "AWS::NoValue"]
        - !ImportValue replica
Conditions:
  Never: !Equals [a, b]
`
	proj, diags := parse(t, "t.yaml", src, Options{})
	if len(diags) > 0 {
		t.Fatalf("unexpected diagnostics:\n%v", diags)
	}
	g := table(t, proj, "Global")
	if len(g.Replicas) != 1 {
		t.Fatalf("got %d replicas, want 1", len(g.Replicas))
	}
	// The replica's finding points at the replica, not at the table.
	if diff := cmp.Diff(keyView{Kind: model.KeyAWSOwned, At: at{6, 11}}, viewKey(g.Replicas[0].Encryption)); diff != "" {
		t.Errorf("replica Encryption (-want +got):\n%s", diff)
	}
	want := valueView{State: model.Unknown, Value: false, At: at{10, 11},
		Reason: "a replica is !ImportValue replica, an export of another stack, resolved at deploy time"}
	if diff := cmp.Diff(want, viewBool(g.ReplicasUnknown)); diff != "" {
		t.Errorf("ReplicasUnknown (-want +got):\n%s", diff)
	}
}

func TestSimpleTable(t *testing.T) {
	const src = `Transform: AWS::Serverless-2016-10-31
Resources:
  Plain:
    Type: AWS::Serverless::SimpleTable
  Full:
    Type: AWS::Serverless::SimpleTable
    Properties:
      TableName: orders
      SSESpecification:
        SSEEnabled: true
      PointInTimeRecoverySpecification:
        PointInTimeRecoveryEnabled: "true"
      ProvisionedThroughput:
        ReadCapacityUnits: "5"
        WriteCapacityUnits: 5
      Tags:
        team: data
`
	proj, diags := parse(t, "t.yaml", src, Options{})
	if len(diags) > 0 {
		t.Fatalf("unexpected diagnostics:\n%v", diags)
	}
	plain, full := table(t, proj, "Plain"), table(t, proj, "Full")
	type view struct {
		Encryption          keyView
		PITR, Deletion, SSE valueView
		Billing, Name       valueView
		Tags                map[string]string
	}
	got := []view{
		{viewKey(plain.Encryption), viewBool(plain.PITR), viewBool(plain.DeletionProtection), viewBool(plain.SSEEnabled),
			viewString(plain.BillingMode), viewString(plain.Name), plain.Tags},
		{viewKey(full.Encryption), viewBool(full.PITR), viewBool(full.DeletionProtection), viewBool(full.SSEEnabled),
			viewString(full.BillingMode), viewString(full.Name), full.Tags},
	}
	p, f := at{3, 3}, at{5, 3}
	want := []view{
		{
			Encryption: keyView{Kind: model.KeyAWSOwned, At: p},
			PITR:       valueView{State: model.Absent, Value: false, At: p},
			Deletion:   valueView{State: model.Absent, Value: false, At: p},
			SSE:        valueView{State: model.Absent, Value: false, At: p},
			Billing:    valueView{State: model.Absent, Value: "PAY_PER_REQUEST", At: p},
			Name:       valueView{State: model.Absent, Value: "", At: p},
		},
		{
			Encryption: keyView{Kind: model.KeyAWSManaged, At: at{10, 21}},
			PITR:       valueView{State: model.Known, Value: true, At: at{12, 37}},
			Deletion:   valueView{State: model.Absent, Value: false, At: f},
			SSE:        valueView{State: model.Known, Value: true, At: at{10, 21}},
			Billing:    valueView{State: model.Absent, Value: "PROVISIONED", At: at{13, 7}},
			Name:       valueView{State: model.Known, Value: "orders", At: at{8, 18}},
			Tags:       map[string]string{"team": "data"},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("SimpleTables (-want +got):\n%s", diff)
	}
}

// TestSimpleTableKey checks that a KMSMasterKeyId, which SAM copies to the
// generated table, is classified.
func TestSimpleTableKey(t *testing.T) {
	const src = `Resources:
  Key:
    Type: AWS::KMS::Key
  Table:
    Type: AWS::Serverless::SimpleTable
    Properties:
      SSESpecification:
        SSEEnabled: true
        SSEType: KMS
        KMSMasterKeyId: !Ref Key
`
	proj, diags := parse(t, "t.yaml", src, Options{})
	if len(diags) > 0 {
		t.Fatalf("unexpected diagnostics:\n%v", diags)
	}
	want := keyView{Kind: model.KeyCustomerManaged, At: at{10, 25}, Key: "Key"}
	if diff := cmp.Diff(want, viewKey(table(t, proj, "Table").Encryption)); diff != "" {
		t.Errorf("Encryption (-want +got):\n%s", diff)
	}
}

func TestSimpleTableGlobals(t *testing.T) {
	const src = `Transform: AWS::Serverless-2016-10-31
Globals:
  SimpleTable:
    SSESpecification:
      SSEEnabled: true
Resources:
  Inherits:
    Type: AWS::Serverless::SimpleTable
  Overrides:
    Type: AWS::Serverless::SimpleTable
    Properties:
      SSESpecification:
        SSEEnabled: false
  Merges:
    Type: AWS::Serverless::SimpleTable
    Properties:
      SSESpecification:
        SSEType: KMS
  Replaces:
    Type: AWS::Serverless::SimpleTable
    Properties:
      SSESpecification: !If [Yes, {SSEType: KMS}, {SSEType: KMS}]
Conditions:
  Yes: !Equals [a, a]
`
	proj, diags := parse(t, "t.yaml", src, Options{})
	if len(diags) > 0 {
		t.Fatalf("unexpected diagnostics:\n%v", diags)
	}
	if diff := cmp.Diff(keyView{Kind: model.KeyAWSManaged, At: at{5, 19}}, viewKey(table(t, proj, "Inherits").Encryption)); diff != "" {
		t.Errorf("Inherits (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(keyView{Kind: model.KeyAWSOwned, At: at{13, 21}}, viewKey(table(t, proj, "Overrides").Encryption)); diff != "" {
		t.Errorf("Overrides (-want +got):\n%s", diff)
	}
	// SAM merges mappings key by key: SSEEnabled comes from Globals.
	if diff := cmp.Diff(keyView{Kind: model.KeyAWSManaged, At: at{5, 19}}, viewKey(table(t, proj, "Merges").Encryption)); diff != "" {
		t.Errorf("Merges (-want +got):\n%s", diff)
	}
	// An intrinsic function replaces the global value whatever it resolves to.
	if diff := cmp.Diff(keyView{Kind: model.KeyAWSOwned, At: at{22, 7}}, viewKey(table(t, proj, "Replaces").Encryption)); diff != "" {
		t.Errorf("Replaces (-want +got):\n%s", diff)
	}
}

// TestCoercion checks that the values goformation rejects although
// CloudFormation accepts them produce no diagnostic: numbers and booleans
// given as strings, directly or through parameters.
func TestCoercion(t *testing.T) {
	raw := `{"Type": "AWS::DynamoDB::Table", "Properties": {"ProvisionedThroughput": {"ReadCapacityUnits": "5", "WriteCapacityUnits": 5}}}`
	if err := json.Unmarshal([]byte(raw), &dynamodb.Table{}); err == nil {
		t.Fatal("goformation accepts a number given as a string: this test no longer shows the coercion")
	}
	const src = `Parameters:
  Read: {Type: Number, Default: 5}
  Pitr: {Type: String, Default: "false", AllowedValues: ["true", "false"]}
Resources:
  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      ProvisionedThroughput:
        ReadCapacityUnits: !Ref Read
        WriteCapacityUnits: "10"
      PointInTimeRecoverySpecification:
        PointInTimeRecoveryEnabled: !Ref Pitr
      DeletionProtectionEnabled: "TRUE"
      OnDemandThroughput:
        MaxReadRequestUnits: 10
      AttributeDefinitions:
        - AttributeName: !Ref Unset
          AttributeType: S
`
	proj, diags := parse(t, "t.yaml", src, Options{})
	if len(diags) > 0 {
		t.Errorf("unexpected diagnostics:\n%v", diags)
	}
	tbl := table(t, proj, "Table")
	if v := viewBool(tbl.PITR); v.State != model.Known || v.Value != false {
		t.Errorf("PITR = %+v, want known false", v)
	}
	if v := viewBool(tbl.DeletionProtection); v.State != model.Known || v.Value != true {
		t.Errorf("DeletionProtection = %+v, want known true", v)
	}
}

// TestSchemaMismatch checks that a value of the wrong type is reported,
// becomes unknown, and that the template's other resources are still read.
func TestSchemaMismatch(t *testing.T) {
	const src = `Resources:
  Bad:
    Type: AWS::DynamoDB::Table
    Properties:
      SSESpecification: "yes"
      PointInTimeRecoverySpecification:
        PointInTimeRecoveryEnabled: [1, 2]
  Good:
    Type: AWS::DynamoDB::Table
    Properties:
      SSESpecification:
        SSEEnabled: true
`
	proj, diags := parse(t, "t.yaml", src, Options{})
	want := []diagView{
		{model.DiagWarning, `SSESpecification of resource "Bad" is not a mapping`, at{5, 25}},
		{model.DiagWarning, `PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled of resource "Bad" is not a boolean`, at{7, 37}},
	}
	if diff := cmp.Diff(want, viewDiags(diags)); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
	for _, d := range diags {
		if strings.Contains(d.Detail, "json") || strings.Contains(d.Detail, "Go struct") {
			t.Errorf("the diagnostic shows the decoder's message: %s", d.Detail)
		}
	}
	bad := table(t, proj, "Bad")
	if diff := cmp.Diff(keyView{Kind: model.KeyUnknown, At: at{5, 25},
		Reason: `SSESpecification is "yes", a value of the wrong type`}, viewKey(bad.Encryption)); diff != "" {
		t.Errorf("Bad Encryption (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(valueView{State: model.Unknown, Value: false, At: at{7, 37},
		Reason: "PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled is not a boolean, as AWS::DynamoDB::Table expects"},
		viewBool(bad.PITR)); diff != "" {
		t.Errorf("Bad PITR (-want +got):\n%s", diff)
	}
	if k := table(t, proj, "Good").Encryption.Kind; k != model.KeyAWSManaged {
		t.Errorf("Good Encryption = %v, want aws-managed", k)
	}
}

// TestResourceExtent checks where a template resource's extent ends: at
// the next resource's key, at the top-level key after Resources for the
// last one, at the end of the file when nothing follows, in JSON as in
// YAML, and that a flow-style YAML template gives none.
func TestResourceExtent(t *testing.T) {
	const src = `Resources:
  A:
    Type: AWS::DynamoDB::Table
  B:
    Type: AWS::DynamoDB::Table
Outputs:
  X:
    Value: 1
`
	proj, _ := parse(t, "t.yaml", src, Options{})
	ext := func(r model.Range) string {
		return fmt.Sprintf("%d:%d-%d:%d", r.Start.Line, r.Start.Column, r.End.Line, r.End.Column)
	}
	if got := ext(table(t, proj, "A").Extent); got != "2:3-4:3" {
		t.Errorf("extent of A = %s, want 2:3-4:3", got)
	}
	if got := ext(table(t, proj, "B").Extent); got != "4:3-6:1" {
		t.Errorf("extent of B = %s, want 4:3-6:1, to Outputs", got)
	}
	proj, _ = parse(t, "t.yaml", "Resources:\n  A:\n    Type: AWS::DynamoDB::Table\n", Options{})
	if got := ext(table(t, proj, "A").Extent); got != "2:3-4:1" {
		t.Errorf("extent of the last resource = %s, want 2:3-4:1, to the end", got)
	}
	proj, _ = parse(t, "t.json", "{\"Resources\": {\"A\": {\"Type\": \"AWS::DynamoDB::Table\"},\n  \"B\": {}}, \"Outputs\": {}}", Options{})
	if got := ext(table(t, proj, "A").Extent); got != "1:16-2:3" {
		t.Errorf("extent of A in JSON = %s, want 1:16-2:3, to the key of B", got)
	}
	proj, _ = parse(t, "t.yaml", `{"Resources": {"A": {"Type": "AWS::DynamoDB::Table"}}}`, Options{})
	if got := table(t, proj, "A").Extent; !got.IsZero() {
		t.Errorf("extent in a flow-style YAML template = %v, want none", got)
	}
}
