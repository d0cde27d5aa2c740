package rules

import "github.com/dynamoguard/dynamoguard/model"

// DeletionProtection is DDB203.
var DeletionProtection = &Rule{
	ID:        "DDB203",
	Name:      "deletion-protection-disabled",
	Title:     "Deletion protection disabled on a table or replica",
	Severity:  Low,
	CWE:       "CWE-693",
	Precision: "very-high",
	Controls:  []string{"DynamoDB.6"},
	Doc: Doc{
		Why: "Deletion protection makes DynamoDB refuse DeleteTable until the setting is turned off first. " +
			"Without it, one API call — a mistaken `terraform destroy`, a stack deletion, a script run against " +
			"the wrong account, or an attacker with `dynamodb:DeleteTable` — removes the table and its " +
			"point-in-time recovery history at once. It is off unless you turn it on, on the table and on " +
			"each replica.",
		FixTerraform: "Set `deletion_protection_enabled = true` on the `aws_dynamodb_table` and in each `replica` block.",
		FixCloudFormation: "Set `DeletionProtectionEnabled: true` on the `AWS::DynamoDB::Table`, or on every item of " +
			"an `AWS::DynamoDB::GlobalTable`'s `Replicas`. A SAM `SimpleTable` cannot enable it: declare an " +
			"`AWS::DynamoDB::Table` instead.",
		Terraform:      Example{Bad: example("DDB203", "bad.tf"), Good: example("DDB203", "good.tf")},
		CloudFormation: Example{Bad: example("DDB203", "bad.yaml"), Good: example("DDB203", "good.yaml")},
		References: []string{
			"https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithTables.Basics.html#WorkingWithTables.Basics.DeletionProtection",
		},
	},
	Check: checkDeletionProtection,
}

func checkDeletionProtection(p *Pass) {
	for _, t := range p.Project.DynamoDB.Tables {
		if !t.PerReplicaSettings {
			fix := fixSetting(t.Resource, t.DeletionProtection.Meta, "true")
			if t.DeletionProtectionUnsupported != "" {
				fix = t.DeletionProtectionUnsupported
			}
			reportDeletionProtection(p, t.Resource, t.DeletionProtection, "table "+t.Address, fix)
		}
		skipUnknownReplicas(p, t)
		for _, r := range t.Replicas {
			reportDeletionProtection(p, t.Resource, r.DeletionProtection, "replica "+r.Label+" of table "+t.Address,
				fixSetting(t.Resource, r.DeletionProtection.Meta, "true"))
		}
	}
}

func reportDeletionProtection(p *Pass, res model.Resource, v model.Value[bool], what, fix string) {
	if disabled(p, res, v) {
		p.Report(res, v.Meta,
			"%s has %s %s, so a single DeleteTable call or stack teardown deletes it together with its "+
				"point-in-time recovery history; %s", what, v.Path, flagText(v.Meta), fix)
	}
}
