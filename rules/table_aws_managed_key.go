package rules

import (
	"fmt"

	"github.com/dynamoguard/dynamoguard/model"
)

// TableAWSManagedKey is DDB102.
var TableAWSManagedKey = &Rule{
	ID:        "DDB102",
	Name:      "table-aws-managed-key",
	Title:     "Table encrypted with the AWS-managed key instead of a customer managed key",
	Severity:  Low,
	CWE:       "CWE-320",
	Precision: "very-high",
	Doc: Doc{
		Why: "With KMS encryption on but no key named, DynamoDB uses the AWS-managed key `aws/dynamodb`. It is " +
			"visible in your account and its use is logged, but its key policy is written by AWS and cannot be " +
			"changed: every principal of the account allowed to use DynamoDB can use the key, one key serves " +
			"every table of the region, and it can be neither disabled nor scheduled for deletion. A customer " +
			"managed key lets you restrict, separate and revoke access to one table's data.",
		FixTerraform: "Set `server_side_encryption.kms_key_arn` to a customer managed key: the `arn` of an " +
			"`aws_kms_key` (or the ARN of an existing key), not `alias/aws/dynamodb`.",
		FixCloudFormation: "Set `SSESpecification.KMSMasterKeyId` to a customer managed key (`!GetAtt Key.Arn` " +
			"of an `AWS::KMS::Key`), not `alias/aws/dynamodb`, with `SSEType: KMS`; a SAM `SimpleTable` takes " +
			"the same `SSESpecification`.",
		Terraform:      Example{Bad: example("DDB102", "bad.tf"), Good: example("DDB102", "good.tf")},
		CloudFormation: Example{Bad: example("DDB102", "bad.yaml"), Good: example("DDB102", "good.yaml")},
		References: []string{
			"https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/encryption.usagenotes.html",
			"https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-mgmt",
		},
		AutoFix: "`dynamoguard fix` sets `server_side_encryption.kms_key_arn` (CloudFormation: `SSESpecification.KMSMasterKeyId`, with `SSEType: KMS`) to the customer managed key when it is unambiguous: the only key declared in the table's module or template, or the one given with `--kms-key ADDRESS|ARN`; otherwise the finding says why no fix is offered.",
	},
	Check: checkTableAWSManagedKey,
}

func checkTableAWSManagedKey(p *Pass) {
	for _, t := range p.Project.DynamoDB.Tables {
		if t.PerReplicaSettings {
			continue // the key is set per replica: DDB103
		}
		switch t.Encryption.Kind {
		case model.KeyUnknown:
			p.Skip(t.Resource, t.Encryption.Meta)
		case model.KeyAWSManaged:
			reportCMKFix(p, t,
				"table %s uses the AWS-managed key aws/dynamodb (%s), whose key policy you cannot restrict "+
					"and which every table of the region shares; %s",
				t.Address, keyDescription(t.Encryption), fixKey(t.Resource, t.Encryption, ""))
		}
	}
}

// keyDescription says how the AWS-managed key was chosen.
func keyDescription(k model.KeyRef) string {
	if k.ID != "" {
		return fmt.Sprintf("%s is %q%s", k.Path, k.ID, fromText(k.Meta))
	}
	return k.Path + " is not set" + fromText(k.Meta)
}

// fixKey says where to name a customer managed key (in region, for a
// replica).
func fixKey(res model.Resource, k model.KeyRef, region string) string {
	in := ""
	if region != "" {
		in = " in " + region
	}
	if len(k.Origins) > 0 {
		return fixSetting(res, k.Meta, "a customer managed key"+in)
	}
	return "set " + k.Path + " to a customer managed key" + in
}
