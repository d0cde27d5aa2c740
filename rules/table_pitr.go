package rules

// TablePITR is DDB201.
var TablePITR = &Rule{
	ID:        "DDB201",
	Name:      "pitr-disabled",
	Title:     "Point-in-time recovery disabled on a table",
	Severity:  Medium,
	CWE:       "CWE-693",
	Precision: "very-high",
	Controls:  []string{"DynamoDB.2"},
	Doc: Doc{
		Why: "Point-in-time recovery keeps continuous backups of a table for up to 35 days, so a table can be " +
			"restored to any second before a faulty deployment, a bad batch job, a compromised credential or " +
			"ransomware-style overwrite. Without it, only on-demand or AWS Backup snapshots exist, and anything " +
			"written since the last one is lost. It is off unless you turn it on.",
		FixTerraform:      "Add `point_in_time_recovery { enabled = true }` to the `aws_dynamodb_table`.",
		FixCloudFormation: "Set `PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}` on the table (SAM `SimpleTable` supports the same property).",
		Terraform:         Example{Bad: example("DDB201", "bad.tf"), Good: example("DDB201", "good.tf")},
		CloudFormation:    Example{Bad: example("DDB201", "bad.yaml"), Good: example("DDB201", "good.yaml")},
		References: []string{
			"https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/PointInTimeRecovery.html",
		},
		AutoFix: "`dynamoguard fix` adds or turns on `point_in_time_recovery { enabled = true }` (CloudFormation: `PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled: true`). A value from a variable, a parameter or a module input is changed there only with `--at-origin`.",
	},
	Check: checkTablePITR,
}

func checkTablePITR(p *Pass) {
	for _, t := range p.Project.DynamoDB.Tables {
		if t.PerReplicaSettings {
			continue // PITR is set per replica: DDB202
		}
		if disabled(p, t.Resource, t.PITR) {
			p.ReportFix(t.Resource, t.PITR.Meta, set(t.Resource, t.PITR.Meta, true),
				"table %s has %s %s, so items deleted or overwritten by mistake cannot be restored to a point "+
					"in the last 35 days; %s",
				t.Address, t.PITR.Path, flagText(t.PITR.Meta), fixSetting(t.Resource, t.PITR.Meta, "true"))
		}
	}
}
