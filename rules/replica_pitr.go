package rules

// ReplicaPITR is DDB202.
var ReplicaPITR = &Rule{
	ID:        "DDB202",
	Name:      "replica-pitr-disabled",
	Title:     "Point-in-time recovery disabled on a global-table replica",
	Severity:  Medium,
	CWE:       "CWE-693",
	Precision: "high",
	Controls:  []string{"DynamoDB.2"},
	Doc: Doc{
		Why: "Point-in-time recovery is a setting of each replica, not of the global table: a replica without " +
			"it cannot be restored to an earlier second, and since writes replicate between regions, a " +
			"destructive write reaches every replica. If the region holding the only recoverable copy is " +
			"unavailable, the data cannot be recovered. Turn it on in every replica.",
		FixTerraform: "Set `point_in_time_recovery = true` in every `replica` block of the `aws_dynamodb_table`.",
		FixCloudFormation: "Set `PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}` on every item " +
			"of the `AWS::DynamoDB::GlobalTable`'s `Replicas`.",
		Terraform:      Example{Bad: example("DDB202", "bad.tf"), Good: example("DDB202", "good.tf")},
		CloudFormation: Example{Bad: example("DDB202", "bad.yaml"), Good: example("DDB202", "good.yaml")},
		References: []string{
			"https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/PointInTimeRecovery.html",
			"https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-dynamodb-globaltable.html",
		},
	},
	Check: checkReplicaPITR,
}

func checkReplicaPITR(p *Pass) {
	for _, t := range p.Project.DynamoDB.Tables {
		skipUnknownReplicas(p, t)
		for _, r := range t.Replicas {
			if disabled(p, t.Resource, r.PITR) {
				p.Report(t.Resource, r.PITR.Meta,
					"replica %s of table %s has %s %s, so this replica cannot be restored to an earlier point "+
						"in time; %s",
					r.Label, t.Address, r.PITR.Path, flagText(r.PITR.Meta), fixSetting(t.Resource, r.PITR.Meta, "true"))
			}
		}
	}
}
