package cloudformation

import (
	"github.com/dynamoguard/dynamoguard/model"
)

// newTable fills what every table type has.
func (t *template) newTable(res model.Resource, o *object) *model.Table {
	owner := res.Range
	tbl := &model.Table{
		Resource:           res,
		Name:               t.stringProp(o, "TableName", "", owner),
		Region:             model.AbsentValue("", owner),
		DeletionProtection: model.AbsentValue(false, owner),
		PITR:               model.AbsentValue(false, owner),
		StreamEnabled:      model.AbsentValue(false, owner),
		StreamViewType:     model.AbsentValue("", owner),
		BillingMode:        t.stringProp(o, "BillingMode", "PROVISIONED", owner),
		ReplicasUnknown:    model.AbsentValue(false, owner),
	}
	return tbl
}

// buildTable reads an AWS::DynamoDB::Table.
func (t *template) buildTable(res model.Resource, o *object) *model.Table {
	tbl := t.newTable(res, o)
	tbl.DeletionProtection = t.boolProp(o, "DeletionProtectionEnabled", res.Range)
	tbl.PITR = t.pitr(o, res.Range)
	tbl.StreamEnabled, tbl.StreamViewType = t.stream(o, res.Range)
	tbl.SSEEnabled, tbl.Encryption = t.sse(o, res.Range, true)
	tbl.Tags = tagList(o)
	return tbl
}

// buildGlobalTable reads an AWS::DynamoDB::GlobalTable, whose key, PITR and
// deletion protection are set per replica.
func (t *template) buildGlobalTable(res model.Resource, o *object) *model.Table {
	tbl := t.newTable(res, o)
	tbl.PerReplicaSettings = true
	tbl.StreamEnabled, tbl.StreamViewType = t.stream(o, res.Range)
	// The table-level SSESpecification only switches KMS on; with it on the
	// table itself is reported as AWS-managed and each replica names its key.
	tbl.SSEEnabled, tbl.Encryption = t.sse(o, res.Range, false)
	t.replicas(tbl, o)
	return tbl
}

// buildSimpleTable reads a SAM AWS::Serverless::SimpleTable, which cannot
// enable deletion protection. SAM copies its SSESpecification verbatim to
// the AWS::DynamoDB::Table it generates, so a KMSMasterKeyId written there
// (beyond SAM's documented SSEEnabled) is honoured like a table's.
func (t *template) buildSimpleTable(res model.Resource, o *object) *model.Table {
	tbl := t.newTable(res, o)
	tbl.PITR = t.pitr(o, res.Range)
	tbl.SSEEnabled, tbl.Encryption = t.sse(o, res.Range, true)
	tbl.BillingMode = model.AbsentValue("PAY_PER_REQUEST", res.Range)
	if m, ok := o.get("ProvisionedThroughput"); ok {
		tbl.BillingMode = model.AbsentValue("PROVISIONED", t.src.rng(m.key))
	}
	tbl.Tags = tagMap(o)
	return tbl
}

// pitr reads PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled.
func (t *template) pitr(o *object, owner model.Range) model.Value[bool] {
	m, ok := o.get("PointInTimeRecoverySpecification")
	if !ok {
		return model.AbsentValue(false, owner)
	}
	spec, ok := m.val.obj()
	if !ok {
		return model.UnknownValue[bool](t.src.rng(m.val.node),
			reasonOf(m.val, "PointInTimeRecoverySpecification is not a mapping"))
	}
	return t.boolProp(spec, "PointInTimeRecoveryEnabled", t.src.rng(m.key))
}

// stream reads StreamSpecification.StreamViewType: a stream is enabled when
// a view type is set.
func (t *template) stream(o *object, owner model.Range) (model.Value[bool], model.Value[string]) {
	m, ok := o.get("StreamSpecification")
	if !ok {
		return model.AbsentValue(false, owner), model.AbsentValue("", owner)
	}
	spec, ok := m.val.obj()
	if !ok {
		r, reason := t.src.rng(m.val.node), reasonOf(m.val, "StreamSpecification is not a mapping")
		return model.UnknownValue[bool](r, reason), model.UnknownValue[string](r, reason)
	}
	vt, ok := spec.get("StreamViewType")
	if !ok {
		r := t.src.rng(m.key)
		return model.AbsentValue(false, r), model.AbsentValue("", r)
	}
	view := t.stringOf(vt.val, "StreamViewType")
	if !view.IsKnown() {
		return model.UnknownValue[bool](view.Range, view.Reason), view
	}
	return model.KnownValue(true, view.Range), view
}

// sse reads SSESpecification. withKey is false for the types whose
// SSESpecification at this level has no KMSMasterKeyId: enabled SSE then
// means the AWS-managed key.
func (t *template) sse(o *object, owner model.Range, withKey bool) (model.Value[bool], model.KeyRef) {
	m, ok := o.get("SSESpecification")
	if !ok {
		return model.AbsentValue(false, owner), model.KeyRef{Kind: model.KeyAWSOwned, Range: owner}
	}
	spec, ok := m.val.obj()
	if !ok {
		r := t.src.rng(m.val.node)
		return model.UnknownValue[bool](r, reasonOf(m.val, "SSESpecification is not a mapping")),
			model.KeyRef{Kind: model.KeyUnknown, Range: r, Reason: describe("SSESpecification", m.val)}
	}
	en, ok := spec.get("SSEEnabled")
	if !ok {
		r := t.src.rng(m.key)
		return model.AbsentValue(false, r), model.KeyRef{Kind: model.KeyAWSOwned, Range: r}
	}
	enabled := t.boolOf(en.val, "SSEEnabled")
	switch {
	case !enabled.IsKnown():
		return enabled, model.KeyRef{Kind: model.KeyUnknown, Range: enabled.Range, Reason: describe("SSEEnabled", en.val)}
	case !enabled.Value:
		return enabled, model.KeyRef{Kind: model.KeyAWSOwned, Range: enabled.Range}
	}
	key, ok := spec.get("KMSMasterKeyId")
	if !withKey || !ok {
		return enabled, model.KeyRef{Kind: model.KeyAWSManaged, Range: enabled.Range}
	}
	return enabled, t.classifyKey(key.val)
}

// replicas reads the Replicas of a global table. ReplicasUnknown is
// unknown, at the first replica (or list) that cannot be resolved, when
// some replicas cannot be read.
func (t *template) replicas(tbl *model.Table, o *object) {
	m, ok := o.get("Replicas")
	if !ok {
		return
	}
	items, ok := m.val.list()
	if !ok {
		tbl.ReplicasUnknown = model.UnknownValue[bool](t.src.rng(m.val.node), describe("Replicas", m.val))
		return
	}
	tbl.ReplicasUnknown = model.KnownValue(false, t.src.rng(m.val.node))
	for _, it := range items {
		ro, ok := it.obj()
		if !ok {
			if !tbl.ReplicasUnknown.IsUnknown() {
				tbl.ReplicasUnknown = model.UnknownValue[bool](t.src.rng(it.node), describe("a replica", it))
			}
			continue
		}
		item := t.src.rng(it.node)
		tbl.Replicas = append(tbl.Replicas, model.Replica{
			Range:                       item,
			Region:                      t.stringProp(ro, "Region", "", item),
			Encryption:                  t.replicaKey(tbl, ro, item),
			PITR:                        t.pitr(ro, item),
			DeletionProtection:          t.boolProp(ro, "DeletionProtectionEnabled", item),
			DeletionProtectionSupported: true,
		})
	}
}

// replicaKey classifies a replica's key: the table's SSE switch decides
// between the AWS-owned key and KMS, and the replica's
// SSESpecification.KMSMasterKeyId picks the KMS key.
func (t *template) replicaKey(tbl *model.Table, o *object, item model.Range) model.KeyRef {
	switch {
	case tbl.SSEEnabled.IsUnknown():
		return model.KeyRef{Kind: model.KeyUnknown, Range: tbl.Encryption.Range, Reason: tbl.Encryption.Reason}
	case !tbl.SSEEnabled.Value:
		return model.KeyRef{Kind: model.KeyAWSOwned, Range: item}
	}
	m, ok := o.get("SSESpecification")
	if !ok {
		return model.KeyRef{Kind: model.KeyAWSManaged, Range: item}
	}
	spec, ok := m.val.obj()
	if !ok {
		return model.KeyRef{Kind: model.KeyUnknown, Range: t.src.rng(m.val.node), Reason: describe("SSESpecification", m.val)}
	}
	key, ok := spec.get("KMSMasterKeyId")
	if !ok {
		return model.KeyRef{Kind: model.KeyAWSManaged, Range: t.src.rng(m.key)}
	}
	return t.classifyKey(key.val)
}

// tagList reads Tags written as a list of Key/Value pairs; tags whose key or
// value is not a literal are left out.
func tagList(o *object) map[string]string {
	m, ok := o.get("Tags")
	if !ok {
		return nil
	}
	items, _ := m.val.list()
	tags := map[string]string{}
	for _, it := range items {
		to, _ := it.obj()
		k, kok := to.get("Key")
		v, vok := to.get("Value")
		if !kok || !vok {
			continue
		}
		ks, kok := k.val.scalar()
		vs, vok := v.val.scalar()
		if kok && vok {
			tags[ks] = vs
		}
	}
	if len(tags) == 0 {
		return nil
	}
	return tags
}

// tagMap reads Tags written as a mapping (SAM).
func tagMap(o *object) map[string]string {
	m, ok := o.get("Tags")
	if !ok {
		return nil
	}
	to, ok := m.val.obj()
	if !ok {
		return nil
	}
	tags := map[string]string{}
	for _, mem := range to.members {
		if s, ok := mem.val.scalar(); ok {
			tags[mem.name] = s
		}
	}
	if len(tags) == 0 {
		return nil
	}
	return tags
}
