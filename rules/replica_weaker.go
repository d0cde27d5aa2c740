package rules

import (
	"fmt"

	"github.com/dynamoguard/dynamoguard/model"
)

// ReplicaWeaker is DDB502.
var ReplicaWeaker = &Rule{
	ID:        "DDB502",
	Name:      "replica-weaker-than-primary",
	Title:     "Global-table replica weaker than its primary",
	Severity:  Medium,
	CWE:       "CWE-693",
	Precision: "high",
	Doc: Doc{
		Why: "Every replica of a global table holds all of the table's data and takes writes. The replica's key " +
			"(AWS-owned < AWS-managed < customer managed), point-in-time recovery and deletion protection are " +
			"its own settings: a replica added later, or by a different module, easily ends up with less than " +
			"the primary. The data is then only as protected as its weakest copy — a key policy that does not " +
			"cover it, a region where it cannot be restored, a copy one DeleteTable call removes. The finding " +
			"names the weaker setting, the replica's region and the primary's value; the primary is a related " +
			"location. When this rule runs, the per-replica rules (DDB103, DDB202, DDB203) leave such a " +
			"replica to it, so one cause gives one finding.",
		FixTerraform: "Give each `replica` block (or `aws_dynamodb_table_replica`) the primary's settings: " +
			"`kms_key_arn` of a customer managed key in the replica's region, `point_in_time_recovery = true`, " +
			"`deletion_protection_enabled = true`.",
		FixCloudFormation: "In `AWS::DynamoDB::GlobalTable`, give every item of `Replicas` the settings of the " +
			"replica in the stack's region (`Region: !Ref AWS::Region`): `SSESpecification.KMSMasterKeyId`, " +
			"`PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled: true` and " +
			"`DeletionProtectionEnabled: true`.",
		Terraform:      Example{Bad: example("DDB502", "bad.tf"), Good: example("DDB502", "good.tf")},
		CloudFormation: Example{Bad: example("DDB502", "bad.yaml"), Good: example("DDB502", "good.yaml")},
		References: []string{
			"https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/globaltables-security.html",
			"https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-dynamodb-globaltable.html",
		},
	},
	Check: checkReplicaWeaker,
}

func checkReplicaWeaker(p *Pass) {
	for _, t := range p.Project.DynamoDB.Tables {
		skipUnknownReplicas(p, t)
		skipNoPrimary(p, t)
	}
	for _, c := range replicaCopies(p.Project) {
		if c.primary == nil {
			continue
		}
		for _, pair := range []struct{ r, pri model.Meta }{
			{c.key.Meta, c.primary.key.Meta}, {c.pitr.Meta, c.primary.pitr.Meta}, {c.deletionProt.Meta, c.primary.deletionProt.Meta},
		} {
			// A side that cannot be resolved cannot be compared.
			if pair.pri.IsUnknown() {
				p.Skip(c.res, pair.pri)
			} else if pair.r.IsUnknown() {
				p.Skip(c.res, pair.r)
			}
		}
		if c.key.Kind == model.KeyUnknown && !c.key.IsUnknown() {
			p.Skip(c.res, c.key.Meta)
		}
	}
	for _, d := range drifts(p.Project) {
		c, pr := d.copy, d.copy.primary
		primary := "its primary, " + pr.name + regionText(pr.region) + ","
		if pr.res.Address == c.res.Address && pr.res.Scope == c.res.Scope && c.res.Kind != model.CloudFormation {
			primary = "the table itself" + regionText(pr.region)
		}
		rng := d.primary.Range
		if rng.IsZero() {
			rng = pr.res.Range
		}
		related := []model.Related{{Range: rng, Message: fmt.Sprintf("primary: %s%s has %s", pr.name, regionText(pr.region), d.primaryText)}}
		p.ReportRelated(c.res, d.at, related,
			"%s%s has %s while %s has %s, so this copy of the data has weaker %s than the primary; %s",
			c.what(), copyRegion(c), d.replicaText, primary, d.primaryText, d.setting, driftFix(c, d))
	}
}

// copyRegion is the region of a standalone replica, whose label does not
// name it.
func copyRegion(c replicaCopy) string {
	if c.res.Type == "aws_dynamodb_table_replica" {
		return regionText(c.region)
	}
	return ""
}

func driftFix(c replicaCopy, d drift) string {
	if d.setting == "encryption" {
		return fixKey(c.res, c.key, c.region)
	}
	return fixSetting(c.res, d.at, "true")
}

// skipNoPrimary records that the replicas of a GlobalTable that differ
// from each other cannot be compared with a primary: none of them is in
// the stack's region as written.
func skipNoPrimary(p *Pass, t *model.Table) {
	if !t.PerReplicaSettings || len(t.Replicas) < 2 {
		return
	}
	first := t.Replicas[0]
	differ := false
	for _, r := range t.Replicas {
		if r.Primary {
			return
		}
		differ = differ || r.Encryption.Kind != first.Encryption.Kind || r.PITR.Value != first.PITR.Value ||
			r.DeletionProtection.Value != first.DeletionProtection.Value
	}
	if differ {
		at := t.ReplicasUnknown.Meta
		at.Reason = "the replicas differ but none has Region: !Ref AWS::Region, so the primary is not known " +
			"(give AWS::Region with --cfn-params)"
		p.Skip(t.Resource, at)
	}
}
