package terraform

import (
	"testing"

	"github.com/dynamoguard/dynamoguard/model"
)

func TestTableAttributes(t *testing.T) {
	src := `provider "aws" {
  region = "eu-west-1"
}
provider "aws" {
  alias  = "west"
  region = var.west
}
variable "west" { default = "us-west-2" }
resource "aws_dynamodb_table" "a" {
  name                        = "a"
  billing_mode                = "PAY_PER_REQUEST"
  stream_enabled              = true
  stream_view_type            = "NEW_IMAGE"
  deletion_protection_enabled = true
  tags = {
    team  = "db"
    owner = aws_iam_user.u.name
  }
  point_in_time_recovery {
    enabled = true
  }
}
resource "aws_dynamodb_table" "b" {
  provider = aws.west
  point_in_time_recovery {}
}
resource "aws_iam_user" "u" {}
`
	p, diags := loadFiles(t, map[string]string{"main.tf": src}, Options{})
	if len(diags) > 0 {
		t.Errorf("unexpected diagnostics: %v", diags)
	}
	if len(p.DynamoDB.Tables) != 2 {
		t.Fatalf("got %d tables, want 2", len(p.DynamoDB.Tables))
	}
	a, b := p.DynamoDB.Tables[0], p.DynamoDB.Tables[1]
	wantA := &model.Table{
		Resource: model.Resource{Kind: model.Terraform, Type: "aws_dynamodb_table", Address: "aws_dynamodb_table.a", Range: rng(9, 1, 9, 34),
			Extent: rng(9, 1, 22, 2)}, // the block, to its closing brace
		Name:               model.KnownValue("a", rng(10, 33, 10, 36), ""),
		Region:             model.KnownValue("eu-west-1", rng(2, 12, 2, 23), ""),
		SSEEnabled:         model.AbsentValue(false, rng(9, 1, 9, 34), ""),
		Encryption:         model.KeyRef{Kind: model.KeyAWSOwned, Meta: model.Meta{Range: rng(9, 1, 9, 34)}},
		PITR:               model.KnownValue(true, rng(20, 15, 20, 19), ""),
		DeletionProtection: model.KnownValue(true, rng(14, 33, 14, 37), ""),
		StreamEnabled:      model.KnownValue(true, rng(12, 33, 12, 37), ""),
		StreamViewType:     model.KnownValue("NEW_IMAGE", rng(13, 33, 13, 44), ""),
		BillingMode:        model.KnownValue("PAY_PER_REQUEST", rng(11, 33, 11, 50), ""),
		ReplicasUnknown:    model.AbsentValue(false, rng(9, 1, 9, 34), ""),
		Tags:               map[string]string{"team": "db"},
		InlineAutoScaling:  model.AbsentValue(false, rng(9, 1, 9, 34), ""),
		RetainedOnTeardown: model.AbsentValue(false, rng(9, 1, 9, 34), ""),
		TagsUnknown:        `tags is { team = "db" owner = aws_iam_user.u.name }: it depends on aws_iam_user.u, which is known only after apply`,
	}
	if d := diff(wantA, a); d != "" {
		t.Errorf("table a (-want +got):\n%s", d)
	}
	if d := diff(model.KnownValue("us-west-2", rng(6, 12, 6, 20), ""), b.Region); d != "" {
		t.Errorf("table b region (-want +got):\n%s", d)
	}
	if d := diff(model.AbsentValue(false, rng(25, 3, 25, 25), ""), b.PITR); d != "" {
		t.Errorf("table b PITR (-want +got):\n%s", d)
	}
	if d := diff(model.AbsentValue("PROVISIONED", rng(23, 1, 23, 34), ""), b.BillingMode); d != "" {
		t.Errorf("table b billing mode (-want +got):\n%s", d)
	}
}

func TestNoProviderRegion(t *testing.T) {
	src := "provider \"aws\" {}\nresource \"aws_dynamodb_table\" \"t\" {}\n"
	p, diags := loadFiles(t, map[string]string{"main.tf": src}, Options{})
	table := onlyTable(t, p, diags)
	if d := diff(model.AbsentValue("", rng(2, 1, 2, 34), ""), table.Region); d != "" {
		t.Errorf("Region (-want +got):\n%s", d)
	}
}

func TestReplicas(t *testing.T) {
	src := `resource "aws_kms_key" "r" {}
variable "regions" { default = ["eu-west-1", "eu-west-2"] }
variable "unknown_regions" {}
resource "aws_dynamodb_table" "static" {
  server_side_encryption {
    enabled = true
  }
  replica {
    region_name = "us-east-2"
  }
  replica {
    region_name                 = "us-west-2"
    kms_key_arn                 = aws_kms_key.r.arn
    point_in_time_recovery      = true
    deletion_protection_enabled = true
  }
}
resource "aws_dynamodb_table" "dynamic" {
  dynamic "replica" {
    for_each = var.regions
    content {
      region_name = replica.value
    }
  }
}
resource "aws_dynamodb_table" "unknown" {
  replica {
    region_name = "ap-south-1"
  }
  dynamic "replica" {
    for_each = toset(var.unknown_regions)
    content {
      region_name = replica.value
    }
  }
}
`
	p, diags := loadFiles(t, map[string]string{"main.tf": src}, Options{})
	if len(diags) > 0 {
		t.Errorf("unexpected diagnostics: %v", diags)
	}
	if len(p.DynamoDB.Tables) != 3 {
		t.Fatalf("got %d tables, want 3", len(p.DynamoDB.Tables))
	}
	static, dynamic, unknown := p.DynamoDB.Tables[0], p.DynamoDB.Tables[1], p.DynamoDB.Tables[2]
	wantStatic := []model.Replica{
		{
			Range:              rng(8, 3, 8, 10),
			Region:             model.KnownValue("us-east-2", rng(9, 19, 9, 30), ""),
			Encryption:         model.KeyRef{Kind: model.KeyAWSManaged, Meta: model.Meta{Range: rng(8, 3, 8, 10)}},
			PITR:               model.AbsentValue(false, rng(8, 3, 8, 10), ""),
			DeletionProtection: model.AbsentValue(false, rng(8, 3, 8, 10), ""),
		},
		{
			Range:              rng(11, 3, 11, 10),
			Region:             model.KnownValue("us-west-2", rng(12, 35, 12, 46), ""),
			Encryption:         model.KeyRef{Kind: model.KeyCustomerManaged, KeyAddress: "aws_kms_key.r", Meta: model.Meta{Range: rng(13, 35, 13, 52)}},
			PITR:               model.KnownValue(true, rng(14, 35, 14, 39), ""),
			DeletionProtection: model.KnownValue(true, rng(15, 35, 15, 39), ""),
		},
	}
	if d := diff(wantStatic, static.Replicas); d != "" {
		t.Errorf("static replicas (-want +got):\n%s", d)
	}
	var regions []string
	for _, r := range dynamic.Replicas {
		regions = append(regions, r.Region.Value)
		if r.Encryption.Kind != model.KeyAWSOwned {
			t.Errorf("dynamic replica %s: encryption %s, want aws-owned", r.Region.Value, r.Encryption.Kind)
		}
	}
	if d := diff([]string{"eu-west-1", "eu-west-2"}, regions); d != "" {
		t.Errorf("dynamic replica regions (-want +got):\n%s", d)
	}
	if dynamic.ReplicasUnknown.State != model.Absent {
		t.Errorf("dynamic ReplicasUnknown = %v, want absent", dynamic.ReplicasUnknown)
	}
	if len(unknown.Replicas) != 1 || unknown.Replicas[0].Region.Value != "ap-south-1" {
		t.Errorf("unknown: replicas %v, want only the static ap-south-1", unknown.Replicas)
	}
	wantUnknown := model.UnknownValue[bool](rng(31, 16, 31, 42), "",
		`the for_each of dynamic "replica" is toset(var.unknown_regions): variable "unknown_regions" has no default and no value was given`)
	if d := diff(wantUnknown, unknown.ReplicasUnknown); d != "" {
		t.Errorf("ReplicasUnknown (-want +got):\n%s", d)
	}
}

func TestReplicaKeyFollowsTableSSE(t *testing.T) {
	src := `variable "sse" {}
resource "aws_dynamodb_table" "t" {
  server_side_encryption {
    enabled = var.sse
  }
  replica {
    region_name = "us-east-2"
  }
}
`
	p, diags := loadFiles(t, map[string]string{"main.tf": src}, Options{})
	table := onlyTable(t, p, diags)
	want := model.KeyRef{Kind: model.KeyUnknown, Meta: model.Meta{Range: rng(6, 3, 6, 10), Reason: `the replica has no kms_key_arn and the table's server_side_encryption.enabled is unknown: variable "sse" has no default and no value was given`}}
	if d := diff(want, table.Replicas[0].Encryption); d != "" {
		t.Errorf("replica encryption (-want +got):\n%s", d)
	}
}

func TestDynamicSSEAndPITR(t *testing.T) {
	src := `variable "cmk" { default = true }
variable "pitr" {}
resource "aws_kms_key" "k" {}
resource "aws_dynamodb_table" "t" {
  dynamic "server_side_encryption" {
    for_each = var.cmk ? [aws_kms_key.k.arn] : []
    content {
      enabled     = true
      kms_key_arn = server_side_encryption.value
    }
  }
  dynamic "point_in_time_recovery" {
    for_each = var.pitr ? [1] : []
    content {
      enabled = true
    }
  }
}
`
	p, diags := loadFiles(t, map[string]string{"main.tf": src}, Options{})
	if len(diags) > 0 {
		t.Errorf("unexpected diagnostics: %v", diags)
	}
	table := onlyTable(t, p, diags)
	if table.Encryption.Kind != model.KeyCustomerManaged || table.Encryption.KeyAddress != "aws_kms_key.k" {
		t.Errorf("Encryption = %+v, want the CMK aws_kms_key.k", table.Encryption)
	}
	want := model.UnknownValue[bool](rng(13, 16, 13, 35), "",
		`the for_each of dynamic "point_in_time_recovery" is var.pitr ? [1] : []: variable "pitr" has no default and no value was given`)
	if d := diff(want, table.PITR); d != "" {
		t.Errorf("PITR (-want +got):\n%s", d)
	}
}

func TestInstances(t *testing.T) {
	src := `variable "n" {}
resource "aws_dynamodb_table" "counted" {
  count = 2
  name  = "c-${count.index}"
}
resource "aws_dynamodb_table" "none" {
  count = 0
}
resource "aws_dynamodb_table" "each" {
  for_each = { x = "one", y = "two" }
  name     = "${each.key}-${each.value}"
}
resource "aws_dynamodb_table" "set" {
  for_each = toset(["s"])
  name     = each.value
}
resource "aws_dynamodb_table" "unknown" {
  count = var.n
  name  = "u-${count.index}"
  billing_mode = "PAY_PER_REQUEST"
}
`
	p, diags := loadFiles(t, map[string]string{"main.tf": src}, Options{})
	if len(diags) > 0 {
		t.Errorf("unexpected diagnostics: %v", diags)
	}
	type inst struct{ Address, Name string }
	var got []inst
	for _, tb := range p.DynamoDB.Tables {
		name := tb.Name.Value
		if tb.Name.IsUnknown() {
			name = "unknown: " + tb.Name.Reason
		}
		got = append(got, inst{tb.Address, name})
	}
	want := []inst{
		{"aws_dynamodb_table.counted[0]", "c-0"},
		{"aws_dynamodb_table.counted[1]", "c-1"},
		{`aws_dynamodb_table.each["x"]`, "x-one"},
		{`aws_dynamodb_table.each["y"]`, "y-two"},
		{`aws_dynamodb_table.set["s"]`, "s"},
		{"aws_dynamodb_table.unknown", `unknown: the count of aws_dynamodb_table.unknown is unknown: variable "n" has no default and no value was given`},
	}
	if d := diff(want, got); d != "" {
		t.Errorf("instances (-want +got):\n%s", d)
	}
	if last := p.DynamoDB.Tables[len(p.DynamoDB.Tables)-1]; !last.BillingMode.IsKnown() {
		t.Errorf("billing mode of the unknown-count instance = %v, want known", last.BillingMode)
	}
}

func TestKMSModel(t *testing.T) {
	src := `resource "aws_kms_key" "k" {
  enable_key_rotation = "true"
}
resource "aws_kms_key" "plain" {}
resource "aws_kms_alias" "a" {
  name          = "alias/k"
  target_key_id = aws_kms_key.k.key_id
}
resource "aws_kms_alias" "lit" {
  name          = "alias/lit"
  target_key_id = "1234abcd"
}
`
	p, diags := loadFiles(t, map[string]string{"main.tf": src}, Options{})
	if len(diags) > 0 {
		t.Errorf("unexpected diagnostics: %v", diags)
	}
	if len(p.KMS.Keys) != 2 || len(p.KMS.Aliases) != 2 {
		t.Fatalf("got %d keys and %d aliases, want 2 and 2", len(p.KMS.Keys), len(p.KMS.Aliases))
	}
	if d := diff(model.KnownValue(true, rng(2, 25, 2, 31), ""), p.KMS.Keys[0].Rotation); d != "" {
		t.Errorf("rotation (-want +got):\n%s", d)
	}
	if d := diff(model.AbsentValue(false, rng(4, 1, 4, 31), ""), p.KMS.Keys[1].Rotation); d != "" {
		t.Errorf("absent rotation (-want +got):\n%s", d)
	}
	a, lit := p.KMS.Aliases[0], p.KMS.Aliases[1]
	if a.TargetKey != p.KMS.Keys[0] || a.Name.Value != "alias/k" || !a.TargetKeyID.IsUnknown() {
		t.Errorf("alias a = %+v, want target aws_kms_key.k", a)
	}
	if lit.TargetKey != nil || lit.TargetKeyID.Value != "1234abcd" {
		t.Errorf("alias lit = %+v, want the literal target", lit)
	}
}
