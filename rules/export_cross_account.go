package rules

import (
	"strings"

	"github.com/dynamoguard/dynamoguard/model"
)

// ExportCrossAccount is DDB306.
var ExportCrossAccount = &Rule{
	ID:        "DDB306",
	Name:      "export-cross-account",
	Title:     "Table exported to a bucket of an untrusted account",
	Severity:  Medium,
	CWE:       "CWE-200",
	Precision: "high",
	Doc: Doc{
		Why: "A table export can write to a bucket owned by another account (`s3_bucket_owner`). The data then " +
			"lives under that account's control: its bucket policy, its keys, its retention. That is fine for " +
			"your own accounts (list them in `trusted_accounts`; the accounts written in your tables' ARNs count " +
			"as your own) and a data leak for any other.",
		FixTerraform: "Export to a bucket of your own account (leave out `s3_bucket_owner`) or of an account listed " +
			"in `trusted_accounts`.",
		FixCloudFormation: "CloudFormation has no table export resource; exports are started through the API.",
		Terraform:         Example{Bad: example("DDB306", "bad.tf"), Good: example("DDB306", "good.tf")},
		References: []string{
			"https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/S3DataExport_Requesting.html",
		},
	},
	Check: checkExportCrossAccount,
}

func checkExportCrossAccount(p *Pass) {
	trusted := trustedAccounts(p)
	for _, e := range p.Project.DynamoDB.TableExports {
		owner := e.S3BucketOwner
		switch {
		case owner.IsUnknown() && ownAccountRef(owner.Meta):
		case owner.IsUnknown():
			p.Skip(e.Resource, owner.Meta)
		case owner.IsKnown() && len(owner.Refs) == 0 && owner.Value != "" && !trusted[owner.Value]:
			p.Report(e.Resource, owner.Meta,
				"export %s writes to a bucket of account %q, not in trusted_accounts, so the table's copy leaves "+
					"your control; export to your own bucket or trust the account",
				e.Address, owner.Value)
		}
	}
}

// ownAccountRef reports whether a value is the account the configuration
// is applied in: data.aws_caller_identity's account, AWS::AccountId.
func ownAccountRef(m model.Meta) bool {
	for _, r := range m.Refs {
		if strings.Contains(r.Address, "data.aws_caller_identity.") || r.Address == "AWS::AccountId" {
			return true
		}
	}
	return false
}
