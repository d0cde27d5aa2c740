package terraform

import (
	"testing"

	"github.com/dynamoguard/dynamoguard/model"
)

// TestAccessResources reads buckets, their policies and blocks, endpoints,
// resource policies and key policies, and checks what Link attaches.
func TestAccessResources(t *testing.T) {
	p, diags := loadFiles(t, map[string]string{"main.tf": `
variable "env" { type = string }
data "aws_region" "current" {}

resource "aws_s3_bucket" "named" { bucket = "exports-${var.env}" }
resource "aws_s3_bucket" "legacy" {
  bucket = "legacy"
  policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "*" }] })
}
resource "aws_s3_bucket_policy" "p" {
  bucket = aws_s3_bucket.named.id
  policy = jsonencode({ Statement = [{ Effect = "Deny", Principal = "*", Action = "s3:*", Resource = "*" }] })
}
resource "aws_s3_bucket_public_access_block" "b" {
  bucket            = "legacy"
  block_public_acls = true
}
resource "aws_s3_account_public_access_block" "a" {
  block_public_policy = true
}
resource "aws_vpc_endpoint" "ddb" {
  vpc_id       = "vpc-1"
  service_name = "com.amazonaws.${data.aws_region.current.name}.dynamodb"
}
resource "aws_vpc_endpoint_policy" "ddb" {
  vpc_endpoint_id = aws_vpc_endpoint.ddb.id
  policy          = jsonencode({ Statement = [{ Effect = "Allow", Principal = "*", Action = "dynamodb:*", Resource = "*" }] })
}
resource "aws_dynamodb_table" "t" {
  name     = "t"
  hash_key = "pk"
  attribute {
    name = "pk"
    type = "S"
  }
}
resource "aws_dynamodb_resource_policy" "stream" {
  resource_arn = aws_dynamodb_table.t.stream_arn
  policy       = jsonencode({ Statement = [{ Effect = "Allow", Principal = "*", Action = "dynamodb:GetRecords", Resource = "*" }] })
}
resource "aws_dynamodb_resource_policy" "literal" {
  resource_arn = "arn:aws:dynamodb:us-east-1:111122223333:table/t"
  policy       = jsonencode({ Statement = [{ Effect = "Allow", Principal = "*", Action = "dynamodb:GetItem", Resource = "*" }] })
}
resource "aws_kms_key" "k" {}
resource "aws_kms_key_policy" "k" {
  key_id = aws_kms_key.k.id
  policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "kms:*", Resource = "*" }] })
}
`}, Options{})
	if err := model.Validate(p); err != nil {
		t.Fatal(err)
	}
	for _, d := range diags {
		t.Errorf("diagnostic: %s", d.Summary)
	}
	s3 := p.S3
	if len(s3.Buckets) != 2 || len(s3.BucketPolicies) != 1 || len(s3.PublicAccessBlocks) != 2 {
		t.Fatalf("S3 = %d buckets, %d policies, %d blocks", len(s3.Buckets), len(s3.BucketPolicies), len(s3.PublicAccessBlocks))
	}
	named, legacy := s3.Buckets[0], s3.Buckets[1]
	if !named.Name.IsUnknown() || named.NameText != "exports-${var.env}" {
		t.Errorf("named bucket: %+v %q", named.Name.Meta, named.NameText)
	}
	if legacy.Policy.State != model.Known || len(legacy.Policy.Statements) != 1 {
		t.Errorf("legacy policy not read: %+v", legacy.Policy.Meta)
	}
	if s3.BucketPolicies[0].Target != named || len(named.Policies) != 1 {
		t.Error("bucket policy not linked by reference")
	}
	if blk := s3.PublicAccessBlocks[0]; blk.Target != legacy || !blk.Config.BlockPublicACLs.Value || blk.Config.IgnorePublicACLs.State != model.Absent {
		t.Errorf("bucket block: target %v, config %+v", blk.Target, blk.Config)
	}
	if acct := s3.PublicAccessBlocks[1]; !acct.Account || acct.Target != nil || !acct.Config.BlockPublicPolicy.Value {
		t.Errorf("account block: %+v", acct)
	}
	ep := p.EC2.VPCEndpoints[0]
	if !ep.IsDynamoDB() || ep.Type.Value != "Gateway" || len(ep.Policies) != 1 || ep.Policy.State != model.Absent {
		t.Errorf("endpoint: service %+v, type %q, %d policies", ep.Service, ep.Type.Value, len(ep.Policies))
	}
	rps := p.DynamoDB.ResourcePolicies
	if len(rps) != 2 || !rps[0].Stream || rps[0].Table == nil || rps[1].Stream || rps[1].Table == nil {
		t.Errorf("resource policies: %+v", rps)
	}
	k := p.KMS.Keys[0]
	if len(k.KeyPolicies) != 1 || k.KeyPolicies[0].Policy.State != model.Known || k.Policy.State != model.Absent {
		t.Errorf("key policies: %d, own policy %v", len(k.KeyPolicies), k.Policy.State)
	}
}
