package rules

import (
	"slices"
	"strings"

	"github.com/dynamoguard/dynamoguard/model"
)

// ReplicaRegion is DDB501.
var ReplicaRegion = &Rule{
	ID:        "DDB501",
	Name:      "replica-unapproved-region",
	Title:     "Global-table replica in a region the organisation does not allow",
	Severity:  High,
	CWE:       "CWE-1230",
	Precision: "very-high",
	Doc: Doc{
		Why: "A replica is a full, writable copy of the table in another region: its data is stored, " +
			"backed up and served there, under that region's jurisdiction. Data-residency rules, contracts " +
			"and the regions an organisation monitors, has keys in and has reviewed limit where that copy " +
			"may be. This rule applies only when `allowed_regions` is set in `.dynamoguard.yml`; it then " +
			"reports every replica (replica blocks, `aws_dynamodb_table_replica`, the replicas of an " +
			"`AWS::DynamoDB::GlobalTable` or of a legacy `aws_dynamodb_global_table`, and the region of a " +
			"table that has replicas) whose region is not in that list. A region the scanner cannot resolve " +
			"is listed as not analysed. The examples are scanned with `allowed_regions: [us-east-1, eu-west-1]`.",
		FixTerraform: "Move the replica to an allowed region (`region_name` of the `replica` block, or the " +
			"provider of the `aws_dynamodb_table_replica`), or add the region to `allowed_regions` once it " +
			"is approved.",
		FixCloudFormation: "Set the `Region` of the `AWS::DynamoDB::GlobalTable` replica to an allowed region, " +
			"or add the region to `allowed_regions` once it is approved.",
		Terraform:      Example{Bad: example("DDB501", "bad.tf"), Good: example("DDB501", "good.tf")},
		CloudFormation: Example{Bad: example("DDB501", "bad.yaml"), Good: example("DDB501", "good.yaml")},
		References: []string{
			"https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GlobalTables.html",
		},
	},
	Check: checkReplicaRegion,
}

func checkReplicaRegion(p *Pass) {
	allowed := p.Settings.AllowedRegions
	if len(allowed) == 0 {
		return
	}
	check := func(res model.Resource, region model.Value[string], what string) {
		if !region.IsKnown() || region.Value == "" {
			m := region.Meta
			if !region.IsUnknown() {
				m.Reason = "the region is not written (" + region.Path + " is not set)"
			}
			p.Skip(res, m)
			return
		}
		if slices.ContainsFunc(allowed, func(a string) bool { return strings.EqualFold(a, region.Value) }) {
			return
		}
		at, related := region.Meta, []model.Related(nil)
		if region.Path == "provider.aws.region" {
			// Reported on the resource, pointing at its provider.
			at.Range = res.Range
			related = []model.Related{{Range: region.Range, Message: "region of the provider"}}
		}
		p.ReportRelated(res, at, related,
			"%s is in region %q, which allowed_regions does not list (%s), so a copy of the table's data is "+
				"stored outside the approved regions; move it to an allowed region or approve %q",
			what, region.Value, strings.Join(allowed, ", "), region.Value)
	}
	for _, t := range p.Project.DynamoDB.Tables {
		skipUnknownReplicas(p, t)
		if len(t.Replicas) > 0 && !t.PerReplicaSettings {
			check(t.Resource, t.Region, "table "+t.Address+" (the primary of a global table)")
		}
		for _, r := range t.Replicas {
			check(t.Resource, r.Region, "replica "+r.Label+" of table "+t.Address)
		}
	}
	for _, r := range p.Project.DynamoDB.TableReplicas {
		check(r.Resource, r.Region, "table replica "+r.Address)
	}
	for _, g := range p.Project.DynamoDB.LegacyGlobalTables {
		if g.RegionsUnknown.IsUnknown() {
			p.Skip(g.Resource, g.RegionsUnknown.Meta)
		}
		for _, r := range g.Regions {
			check(g.Resource, r, "a replica of global table "+g.Address)
		}
	}
}
