package rules

import "github.com/dynamoguard/dynamoguard/model"

// ExportNotKMS is DDB109.
var ExportNotKMS = &Rule{
	ID:        "DDB109",
	Name:      "export-not-kms",
	Title:     "Table export not encrypted with a customer managed KMS key",
	Severity:  Medium,
	CWE:       "CWE-311",
	Precision: "high",
	Doc: Doc{
		Why: "An export copies a whole table (or every change in a window) to S3, where it no longer has the " +
			"table's protection. With the default SSE-S3 (`AES256`) the objects are encrypted with keys S3 owns, and " +
			"with SSE-KMS but no key ID with the AWS-managed `aws/s3` key: in both cases anyone allowed to read " +
			"the bucket reads the data, no key policy of yours stands in between, and CloudTrail records no " +
			"decryption. A customer managed key makes reading the export need both the bucket and the key.",
		FixTerraform: "Set `s3_sse_algorithm = \"KMS\"` and `s3_sse_kms_key_id` to a customer managed key (an " +
			"`aws_kms_key` of your own) on the `aws_dynamodb_table_export`.",
		FixCloudFormation: "CloudFormation has no resource for table exports (they are started with the " +
			"`ExportTableToPointInTime` API); this rule checks Terraform only.",
		Terraform: Example{Bad: example("DDB109", "bad.tf"), Good: example("DDB109", "good.tf")},
		References: []string{
			"https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/S3DataExport.HowItWorks.html",
			"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/dynamodb_table_export",
		},
	},
	Check: checkExportNotKMS,
}

func checkExportNotKMS(p *Pass) {
	for _, e := range p.Project.DynamoDB.TableExports {
		k := e.Encryption
		switch k.Kind {
		case model.KeyUnknown:
			p.Skip(e.Resource, k.Meta)
		case model.KeyAWSOwned:
			p.Report(e.Resource, k.Meta,
				"table export %s has %s %s, which is SSE-S3: whoever can read the bucket reads the exported table; "+
					"set s3_sse_algorithm = \"KMS\" and s3_sse_kms_key_id to a customer managed key",
				e.Address, e.S3SSEAlgorithm.Path, valueText(e.S3SSEAlgorithm.Meta, e.S3SSEAlgorithm.Value))
		case model.KeyAWSManaged:
			what := "not set, so the AWS-managed aws/s3 key is used"
			if k.IsKnown() && k.ID != "" {
				what = "the AWS-managed key " + quoteFor(model.Terraform, k.ID)
			}
			p.Report(e.Resource, k.Meta,
				"table export %s has %s %s: no key policy of yours guards the exported table; "+
					"set s3_sse_kms_key_id to a customer managed key",
				e.Address, k.Path, what+fromText(k.Meta))
		}
	}
}
