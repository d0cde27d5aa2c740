package rules

import "github.com/dynamoguard/dynamoguard/model"

// BackupVaultNotCMK is DDB108.
var BackupVaultNotCMK = &Rule{
	ID:        "DDB108",
	Name:      "backup-vault-not-cmk",
	Title:     "AWS Backup vault not encrypted with a customer managed key",
	Severity:  Medium,
	CWE:       "CWE-311",
	Precision: "high",
	Doc: Doc{
		Why: "A backup vault holds copies of tables long after the tables change or are deleted. Without a key of " +
			"its own the vault uses the AWS-managed `aws/backup` key, whose policy you cannot change: any " +
			"principal of the account allowed to use AWS Backup can have it decrypt, you cannot restrict or " +
			"revoke it in an incident, and copying backups to another account needs a key you manage. With " +
			"AWS Backup's advanced DynamoDB backup features the vault key is the one protecting the backups, " +
			"whatever key the table has. The key is chosen when the vault is created.",
		FixTerraform: "Set `kms_key_arn` on the `aws_backup_vault` to a customer managed key (an `aws_kms_key` " +
			"of your own, with rotation on); this recreates the vault.",
		FixCloudFormation: "Set `EncryptionKeyArn` on the `AWS::Backup::BackupVault` to the ARN of a customer " +
			"managed key (`!GetAtt Key.Arn`); this replaces the vault.",
		Terraform:      Example{Bad: example("DDB108", "bad.tf"), Good: example("DDB108", "good.tf")},
		CloudFormation: Example{Bad: example("DDB108", "bad.yaml"), Good: example("DDB108", "good.yaml")},
		References: []string{
			"https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html",
		},
	},
	Check: checkBackupVaultNotCMK,
}

func checkBackupVaultNotCMK(p *Pass) {
	for _, v := range p.Project.Backup.Vaults {
		k := v.Encryption
		switch k.Kind {
		case model.KeyUnknown:
			p.Skip(v.Resource, k.Meta)
		case model.KeyAWSManaged, model.KeyAWSOwned:
			what := "not set, so its table backups use the AWS-managed aws/backup key"
			if k.IsKnown() && k.ID != "" {
				what = "set to " + quoteFor(v.Kind, k.ID) + ", an AWS-managed key"
			}
			p.Report(v.Resource, k.Meta,
				"backup vault %s has %s %s%s, whose policy you cannot restrict; set %s to a customer managed key "+
					"(this recreates the vault)",
				v.Address, k.Path, what, fromText(k.Meta), k.Path)
		}
	}
}
