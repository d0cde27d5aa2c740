package rules

import (
	"fmt"

	"github.com/dynamoguard/dynamoguard/model"
)

// TableNotInBackupPlan is DDB204.
var TableNotInBackupPlan = &Rule{
	ID:        "DDB204",
	Name:      "table-not-in-backup-plan",
	Title:     "Table covered by no AWS Backup plan",
	Severity:  Low,
	CWE:       "CWE-693",
	Precision: "medium",
	Controls:  []string{"DynamoDB.4"},
	Doc: Doc{
		Why: "Point-in-time recovery reaches back 35 days and disappears with the table's account or a " +
			"DeleteTable call. AWS Backup keeps scheduled backups for as long as its plan says, in a vault with " +
			"its own key and access policy, optionally locked and copied to another region or account. When a " +
			"project has backup plans, a table that no backup selection picks up (by ARN, wildcard or tag) is " +
			"usually one that was forgotten. Where the project has no plan at all the rule stays silent, unless " +
			"`require_backup_plan: true` is set in the configuration (for organisations whose plans live elsewhere " +
			"and select by tag, keep it off). A selection that cannot be resolved (an unknown ARN or tag " +
			"condition) is not analysed rather than taken as missing.",
		FixTerraform: "Add the table to an `aws_backup_selection` of a plan: its ARN " +
			"(`aws_dynamodb_table.x.arn`) or a matching pattern in `resources`, or a tag it carries in a " +
			"`selection_tag` or `condition` block.",
		FixCloudFormation: "Add the table to an `AWS::Backup::BackupSelection` of a plan: its ARN " +
			"(`!GetAtt Table.Arn`) or a matching pattern in `BackupSelection.Resources`, or a tag it carries in " +
			"`ListOfTags` or `Conditions`.",
		Terraform:      Example{Bad: example("DDB204", "bad.tf"), Good: example("DDB204", "good.tf")},
		CloudFormation: Example{Bad: example("DDB204", "bad.yaml"), Good: example("DDB204", "good.yaml")},
		References: []string{
			"https://docs.aws.amazon.com/aws-backup/latest/devguide/assigning-resources.html",
			"https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/backuprestore_HowItWorksAWS.html",
		},
	},
	Check: checkTableNotInBackupPlan,
}

func checkTableNotInBackupPlan(p *Pass) {
	b := p.Project.Backup
	if len(b.Plans) == 0 && !p.Settings.RequireBackupPlan {
		return
	}
	for _, t := range p.Project.DynamoDB.Tables {
		covered, unknown, by := false, model.Meta{}, (*model.BackupSelection)(nil)
		for _, s := range b.Selections {
			c, m := s.Covers(t)
			if c == model.Covered {
				covered = true
				break
			}
			if c == model.CoverageUnknown && by == nil {
				unknown, by = m, s
			}
		}
		switch {
		case covered:
		case by != nil:
			unknown.Reason = fmt.Sprintf("whether backup selection %s covers table %s is unknown: %s", by.Address, t.Address, unknown.Reason)
			p.Skip(t.Resource, unknown)
		default:
			p.Report(t.Resource, model.Meta{State: model.Absent, Range: t.Range, Path: "backup_selection"},
				"table %s is in no AWS Backup selection%s, so it has no backups beyond the 35 days of point-in-time "+
					"recovery; %s", t.Address, plansText(b.Plans), backupFix(t))
		}
	}
}

// plansText names the project's backup plans for a message.
func plansText(plans []*model.BackupPlan) string {
	switch len(plans) {
	case 0:
		return " (the project has no backup plan)"
	case 1:
		return fmt.Sprintf(" of plan %s", plans[0].Address)
	}
	return fmt.Sprintf(" of plans %s and %d more", plans[0].Address, len(plans)-1)
}

func backupFix(t *model.Table) string {
	if t.Kind == model.CloudFormation {
		return "add its ARN (!GetAtt " + t.Address + ".Arn) to the Resources of an AWS::Backup::BackupSelection, or a tag it carries to its ListOfTags"
	}
	return "add " + t.BaseAddress() + ".arn to the resources of an aws_backup_selection, or select it by a tag it carries"
}
