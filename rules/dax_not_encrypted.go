package rules

// DAXNotEncrypted is DDB104.
var DAXNotEncrypted = &Rule{
	ID:        "DDB104",
	Name:      "dax-not-encrypted",
	Title:     "DAX cluster without encryption at rest",
	Severity:  High,
	CWE:       "CWE-311",
	Precision: "very-high",
	Controls:  []string{"DynamoDB.3"},
	Doc: Doc{
		Why: "A DynamoDB Accelerator (DAX) cluster keeps copies of table items in memory and on the disks of its " +
			"nodes: cached items, query results and logs. Whatever encryption the tables have, those copies are " +
			"stored in plain form unless the cluster has server-side encryption, which is off by default and can " +
			"only be chosen when the cluster is created: turning it on later replaces the cluster.",
		FixTerraform: "Add `server_side_encryption { enabled = true }` to the `aws_dax_cluster` (this recreates " +
			"the cluster).",
		FixCloudFormation: "Set `SSESpecification: {SSEEnabled: true}` on the `AWS::DAX::Cluster` (this replaces " +
			"the cluster).",
		Terraform:      Example{Bad: example("DDB104", "bad.tf"), Good: example("DDB104", "good.tf")},
		CloudFormation: Example{Bad: example("DDB104", "bad.yaml"), Good: example("DDB104", "good.yaml")},
		References: []string{
			"https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/DAXEncryptionAtRest.html",
		},
		AutoFix: "`dynamoguard fix --allow-replacement` adds `server_side_encryption { enabled = true }` (CloudFormation: `SSESpecification.SSEEnabled: true`); AWS replaces the cluster, so the fix is never applied without the flag.",
	},
	Check: checkDAXNotEncrypted,
}

func checkDAXNotEncrypted(p *Pass) {
	for _, c := range p.Project.DynamoDB.DAXClusters {
		if disabled(p, c.Resource, c.SSEEnabled) {
			p.ReportFix(c.Resource, c.SSEEnabled.Meta, replacing(set(c.Resource, c.SSEEnabled.Meta, true)),
				"DAX cluster %s has %s %s, so the items it caches are stored unencrypted on its nodes; %s "+
					"(this recreates the cluster)",
				c.Address, c.SSEEnabled.Path, flagText(c.SSEEnabled.Meta), fixSetting(c.Resource, c.SSEEnabled.Meta, "true"))
		}
	}
}
