package rules

import "github.com/dynamoguard/dynamoguard/model"

// ReplicaNotCMK is DDB103.
var ReplicaNotCMK = &Rule{
	ID:        "DDB103",
	Name:      "replica-not-cmk",
	Title:     "Global-table replica not encrypted with a customer managed key",
	Severity:  Medium,
	CWE:       "CWE-311",
	Precision: "high",
	Doc: Doc{
		Why: "Each replica of a global table is a full copy of the data in another region, encrypted with a key " +
			"of that region. A replica with no key of its own falls back to the AWS-managed key `aws/dynamodb` " +
			"(or to the AWS-owned key when the table has no KMS encryption at all), so the copy escapes the key " +
			"policy, audit trail and revocation that protect the primary. Give every replica a customer managed " +
			"key in its region.",
		FixTerraform: "In every `replica` block set `kms_key_arn` to a customer managed key in that replica's " +
			"region (for example an `aws_kms_key` created with a provider for that region, or a multi-Region " +
			"replica key), and keep `server_side_encryption` enabled on the table.",
		FixCloudFormation: "In `AWS::DynamoDB::GlobalTable`, set `SSESpecification: {SSEEnabled: true, SSEType: KMS}` " +
			"on the table and `SSESpecification.KMSMasterKeyId` on every item of `Replicas`, naming a key in " +
			"that replica's region.",
		Terraform: Example{
			Bad: `resource "aws_kms_key" "orders" {
  enable_key_rotation = true
}

resource "aws_dynamodb_table" "orders" {
  name             = "orders"
  billing_mode     = "PAY_PER_REQUEST"
  hash_key         = "pk"
  stream_enabled   = true
  stream_view_type = "NEW_AND_OLD_IMAGES"

  attribute {
    name = "pk"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.orders.arn
  }

  replica { # want "DDB103"
    region_name                 = "eu-west-1"
    point_in_time_recovery      = true
    deletion_protection_enabled = true
  }
}
`,
			Good: `resource "aws_kms_key" "orders" {
  enable_key_rotation = true
}

resource "aws_dynamodb_table" "orders" {
  name             = "orders"
  billing_mode     = "PAY_PER_REQUEST"
  hash_key         = "pk"
  stream_enabled   = true
  stream_view_type = "NEW_AND_OLD_IMAGES"

  attribute {
    name = "pk"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.orders.arn
  }

  replica {
    region_name                 = "eu-west-1"
    kms_key_arn                 = "arn:aws:kms:eu-west-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab"
    point_in_time_recovery      = true
    deletion_protection_enabled = true
  }
}
`,
		},
		CloudFormation: Example{
			Bad: `Resources:
  Orders:
    Type: AWS::DynamoDB::GlobalTable
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions:
        - AttributeName: pk
          AttributeType: S
      KeySchema:
        - AttributeName: pk
          KeyType: HASH
      StreamSpecification:
        StreamViewType: NEW_AND_OLD_IMAGES
      SSESpecification:
        SSEEnabled: true
        SSEType: KMS
      Replicas:
        - Region: eu-west-1 # want "DDB103"
          DeletionProtectionEnabled: true
          PointInTimeRecoverySpecification:
            PointInTimeRecoveryEnabled: true
`,
			Good: `Resources:
  Orders:
    Type: AWS::DynamoDB::GlobalTable
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions:
        - AttributeName: pk
          AttributeType: S
      KeySchema:
        - AttributeName: pk
          KeyType: HASH
      StreamSpecification:
        StreamViewType: NEW_AND_OLD_IMAGES
      SSESpecification:
        SSEEnabled: true
        SSEType: KMS
      Replicas:
        - Region: eu-west-1
          DeletionProtectionEnabled: true
          PointInTimeRecoverySpecification:
            PointInTimeRecoveryEnabled: true
          SSESpecification:
            KMSMasterKeyId: arn:aws:kms:eu-west-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab
`,
		},
		References: []string{
			"https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/globaltables-security.html",
		},
	},
	Check: checkReplicaNotCMK,
}

func checkReplicaNotCMK(p *Pass) {
	for _, t := range p.Project.DynamoDB.Tables {
		skipUnknownReplicas(p, t)
		for _, r := range t.Replicas {
			region := ""
			if r.Region.IsKnown() {
				region = r.Region.Value
			}
			switch r.Encryption.Kind {
			case model.KeyUnknown:
				p.Skip(t.Resource, r.Encryption.Meta)
			case model.KeyAWSOwned:
				p.Report(t.Resource, r.Encryption.Meta,
					"replica %s of table %s is encrypted only with the AWS-owned key because the table has no "+
						"KMS encryption, so this copy of the data has no key policy, audit trail or revocation; "+
						"enable KMS encryption on the table and %s",
					r.Label, t.Address, fixKey(t.Resource, r.Encryption, region))
			case model.KeyAWSManaged:
				p.Report(t.Resource, r.Encryption.Meta,
					"replica %s of table %s uses the AWS-managed key aws/dynamodb (%s), so this copy of the "+
						"data escapes the key policy that protects the primary; %s",
					r.Label, t.Address, keyDescription(r.Encryption), fixKey(t.Resource, r.Encryption, region))
			}
		}
	}
}
