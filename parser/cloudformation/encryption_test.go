package cloudformation

import (
	"testing"

	"github.com/dynamoguard/dynamoguard/model"
	"github.com/google/go-cmp/cmp"
)

// keysTemplate declares parameters, conditions, a key and an alias; the
// table's SSESpecification (6-space indented) starts at line 30.
const keysTemplate = `Parameters:
  KeyArn:
    Type: String
  DefaultedKey:
    Type: String
    Default: arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab
  EnableSSE:
    Type: String
    Default: "true"
  Env:
    Type: String
    Default: prod
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  InUsEast1: !Equals [!Ref "AWS::Region", us-east-1]
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: true
  KeyAlias:
    Type: AWS::KMS::Alias
    Properties:
      AliasName: alias/orders
      TargetKeyId: !Ref Key
  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      KeySchema: [{AttributeName: pk, KeyType: HASH}]
`

const keyARN = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"

func TestTableEncryption(t *testing.T) {
	const (
		sseOn = "      SSESpecification:\n        SSEEnabled: true\n"
		key   = "        KMSMasterKeyId: "
	)
	logicalID, sseKey, enabled, keyValue := at{26, 3}, at{30, 7}, at{31, 21}, at{32, 25}
	tests := []struct {
		name   string
		sse    string
		params map[string]string
		want   keyView
		sseOn  valueView
	}{
		{
			name: "CMK by Ref to a key",
			sse:  sseOn + key + "!Ref Key\n",
			want: keyView{Kind: model.KeyCustomerManaged, At: keyValue, Key: "Key"},
		},
		{
			name: "CMK by GetAtt Arn",
			sse:  sseOn + key + "!GetAtt Key.Arn\n",
			want: keyView{Kind: model.KeyCustomerManaged, At: keyValue, Key: "Key"},
		},
		{
			name: "CMK by long-form GetAtt KeyId",
			sse:  sseOn + key + "{\"Fn::GetAtt\": [Key, KeyId]}\n",
			want: keyView{Kind: model.KeyCustomerManaged, At: keyValue, Key: "Key"},
		},
		{
			name: "CMK by literal ARN",
			sse:  sseOn + key + keyARN + "\n",
			want: keyView{Kind: model.KeyCustomerManaged, At: keyValue, ID: keyARN},
		},
		{
			name: "CMK by a bare name",
			sse:  sseOn + key + "Key\n",
			want: keyView{Kind: model.KeyCustomerManaged, At: keyValue, ID: "Key"},
		},
		{
			name: "CMK by Ref to an alias of a template key",
			sse:  sseOn + key + "!Ref KeyAlias\n",
			want: keyView{Kind: model.KeyCustomerManaged, At: keyValue, Key: "Key"},
		},
		{
			name: "CMK by literal alias of a template key",
			sse:  sseOn + key + "alias/orders\n",
			want: keyView{Kind: model.KeyCustomerManaged, At: keyValue, ID: "alias/orders", Key: "Key"},
		},
		{
			name: "CMK by Sub of a key attribute",
			sse:  sseOn + key + "!Sub \"${Key.Arn}\"\n",
			want: keyView{Kind: model.KeyCustomerManaged, At: keyValue, Key: "Key"},
		},
		{
			name: "CMK by parameter default",
			sse:  sseOn + key + "!Ref DefaultedKey\n",
			want: keyView{Kind: model.KeyCustomerManaged, At: keyValue, ID: keyARN},
		},
		{
			name: "AWS-managed by alias",
			sse:  sseOn + key + "alias/aws/dynamodb\n",
			want: keyView{Kind: model.KeyAWSManaged, At: keyValue, ID: "alias/aws/dynamodb"},
		},
		{
			name: "AWS-managed by alias ARN",
			sse:  sseOn + key + "arn:aws:kms:us-east-1:111122223333:alias/aws/dynamodb\n",
			want: keyView{Kind: model.KeyAWSManaged, At: keyValue, ID: "arn:aws:kms:us-east-1:111122223333:alias/aws/dynamodb"},
		},
		{
			name: "AWS-managed by Sub'd ARN",
			sse:  sseOn + key + "!Sub \"arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:alias/aws/dynamodb\"\n",
			want: keyView{Kind: model.KeyAWSManaged, At: keyValue,
				ID: "arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:alias/aws/dynamodb"},
		},
		{
			name: "AWS-managed by joined ARN",
			sse:  sseOn + key + "!Join [\"\", [\"arn:\", !Ref \"AWS::Partition\", \":kms:us-east-1:111122223333:alias/aws/dynamodb\"]]\n",
			want: keyView{Kind: model.KeyAWSManaged, At: keyValue,
				ID: "arn:${AWS::Partition}:kms:us-east-1:111122223333:alias/aws/dynamodb"},
		},
		{
			name: "AWS-managed without a key",
			sse:  sseOn,
			want: keyView{Kind: model.KeyAWSManaged, At: enabled},
		},
		{
			name:  "AWS-managed with SSEEnabled from a parameter default string",
			sse:   "      SSESpecification:\n        SSEEnabled: !Ref EnableSSE\n",
			want:  keyView{Kind: model.KeyAWSManaged, At: enabled},
			sseOn: valueView{State: model.Known, Value: true, At: enabled},
		},
		{
			name:   "AWS-managed by parameter override",
			sse:    sseOn + key + "!Ref KeyArn\n",
			params: map[string]string{"KeyArn": "alias/aws/dynamodb"},
			want:   keyView{Kind: model.KeyAWSManaged, At: keyValue, ID: "alias/aws/dynamodb"},
		},
		{
			name:  "AWS-owned without SSESpecification",
			want:  keyView{Kind: model.KeyAWSOwned, At: logicalID},
			sseOn: valueView{State: model.Absent, Value: false, At: logicalID},
		},
		{
			name:  "AWS-owned with SSEEnabled false",
			sse:   "      SSESpecification:\n        SSEEnabled: false\n",
			want:  keyView{Kind: model.KeyAWSOwned, At: enabled},
			sseOn: valueView{State: model.Known, Value: false, At: enabled},
		},
		{
			name:  "AWS-owned with SSESpecification without SSEEnabled",
			sse:   "      SSESpecification:\n        SSEType: KMS\n",
			want:  keyView{Kind: model.KeyAWSOwned, At: sseKey},
			sseOn: valueView{State: model.Absent, Value: false, At: sseKey},
		},
		{
			name: "AWS-owned when Fn::If drops SSESpecification",
			sse:  "      SSESpecification: !If [IsProd, !Ref AWS::NoValue, {SSEEnabled: true}]\n",
			want: keyView{Kind: model.KeyAWSOwned, At: logicalID},
		},
		{
			name: "unknown: parameter without default",
			sse:  sseOn + key + "!Ref KeyArn\n",
			want: keyView{Kind: model.KeyUnknown, At: keyValue,
				Reason: "SSESpecification.KMSMasterKeyId is !Ref KeyArn, a parameter with no default"},
		},
		{
			name: "Fn::If on a known condition picks the branch",
			sse:  sseOn + key + "!If [IsProd, !Ref Key, alias/aws/dynamodb]\n",
			want: keyView{Kind: model.KeyCustomerManaged, At: at{32, 38}, Key: "Key"},
		},
		{
			name: "Fn::If choosing AWS::NoValue leaves the key absent",
			sse:  sseOn + key + "!If [IsProd, !Ref AWS::NoValue, !Ref Key]\n",
			want: keyView{Kind: model.KeyAWSManaged, At: enabled},
		},
		{
			name: "unknown: Fn::If on an unknown condition",
			sse:  sseOn + key + "!If [InUsEast1, !Ref Key, alias/aws/dynamodb]\n",
			want: keyView{Kind: model.KeyUnknown, At: keyValue,
				Reason: `SSESpecification.KMSMasterKeyId is !If [InUsEast1, !Ref Key, alias/aws/dynamodb], chosen by condition "InUsEast1", which cannot be evaluated`},
		},
		{
			name: "unknown: dynamic reference",
			sse:  sseOn + key + "'{{resolve:ssm:/kms/orders}}'\n",
			want: keyView{Kind: model.KeyUnknown, At: keyValue,
				Reason: `SSESpecification.KMSMasterKeyId is "{{resolve:ssm:/kms/orders}}", a dynamic reference resolved at deploy time`},
		},
		{
			name: "unknown: key ARN with a dynamic reference",
			sse:  sseOn + key + "'arn:aws:kms:eu-west-1:111122223333:key/{{resolve:ssm:/kms/id}}'\n",
			want: keyView{Kind: model.KeyUnknown, At: keyValue,
				Reason: `SSESpecification.KMSMasterKeyId is "arn:aws:kms:eu-west-1:111122223333:key/{{resolve:ssm:/kms/id}}", a dynamic reference resolved at deploy time`},
		},
		{
			name: "unknown: SSEEnabled from AWS::NoValue used as an argument",
			sse:  "      SSESpecification:\n        SSEEnabled: !Select [0, !Ref AWS::NoValue]\n",
			want: keyView{Kind: model.KeyUnknown, At: enabled,
				Reason: "SSESpecification.SSEEnabled is !Select [0, !Ref AWS::NoValue], an invalid use of AWS::NoValue"},
			sseOn: valueView{State: model.Unknown, Value: false, At: enabled, Reason: "AWS::NoValue is used where a value is needed"},
		},
		{
			name: "unknown: import",
			sse:  sseOn + key + "!ImportValue shared-key\n",
			want: keyView{Kind: model.KeyUnknown, At: keyValue,
				Reason: "SSESpecification.KMSMasterKeyId is !ImportValue shared-key, an export of another stack, resolved at deploy time"},
		},
		{
			name: "unknown: SSEEnabled imported",
			sse:  "      SSESpecification:\n        SSEEnabled: !ImportValue sse-on\n" + key + "!Ref Key\n",
			want: keyView{Kind: model.KeyUnknown, At: enabled,
				Reason: "SSESpecification.SSEEnabled is !ImportValue sse-on, an export of another stack, resolved at deploy time"},
			sseOn: valueView{State: model.Unknown, Value: false, At: enabled, Reason: "Fn::ImportValue is resolved at deploy time"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			proj, diags := parse(t, "t.yaml", keysTemplate+tc.sse, Options{Params: tc.params})
			if len(diags) > 0 {
				t.Errorf("unexpected diagnostics:\n%v", diags)
			}
			tbl := table(t, proj, "Table")
			if diff := cmp.Diff(tc.want, viewKey(tbl.Encryption)); diff != "" {
				t.Errorf("Encryption (-want +got):\n%s", diff)
			}
			if tc.sseOn != (valueView{}) {
				if diff := cmp.Diff(tc.sseOn, viewBool(tbl.SSEEnabled)); diff != "" {
					t.Errorf("SSEEnabled (-want +got):\n%s", diff)
				}
			}
		})
	}
}

func TestKMSResources(t *testing.T) {
	proj, diags := parse(t, "t.yaml", keysTemplate, Options{})
	if len(diags) > 0 {
		t.Fatalf("unexpected diagnostics:\n%v", diags)
	}
	if len(proj.KMS.Keys) != 1 || len(proj.KMS.Aliases) != 1 {
		t.Fatalf("got %d keys and %d aliases, want 1 and 1", len(proj.KMS.Keys), len(proj.KMS.Aliases))
	}
	k, a := proj.KMS.Keys[0], proj.KMS.Aliases[0]
	if diff := cmp.Diff(valueView{State: model.Known, Value: true, At: at{20, 26}}, viewBool(k.Rotation)); diff != "" {
		t.Errorf("Rotation (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(valueView{State: model.Known, Value: "alias/orders", At: at{24, 18}}, viewString(a.Name)); diff != "" {
		t.Errorf("alias Name (-want +got):\n%s", diff)
	}
	if a.TargetKey != k {
		t.Errorf("alias TargetKey = %v, want the template's key", a.TargetKey)
	}
	want := valueView{State: model.Unknown, Value: "", At: at{25, 20}, Reason: `Ref to resource "Key" is resolved at deploy time`}
	if diff := cmp.Diff(want, viewString(a.TargetKeyID)); diff != "" {
		t.Errorf("alias TargetKeyID (-want +got):\n%s", diff)
	}
}

// TestJSONLongForms reads the long forms of the intrinsic functions in a
// JSON template.
func TestJSONLongForms(t *testing.T) {
	const src = `{
  "Parameters": {"Env": {"Type": "String", "Default": "dev"}},
  "Conditions": {"IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]}},
  "Resources": {
    "Key": {"Type": "AWS::KMS::Key", "Properties": {"EnableKeyRotation": "false"}},
    "Orders": {
      "Type": "AWS::DynamoDB::Table",
      "Properties": {
        "TableName": {"Fn::Sub": ["${Env}-orders", {}]},
        "SSESpecification": {
          "SSEEnabled": {"Fn::If": ["IsProd", false, true]},
          "KMSMasterKeyId": {"Fn::GetAtt": "Key.Arn"}
        },
        "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": {"Fn::Not": [{"Condition": "IsProd"}]}},
        "DeletionProtectionEnabled": {"Ref": "AWS::NoValue"}
      }
    }
  }
}`
	proj, diags := parse(t, "t.json", src, Options{})
	if len(diags) > 0 {
		t.Fatalf("unexpected diagnostics:\n%v", diags)
	}
	tbl := table(t, proj, "Orders")
	if diff := cmp.Diff(valueView{State: model.Known, Value: "dev-orders", At: at{9, 22}}, viewString(tbl.Name)); diff != "" {
		t.Errorf("Name (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(valueView{State: model.Known, Value: true, At: at{11, 54}}, viewBool(tbl.SSEEnabled)); diff != "" {
		t.Errorf("SSEEnabled (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(keyView{Kind: model.KeyCustomerManaged, At: at{12, 29}, Key: "Key"}, viewKey(tbl.Encryption)); diff != "" {
		t.Errorf("Encryption (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(valueView{State: model.Known, Value: true, At: at{14, 76}}, viewBool(tbl.PITR)); diff != "" {
		t.Errorf("PITR (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(valueView{State: model.Absent, Value: false, At: at{6, 5}}, viewBool(tbl.DeletionProtection)); diff != "" {
		t.Errorf("DeletionProtection (-want +got):\n%s", diff)
	}
	if got := viewBool(proj.KMS.Keys[0].Rotation); got.State != model.Known || got.Value != false {
		t.Errorf("Rotation = %+v, want known false", got)
	}
}

func TestReplicaKeyLinksToItsPrimary(t *testing.T) {
	src := `Resources:
  Primary:
    Type: AWS::KMS::Key
    Properties:
      MultiRegion: true
      EnableKeyRotation: true
  Replica:
    Type: AWS::KMS::ReplicaKey
    Properties:
      PrimaryKeyArn: !GetAtt Primary.Arn
      KeyPolicy: {}
  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      KeySchema: [{AttributeName: pk, KeyType: HASH}]
      SSESpecification:
        SSEEnabled: true
        SSEType: KMS
        KMSMasterKeyId: !GetAtt Replica.Arn
`
	p, diags := parse(t, "t.yaml", src, Options{})
	if len(diags) > 0 {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	if len(p.KMS.ReplicaKeys) != 1 || p.KMS.ReplicaKeys[0].Primary == nil || p.KMS.ReplicaKeys[0].Primary.Address != "Primary" {
		t.Fatalf("replica keys = %+v, want Replica linked to Primary", p.KMS.ReplicaKeys)
	}
	got := viewKey(table(t, p, "Table").Encryption)
	want := keyView{Kind: model.KeyCustomerManaged, At: at{19, 25}, Key: "Primary"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Encryption (-want +got):\n%s", d)
	}
}
