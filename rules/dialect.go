package rules

import "github.com/dynamoguard/dynamoguard/model"

// attr picks the attribute path in the resource's own dialect.
func attr(r model.Resource, terraform, cloudformation string) string {
	if r.Kind == model.CloudFormation {
		return cloudformation
	}
	return terraform
}

// isSAM reports whether the resource is a SAM SimpleTable, which cannot
// enable deletion protection.
func isSAM(r model.Resource) bool { return r.Type == "AWS::Serverless::SimpleTable" }

// replicaAttr is the dialect path of attribute sub of the replica labelled
// label (its region, or its position).
func replicaAttr(r model.Resource, label, terraform, cloudformation string) string {
	return attr(r, "replica["+label+"]."+terraform, "Replicas["+label+"]."+cloudformation)
}

// skipUnknownReplicas records that a rule could not check replicas that an
// unresolvable expression (a dynamic block over an unknown list) declares.
func skipUnknownReplicas(p *Pass, t *model.Table) {
	if t.ReplicasUnknown.IsUnknown() {
		p.Skip(t.Resource, attr(t.Resource, "replica", "Replicas"), t.ReplicasUnknown.Range, t.ReplicasUnknown.Reason)
	}
}

// disabled reports whether the flag v is off (written false, or absent with
// a false default). An unknown v is recorded as not analysed and is not off.
func disabled(p *Pass, res model.Resource, attribute string, v model.Value[bool]) bool {
	on, known := v.Effective()
	if !known {
		p.Skip(res, attribute, v.Range, v.Reason)
		return false
	}
	return !on
}

// skipUnknownKey records that a rule could not classify a key.
func skipUnknownKey(p *Pass, res model.Resource, attribute string, k model.KeyRef) {
	p.Skip(res, attribute, k.Range, k.Reason)
}
