package rules

import "github.com/dynamoguard/dynamoguard/model"

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
		FixTerraform: "Set `point_in_time_recovery = true` in every `replica` block of the `aws_dynamodb_table` " +
			"and on every `aws_dynamodb_table_replica`.",
		FixCloudFormation: "Set `PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}` on every item " +
			"of the `AWS::DynamoDB::GlobalTable`'s `Replicas`.",
		Terraform:      Example{Bad: example("DDB202", "bad.tf"), Good: example("DDB202", "good.tf")},
		CloudFormation: Example{Bad: example("DDB202", "bad.yaml"), Good: example("DDB202", "good.yaml")},
		References: []string{
			"https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/PointInTimeRecovery.html",
			"https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-dynamodb-globaltable.html",
		},
		AutoFix: "`dynamoguard fix` sets `point_in_time_recovery = true` in the replica block (CloudFormation: the replica's `PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled: true`). A value from a variable, a parameter or a module input is changed there only with `--at-origin`.",
	},
	Check: checkReplicaPITR,
}

func checkReplicaPITR(p *Pass) {
	for _, t := range p.Project.DynamoDB.Tables {
		skipUnknownReplicas(p, t)
		for _, r := range t.Replicas {
			reportReplicaPITR(p, t.Resource, r.PITR, "replica "+r.Label+" of table "+t.Address)
		}
	}
	for _, r := range p.Project.DynamoDB.TableReplicas {
		reportReplicaPITR(p, r.Resource, r.PITR, "table replica "+r.Address+regionText(knownText(r.Region)))
	}
}

func reportReplicaPITR(p *Pass, res model.Resource, v model.Value[bool], what string) {
	if disabled(p, res, v) && !leftToDrift(p, res, v.Meta) {
		p.ReportFix(res, v.Meta, set(res, v.Meta, true),
			"%s has %s %s, so this replica cannot be restored to an earlier point in time; %s",
			what, v.Path, flagText(v.Meta), fixSetting(res, v.Meta, "true"))
	}
}
