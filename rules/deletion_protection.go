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
	for _, t := range p.Project.Tables {
		if !t.PerReplicaSettings {
			attribute := attr(t.Resource, "deletion_protection_enabled", "DeletionProtectionEnabled")
			reportDeletionProtection(p, t.Resource, attribute, t.DeletionProtection, "table "+t.Address,
				fixDeletionProtection(t.Resource, false))
		}
		skipUnknownReplicas(p, t)
		for i, r := range t.Replicas {
			if !r.DeletionProtectionSupported {
				continue
			}
			label := r.Label(i)
			reportDeletionProtection(p, t.Resource,
				replicaAttr(t.Resource, label, "deletion_protection_enabled", "DeletionProtectionEnabled"),
				r.DeletionProtection, "replica "+label+" of table "+t.Address, fixDeletionProtection(t.Resource, true))
		}
	}
}

func reportDeletionProtection(p *Pass, res model.Resource, attribute string, v model.Value[bool], what, fix string) {
	if disabled(p, res, attribute, v) {
		p.Report(res, attribute, v.Range,
			"%s has %s %s, so a single DeleteTable call or stack teardown deletes it together with its "+
				"point-in-time recovery history; %s", what, attribute, falseOrUnset(v.State), fix)
	}
}

func fixDeletionProtection(r model.Resource, replica bool) string {
	switch {
	case isSAM(r):
		return "AWS::Serverless::SimpleTable cannot enable it: use AWS::DynamoDB::Table with DeletionProtectionEnabled: true"
	case r.Kind == model.CloudFormation && replica:
		return "set DeletionProtectionEnabled: true on the replica"
	case r.Kind == model.CloudFormation:
		return "set DeletionProtectionEnabled: true"
	case replica:
		return "set deletion_protection_enabled = true in the replica block"
	}
	return "set deletion_protection_enabled = true"
}

// falseOrUnset describes a disabled flag: written false, or left out.
func falseOrUnset(s model.State) string {
	if s == model.Absent {
		return "not set (default false)"
	}
	return "set to false"
}
