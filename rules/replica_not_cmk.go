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
		Terraform:      Example{Bad: example("DDB103", "bad.tf"), Good: example("DDB103", "good.tf")},
		CloudFormation: Example{Bad: example("DDB103", "bad.yaml"), Good: example("DDB103", "good.yaml")},
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
