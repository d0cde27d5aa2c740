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
		FixTerraform: "Set `deletion_protection_enabled = true` on the `aws_dynamodb_table`, in each `replica` block " +
			"and on each `aws_dynamodb_table_replica`. `lifecycle { prevent_destroy = true }` only stops " +
			"`terraform destroy`, not a DeleteTable call.",
		FixCloudFormation: "Set `DeletionProtectionEnabled: true` on the `AWS::DynamoDB::Table`, or on every item of " +
			"an `AWS::DynamoDB::GlobalTable`'s `Replicas`. A SAM `SimpleTable` cannot enable it: declare an " +
			"`AWS::DynamoDB::Table` instead. `DeletionPolicy: Retain` keeps the table when the stack is " +
			"deleted but does not stop a DeleteTable call.",
		Terraform:      Example{Bad: example("DDB203", "bad.tf"), Good: example("DDB203", "good.tf")},
		CloudFormation: Example{Bad: example("DDB203", "bad.yaml"), Good: example("DDB203", "good.yaml")},
		References: []string{
			"https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithTables.Basics.html#WorkingWithTables.Basics.DeletionProtection",
		},
		AutoFix: "`dynamoguard fix` sets `deletion_protection_enabled = true` (CloudFormation: `DeletionProtectionEnabled: true`, on the table or the replica). A value from a variable, a parameter or a module input is changed there only with `--at-origin`.",
	},
	Check: checkDeletionProtection,
}

func checkDeletionProtection(p *Pass) {
	for _, t := range p.Project.DynamoDB.Tables {
		if !t.PerReplicaSettings {
			fix := fixSetting(t.Resource, t.DeletionProtection.Meta, "true")
			change := set(t.Resource, t.DeletionProtection.Meta, true)
			if t.DeletionProtectionUnsupported != "" {
				fix, change = t.DeletionProtectionUnsupported, nil
			}
			reportDeletionProtection(p, t.Resource, t.DeletionProtection, "table "+t.Address, fix, change, t.RetainedOnTeardown)
		}
		skipUnknownReplicas(p, t)
		for _, r := range t.Replicas {
			if leftToDrift(p, t.Resource, r.DeletionProtection.Meta) {
				continue
			}
			reportDeletionProtection(p, t.Resource, r.DeletionProtection, "replica "+r.Label+" of table "+t.Address,
				fixSetting(t.Resource, r.DeletionProtection.Meta, "true"), set(t.Resource, r.DeletionProtection.Meta, true), t.RetainedOnTeardown)
		}
	}
	for _, r := range p.Project.DynamoDB.TableReplicas {
		if leftToDrift(p, r.Resource, r.DeletionProtection.Meta) {
			continue
		}
		reportDeletionProtection(p, r.Resource, r.DeletionProtection, "table replica "+r.Address+regionText(knownText(r.Region)),
			fixSetting(r.Resource, r.DeletionProtection.Meta, "true"), set(r.Resource, r.DeletionProtection.Meta, true),
			model.AbsentValue(false, r.Range, ""))
	}
}

// reportDeletionProtection reports the deletion-protection flag v. A table
// that the stack keeps on deletion (retained) still goes with a DeleteTable
// call; the message says which risk remains.
func reportDeletionProtection(p *Pass, res model.Resource, v model.Value[bool], what, fix string, change []Change, retained model.Value[bool]) {
	if !disabled(p, res, v) {
		return
	}
	risk := "a single DeleteTable call or stack teardown deletes it together with its point-in-time recovery history"
	if res.Kind == model.Terraform {
		risk = "a single DeleteTable call or terraform destroy deletes it together with its point-in-time recovery history"
	}
	if on, ok := retained.Effective(); ok && on {
		keeps := res.Kind.Setting(retained.Path, "Retain") + " keeps it when the stack is deleted"
		if res.Kind == model.Terraform {
			keeps = res.Kind.Setting(retained.Path, "true") + " stops terraform destroy"
		}
		risk = "although " + keeps + ", a single DeleteTable call still deletes it together with its " +
			"point-in-time recovery history"
	}
	p.ReportFix(res, v.Meta, change, "%s has %s %s, so %s; %s", what, v.Path, flagText(v.Meta), risk, fix)
}
