package rules

import (
	"fmt"
	"strings"
	"sync"

	"github.com/dynamoguard/dynamoguard/model"
)

// A replica copy is one copy of a global table's data outside its primary:
// a replica block of a table, an item of a GlobalTable's Replicas other
// than the stack region's, or an aws_dynamodb_table_replica.
type replicaCopy struct {
	// res is the resource findings are reported on.
	res   model.Resource
	label string
	// region is the replica's region, "" when not known.
	region             string
	key                model.KeyRef
	pitr, deletionProt model.Value[bool]
	// primary is the copy it is compared with; nil when there is none.
	primary *primaryCopy
	// of names the table the replica belongs to.
	of string
}

// primaryCopy is the primary of a global table: the table itself, or the
// replica of a GlobalTable in the stack's region.
type primaryCopy struct {
	res                model.Resource
	name               string
	region             string
	key                model.KeyRef
	pitr, deletionProt model.Value[bool]
}

// hasCopy reports whether table t has a replica other than its primary.
func hasCopy(t *model.Table) bool {
	for i := range t.Replicas {
		if !t.Replicas[i].Primary {
			return true
		}
	}
	return false
}

// replicaCopies lists every replica of the project with its primary.
// Replicas of a GlobalTable whose primary cannot be told (no replica in
// the stack's region) have none. It does not look at replicas an
// unresolvable expression declares.
func replicaCopies(p *model.Project) []replicaCopy {
	var out []replicaCopy
	for _, t := range p.DynamoDB.Tables {
		if !hasCopy(t) {
			continue // its primary is not needed
		}
		var prim *primaryCopy
		if !t.PerReplicaSettings {
			prim = &primaryCopy{res: t.Resource, name: "table " + t.Address, region: knownText(t.Region),
				key: t.Encryption, pitr: t.PITR, deletionProt: t.DeletionProtection}
		} else {
			for _, r := range t.Replicas {
				if r.Primary {
					name := "replica " + r.Label
					if !r.Region.IsKnown() {
						name = "the replica in the stack's region"
					}
					// The replica's name carries its region.
					prim = &primaryCopy{res: t.Resource, name: name,
						key: r.Encryption, pitr: r.PITR, deletionProt: r.DeletionProtection}
					break
				}
			}
		}
		for _, r := range t.Replicas {
			if r.Primary {
				continue
			}
			out = append(out, replicaCopy{res: t.Resource, label: "replica " + r.Label, region: knownText(r.Region),
				key: r.Encryption, pitr: r.PITR, deletionProt: r.DeletionProtection, primary: prim, of: t.Address})
		}
	}
	for _, r := range p.DynamoDB.TableReplicas {
		c := replicaCopy{res: r.Resource, label: "table replica " + r.Address, region: knownText(r.Region),
			key: r.Encryption, pitr: r.PITR, deletionProt: r.DeletionProtection}
		if t := r.Primary; t != nil {
			c.of = t.Address
			c.primary = &primaryCopy{res: t.Resource, name: "table " + t.Address, region: knownText(t.Region),
				key: t.Encryption, pitr: t.PITR, deletionProt: t.DeletionProtection}
		}
		out = append(out, c)
	}
	return out
}

// what names the copy in messages: "replica eu-west-1 of table T" or
// "table replica R".
func (c replicaCopy) what() string {
	if c.of == "" || c.res.Type == "aws_dynamodb_table_replica" {
		return c.label
	}
	return c.label + " of table " + c.of
}

// knownText is the value of v when it is known, else "".
func knownText(v model.Value[string]) string {
	if v.IsKnown() {
		return v.Value
	}
	return ""
}

// keyRank orders key kinds by the control they give; 0 for unknown.
func keyRank(k model.KeyKind) int {
	switch k {
	case model.KeyAWSOwned:
		return 1
	case model.KeyAWSManaged:
		return 2
	case model.KeyCustomerManaged:
		return 3
	}
	return 0
}

// drift is a setting in which a replica is weaker than its primary.
type drift struct {
	copy replicaCopy
	// at is the replica's setting; primary the primary's.
	at, primary model.Meta
	// setting names what drifts, for messages.
	setting string
	// replicaText and primaryText describe the two values.
	replicaText, primaryText string
}

// drifts compares every replica with its primary. Settings unknown on
// either side are left out (the caller records them as not analysed).
func drifts(p *model.Project) []drift {
	var out []drift
	for _, c := range replicaCopies(p) {
		pr := c.primary
		if pr == nil {
			continue
		}
		if rk, pk := keyRank(c.key.Kind), keyRank(pr.key.Kind); rk > 0 && pk > 0 && rk < pk {
			out = append(out, drift{copy: c, at: c.key.Meta, primary: pr.key.Meta, setting: "encryption",
				replicaText: keyText(c.key) + " (" + keyDescription(c.key) + ")", primaryText: keyText(pr.key)})
		}
		for _, f := range []struct {
			name   string
			r, pri model.Value[bool]
		}{{"point-in-time recovery", c.pitr, pr.pitr}, {"deletion protection", c.deletionProt, pr.deletionProt}} {
			ron, rok := f.r.Effective()
			pon, pok := f.pri.Effective()
			if rok && pok && pon && !ron {
				out = append(out, drift{copy: c, at: f.r.Meta, primary: f.pri.Meta, setting: f.name,
					replicaText: f.r.Path + " " + flagText(f.r.Meta), primaryText: ownPath(f.pri.Path) + " set to true"})
			}
		}
	}
	return out
}

// keyText describes a classified key for messages.
func keyText(k model.KeyRef) string {
	switch k.Kind {
	case model.KeyAWSOwned:
		return "the AWS-owned key"
	case model.KeyAWSManaged:
		return "the AWS-managed key aws/dynamodb"
	}
	return "a customer managed key"
}

// leftToDrift reports whether the setting at of res is a drift that
// ReplicaWeaker reports in this run, so that a per-replica rule does not
// report the same root cause again.
func leftToDrift(p *Pass, res model.Resource, at model.Meta) bool {
	if !p.Runs(ReplicaWeaker) {
		return false
	}
	if p.shared == nil {
		p.shared = &runShared{}
	}
	p.shared.once.Do(func() {
		p.shared.drifts = map[driftKey]bool{}
		for _, d := range drifts(p.Project) {
			p.shared.drifts[driftKey{d.copy.res.Address, d.copy.res.Scope, d.at.Path, d.at.Range}] = true
		}
	})
	return p.shared.drifts[driftKey{res.Address, res.Scope, at.Path, at.Range}]
}

// runShared is what the rules of one run compute once for all of them,
// whichever of the run's workers asks first.
type runShared struct {
	once sync.Once
	// drifts are the settings ReplicaWeaker reports (see leftToDrift).
	drifts map[driftKey]bool
	// keys are the customer managed keys a fix may name (see fixKeys).
	keysOnce sync.Once
	keys     map[keyGroup][]string
}

// driftKey identifies a replica's setting: resource address and scope,
// attribute path and range.
type driftKey struct {
	address, scope, path string
	at                   model.Range
}

// regionText is " in REGION" when region is known, else "".
func regionText(region string) string {
	if region == "" {
		return ""
	}
	return fmt.Sprintf(" (%s)", region)
}

// ownPath is a replica's attribute path without the replica it is of:
// PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled for
// Replicas[us-east-1].PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled.
func ownPath(path string) string {
	if i := strings.Index(path, "]."); i >= 0 {
		return path[i+2:]
	}
	return path
}
