package rules

import "github.com/dynamoguard/dynamoguard/model"

// CriticalUnreplicated is DDB503.
var CriticalUnreplicated = &Rule{
	ID:        "DDB503",
	Name:      "critical-table-unreplicated",
	Title:     "Critical table without a replica in another region",
	Severity:  Low,
	CWE:       "CWE-693",
	Precision: "high",
	Doc: Doc{
		Why: "A table in one region is unavailable when that region is, and point-in-time recovery restores " +
			"into the same region. For a table the business cannot lose or wait for, a replica in another " +
			"region keeps the data readable and writable through a regional outage. Which tables are critical " +
			"is the organisation's choice: this rule applies only to tables that `.dynamoguard.yml` selects " +
			"(`critical_tables` by tag or name, or every table with `require_replicas: true`). A table counts " +
			"as replicated by its replica blocks, by an `aws_dynamodb_table_replica` of it, by a second " +
			"`Replicas` item of an `AWS::DynamoDB::GlobalTable`, or by a legacy `aws_dynamodb_global_table` " +
			"naming it in two regions. The examples are scanned with `critical_tables: {tags: {tier: critical}}`.",
		FixTerraform: "Add a `replica { region_name = \"…\" }` block (with `kms_key_arn`, " +
			"`point_in_time_recovery = true` and `deletion_protection_enabled = true`) to the `aws_dynamodb_table`, " +
			"or an `aws_dynamodb_table_replica` with a provider for the other region.",
		FixCloudFormation: "Declare the table as an `AWS::DynamoDB::GlobalTable` with a second item in " +
			"`Replicas` for another region, besides the one in the stack's region.",
		Terraform:      Example{Bad: example("DDB503", "bad.tf"), Good: example("DDB503", "good.tf")},
		CloudFormation: Example{Bad: example("DDB503", "bad.yaml"), Good: example("DDB503", "good.yaml")},
		References: []string{
			"https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GlobalTables.html",
		},
	},
	Check: checkCriticalUnreplicated,
}

func checkCriticalUnreplicated(p *Pass) {
	s := p.Settings
	if !s.RequireReplicas && s.IsCritical == nil {
		return
	}
	standalone := map[*model.Table]bool{}
	var unlinked []*model.TableReplica
	for _, r := range p.Project.DynamoDB.TableReplicas {
		switch {
		case r.Primary != nil:
			standalone[r.Primary] = true
		case !r.GlobalTableARN.IsKnown():
			// A literal ARN of a table not in the project is another
			// table's replica; an unresolved one may be any table's.
			unlinked = append(unlinked, r)
		}
	}
	legacy := map[string]bool{} // scope + name of tables a legacy global table spans
	var legacyUnknown []*model.LegacyGlobalTable
	for _, g := range p.Project.DynamoDB.LegacyGlobalTables {
		switch {
		case !g.Name.IsKnown() || g.RegionsUnknown.IsUnknown():
			legacyUnknown = append(legacyUnknown, g)
		case len(g.Regions) >= 2:
			legacy[g.Scope+"\x00"+g.Name.Value] = true
		}
	}
	for _, t := range p.Project.DynamoDB.Tables {
		name := ""
		if t.Name.IsKnown() {
			name = t.Name.Value
		}
		critical, decided := s.RequireReplicas, true
		if !critical && s.IsCritical != nil {
			critical, decided = s.IsCritical(name, t.Name.IsKnown(), t.Tags, t.TagsUnknown == "")
		}
		if !decided {
			p.Skip(t.Resource, criticalityUnknown(t))
		}
		if !critical || standalone[t] || legacy[t.Scope+"\x00"+name] {
			continue
		}
		copies := len(t.Replicas)
		if t.PerReplicaSettings {
			copies-- // one of a GlobalTable's replicas is the table in the stack's region
		}
		if copies > 0 {
			continue
		}
		if undecided(p, t, unlinked, legacyUnknown) {
			continue
		}
		why := "it is selected by critical_tables"
		if s.RequireReplicas {
			why = "require_replicas is set"
		}
		at := model.Meta{State: model.Known, Range: t.Range, Path: t.ReplicasUnknown.Path}
		p.Report(t.Resource, at,
			"table %s has no replica in another region although %s, so a regional outage makes its data "+
				"unavailable; %s", t.Address, why, fixReplica(t))
	}
}

// criticalityUnknown is why critical_tables cannot tell whether t is
// selected: its name or some of its tags are not known.
func criticalityUnknown(t *model.Table) model.Meta {
	if !t.Name.IsKnown() {
		m := t.Name.Meta
		m.Reason = "critical_tables cannot tell whether the table is critical: " + m.Reason
		return m
	}
	return model.Meta{State: model.Unknown, Range: t.Range, Path: "tags",
		Reason: "critical_tables cannot tell whether the table is critical: " + t.TagsUnknown}
}

// undecided records and reports whether a replica the scanner cannot
// resolve may be the table's: its own replicas from an unknown
// expression, a standalone replica or a legacy global table of the same
// scope that names no table of the project.
func undecided(p *Pass, t *model.Table, unlinked []*model.TableReplica, legacy []*model.LegacyGlobalTable) bool {
	if t.ReplicasUnknown.IsUnknown() {
		p.Skip(t.Resource, t.ReplicasUnknown.Meta)
		return true
	}
	for _, r := range unlinked {
		if r.Scope == t.Scope {
			m := r.GlobalTableARN.Meta
			m.Reason = "table replica " + r.Address + " may replicate this table: its global_table_arn cannot be resolved: " + r.GlobalTableARN.Reason
			p.Skip(t.Resource, m)
			return true
		}
	}
	for _, g := range legacy {
		if g.Scope == t.Scope {
			m := g.Name.Meta
			m.Reason = "global table " + g.Address + " may replicate this table: its name or replicas are unknown"
			p.Skip(t.Resource, m)
			return true
		}
	}
	return false
}

func fixReplica(t *model.Table) string {
	switch {
	case t.PerReplicaSettings:
		return "add an item for another region to Replicas"
	case t.Kind == model.CloudFormation:
		return "declare it as an AWS::DynamoDB::GlobalTable with Replicas in two regions"
	}
	return "add a replica { region_name = \"<other region>\" } block"
}
