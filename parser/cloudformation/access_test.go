package cloudformation

import (
	"testing"

	"github.com/dynamoguard/dynamoguard/model"
)

// TestAccessResources reads buckets with their block, bucket policies,
// endpoints, key policies, and the resource policies of a table, its
// stream and the replicas of a global table.
func TestAccessResources(t *testing.T) {
	p, diags := parse(t, "t.yaml", `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env:
    Type: String
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "exports-${Env}"
      PublicAccessBlockConfiguration:
        BlockPublicAcls: true
        RestrictPublicBuckets: "true"
  Policy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Bucket
      PolicyDocument:
        Statement:
          - {Effect: Allow, Principal: "*", Action: s3:GetObject, Resource: !Sub "${Bucket.Arn}/*"}
  Endpoint:
    Type: AWS::EC2::VPCEndpoint
    Properties:
      VpcId: vpc-1
      ServiceName: !Sub "com.amazonaws.${AWS::Region}.dynamodb"
      VpcEndpointType: Interface
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Statement:
          - {Effect: Allow, Principal: {AWS: "*"}, Action: "kms:*", Resource: "*"}
  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      KeySchema: [{AttributeName: pk, KeyType: HASH}]
      AttributeDefinitions: [{AttributeName: pk, AttributeType: S}]
      BillingMode: PAY_PER_REQUEST
      ResourcePolicy:
        PolicyDocument:
          Statement: [{Effect: Allow, Principal: "*", Action: dynamodb:GetItem, Resource: "*"}]
      StreamSpecification:
        StreamViewType: KEYS_ONLY
        ResourcePolicy:
          PolicyDocument:
            Statement: [{Effect: Allow, Principal: "*", Action: dynamodb:GetRecords, Resource: "*"}]
  Global:
    Type: AWS::DynamoDB::GlobalTable
    Properties:
      KeySchema: [{AttributeName: pk, KeyType: HASH}]
      AttributeDefinitions: [{AttributeName: pk, AttributeType: S}]
      BillingMode: PAY_PER_REQUEST
      StreamSpecification: {StreamViewType: KEYS_ONLY}
      Replicas:
        - Region: eu-west-1
          ResourcePolicy:
            PolicyDocument:
              Statement: [{Effect: Allow, Principal: "*", Action: dynamodb:Query, Resource: "*"}]
          ReplicaStreamSpecification:
            ResourcePolicy:
              PolicyDocument:
                Statement: [{Effect: Allow, Principal: "*", Action: dynamodb:GetRecords, Resource: "*"}]
`, Options{})
	if err := model.Validate(p); err != nil {
		t.Fatal(err)
	}
	for _, d := range diags {
		t.Errorf("diagnostic: %s: %s", d.Summary, d.Detail)
	}
	b := p.S3.Buckets[0]
	if b.NameText != "exports-${?}" || b.AccessBlock.State != model.Known ||
		!b.AccessBlock.BlockPublicACLs.Value || !b.AccessBlock.RestrictPublicBuckets.Value ||
		b.AccessBlock.BlockPublicPolicy.State != model.Absent {
		t.Errorf("bucket: %q %+v", b.NameText, b.AccessBlock)
	}
	if len(b.Policies) != 1 || b.Policies[0].Policy.State != model.Known {
		t.Error("bucket policy not linked by !Ref")
	}
	if e := p.EC2.VPCEndpoints[0]; !e.IsDynamoDB() || e.Type.Value != "Interface" || e.Policy.State != model.Absent {
		t.Errorf("endpoint: %+v %q", e.Service, e.Type.Value)
	}
	if k := p.KMS.Keys[0]; k.Policy.State != model.Known || k.Policy.Path != "KeyPolicy" {
		t.Errorf("key policy: %+v", k.Policy.Meta)
	}
	type view struct {
		addr, replica, path string
		stream              bool
	}
	var got []view
	for _, rp := range p.DynamoDB.ResourcePolicies {
		if rp.Table == nil || rp.Table.Address != rp.Address {
			t.Errorf("%s: resource policy not linked to its table", rp.Address)
		}
		got = append(got, view{rp.Address, rp.Replica, rp.Policy.Path, rp.Stream})
	}
	want := []view{
		{"Table", "", "ResourcePolicy.PolicyDocument", false},
		{"Table", "", "StreamSpecification.ResourcePolicy.PolicyDocument", true},
		{"Global", "eu-west-1", "Replicas[eu-west-1].ResourcePolicy.PolicyDocument", false},
		{"Global", "eu-west-1", "Replicas[eu-west-1].ReplicaStreamSpecification.ResourcePolicy.PolicyDocument", true},
	}
	if len(got) != len(want) {
		t.Fatalf("resource policies = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("resource policy %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}
