package rules

import "github.com/dynamoguard/dynamoguard/model"

// LegacyGlobalTable is DDB504.
var LegacyGlobalTable = &Rule{
	ID:        "DDB504",
	Name:      "legacy-global-table",
	Title:     "Legacy global table (version 2017.11.29) in use",
	Severity:  Low,
	CWE:       "CWE-1104",
	Precision: "very-high",
	Doc: Doc{
		Why: "`aws_dynamodb_global_table` creates a global table of version 2017.11.29, which joins " +
			"separately created tables of the same name. AWS recommends version 2019.11.21 for all global " +
			"tables: the legacy version costs more write capacity, cannot add or remove a replica from a " +
			"table that holds data, and keeps each replica's settings (key, point-in-time recovery, " +
			"deletion protection) on tables declared elsewhere, where they drift apart unseen. Replicas of " +
			"the current version are declared on the table itself, where they can be checked together.",
		FixTerraform: "Declare the replicas as `replica` blocks of the `aws_dynamodb_table` (or as " +
			"`aws_dynamodb_table_replica` resources) and remove the `aws_dynamodb_global_table`; AWS can " +
			"upgrade an existing legacy global table to version 2019.11.21 in place.",
		FixCloudFormation: "CloudFormation has no legacy global-table resource: `AWS::DynamoDB::GlobalTable` " +
			"is version 2019.11.21.",
		Terraform: Example{Bad: example("DDB504", "bad.tf"), Good: example("DDB504", "good.tf")},
		References: []string{
			"https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/globaltables.V2.html",
			"https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2globaltables_upgrade.html",
		},
	},
	Check: checkLegacyGlobalTable,
}

func checkLegacyGlobalTable(p *Pass) {
	for _, g := range p.Project.DynamoDB.LegacyGlobalTables {
		at := model.Meta{State: model.Known, Range: g.Range, Path: g.Type}
		name := g.Address
		if g.Name.IsKnown() {
			name = g.Name.Value
		}
		p.Report(g.Resource, at,
			"%s is a global table of the legacy version 2017.11.29 (%q), whose replicas are separate tables "+
				"whose settings drift apart; declare replica blocks on the aws_dynamodb_table instead",
			g.Address, name)
	}
}
