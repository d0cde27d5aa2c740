package rules

import (
	"fmt"

	"github.com/dynamoguard/dynamoguard/model"
)

// TableAWSOwnedKey is DDB101.
var TableAWSOwnedKey = &Rule{
	ID:        "DDB101",
	Name:      "table-aws-owned-key",
	Title:     "Table encrypted only with the AWS-owned key",
	Severity:  Medium,
	CWE:       "CWE-311",
	Precision: "very-high",
	Doc: Doc{
		Why: "Every DynamoDB table is encrypted at rest, but without server-side encryption settings the key is " +
			"owned by DynamoDB and lives in an AWS service account. It never appears in your account: no key " +
			"policy limits who can read the table's data through DynamoDB, CloudTrail records no use of it, and " +
			"it cannot be disabled to cut off access in an incident. A customer managed KMS key gives you all three.",
		FixTerraform: "Add a `server_side_encryption` block with `enabled = true` and `kms_key_arn` set to a " +
			"customer managed key (an `aws_kms_key` of your own, with rotation on).",
		FixCloudFormation: "Set `SSESpecification` with `SSEEnabled: true`, `SSEType: KMS` and `KMSMasterKeyId` " +
			"naming a customer managed key (`!Ref` or `!GetAtt` of an `AWS::KMS::Key`); a SAM `SimpleTable` " +
			"takes the same `SSESpecification`.",
		Terraform:      Example{Bad: example("DDB101", "bad.tf"), Good: example("DDB101", "good.tf")},
		CloudFormation: Example{Bad: example("DDB101", "bad.yaml"), Good: example("DDB101", "good.yaml")},
		References: []string{
			"https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/EncryptionAtRest.html",
		},
		AutoFix: "`dynamoguard fix` writes `server_side_encryption { enabled = true, kms_key_arn = aws_kms_key.NAME.arn }` (CloudFormation: `SSESpecification` with `SSEEnabled: true`, `SSEType: KMS` and `KMSMasterKeyId: !GetAtt NAME.Arn`) when the key is unambiguous: the only customer managed key declared in the table's module or template, or the one given with `--kms-key ADDRESS|ARN`; otherwise the finding says why no fix is offered.",
	},
	Check: checkTableAWSOwnedKey,
}

func checkTableAWSOwnedKey(p *Pass) {
	for _, t := range p.Project.DynamoDB.Tables {
		switch t.Encryption.Kind {
		case model.KeyUnknown:
			if t.SSEEnabled.IsUnknown() {
				p.Skip(t.Resource, t.Encryption.Meta)
			}
		case model.KeyAWSOwned:
			reportCMKFix(p, t,
				"table %s has %s %s, so %s encrypted only with the AWS-owned key: no key policy, audit trail "+
					"or revocation covers its data; %s",
				t.Address, t.Encryption.Path, flagText(t.SSEEnabled.Meta), withReplicas(t), fixAWSOwned(t))
		}
	}
}

func fixAWSOwned(t *model.Table) string {
	if len(t.Encryption.Origins) > 0 {
		return fixSetting(t.Resource, t.Encryption.Meta, "true") + " and name a customer managed key"
	}
	if t.Kind == model.CloudFormation {
		return "set SSESpecification with SSEEnabled: true, SSEType: KMS and KMSMasterKeyId of a customer managed key"
	}
	return "add server_side_encryption { enabled = true, kms_key_arn = <customer managed key ARN> }"
}

// withReplicas is the subject of a table's AWS-owned-key finding: the
// table and, as one cause, the replicas that share its encryption.
func withReplicas(t *model.Table) string {
	n := 0
	for _, r := range t.Replicas {
		if !r.Primary {
			n++
		}
	}
	switch {
	case n == 1:
		return "it and its replica are"
	case n > 1:
		return fmt.Sprintf("it and its %d replicas are", n)
	}
	return "it is"
}
