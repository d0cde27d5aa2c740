package cloudformation

import (
	"github.com/dynamoguard/dynamoguard/model"
)

// Attribute paths of a table, in CloudFormation's spelling.
const (
	pathSSE        = "SSESpecification"
	pathSSEEnabled = "SSESpecification.SSEEnabled"
	pathKey        = "SSESpecification.KMSMasterKeyId"
	pathPITR       = "PointInTimeRecoverySpecification"
	pathStream     = "StreamSpecification"
)

// newTable fills what every table type has.
func (t *template) newTable(res model.Resource, o *object) *model.Table {
	owner := res.Range
	return &model.Table{
		Resource:           res,
		Name:               t.stringProp(o, "", "TableName", "", owner),
		Region:             t.stackRegion(owner),
		DeletionProtection: model.AbsentValue(false, owner, "DeletionProtectionEnabled"),
		PITR:               model.AbsentValue(false, owner, pathPITR+".PointInTimeRecoveryEnabled"),
		StreamEnabled:      model.AbsentValue(false, owner, pathStream),
		StreamViewType:     model.AbsentValue("", owner, pathStream+".StreamViewType"),
		BillingMode:        t.stringProp(o, "", "BillingMode", "PROVISIONED", owner),
		ReplicasUnknown:    model.AbsentValue(false, owner, "Replicas"),
		InlineAutoScaling:  model.AbsentValue(false, owner, "AWS::ApplicationAutoScaling::ScalableTarget"),
		RetainedOnTeardown: t.retainedOnTeardown(res),
	}
}

// buildTable reads an AWS::DynamoDB::Table.
func (t *template) buildTable(res model.Resource, o *object) {
	tbl := t.newTable(res, o)
	tbl.DeletionProtection = t.boolProp(o, "", "DeletionProtectionEnabled", res.Range)
	tbl.PITR = t.pitr(o, "", res.Range)
	tbl.StreamEnabled, tbl.StreamViewType = t.stream(o, res.Range)
	tbl.SSEEnabled, tbl.Encryption = t.sse(o, res.Range, true)
	tbl.Tags, tbl.TagsUnknown = tagList(o), tagsUnknown(o, false)
	t.proj.Add(tbl)
	t.kinesisDestination(res, o)
	t.tablePolicies(res, o, "", "", pathStream)
}

// buildGlobalTable reads an AWS::DynamoDB::GlobalTable, whose key, PITR and
// deletion protection are set per replica.
func (t *template) buildGlobalTable(res model.Resource, o *object) {
	tbl := t.newTable(res, o)
	tbl.PerReplicaSettings = true
	tbl.TagsUnknown = "the tags of a global table are set per replica"
	tbl.StreamEnabled, tbl.StreamViewType = t.stream(o, res.Range)
	// The table-level SSESpecification only switches KMS on; with it on the
	// table itself is reported as AWS-managed and each replica names its key.
	tbl.SSEEnabled, tbl.Encryption = t.sse(o, res.Range, false)
	t.replicas(tbl, o)
	tbl.Tags = replicaTags(o)
	tbl.InlineAutoScaling = t.globalTableAutoScaling(o, res.Range)
	t.proj.Add(tbl)
	t.globalKinesisDestinations(res, o)
	t.replicaPolicies(res, tbl, o)
}

// buildSimpleTable reads a SAM AWS::Serverless::SimpleTable, which cannot
// enable deletion protection. SAM copies its SSESpecification verbatim to
// the AWS::DynamoDB::Table it generates, so a KMSMasterKeyId written there
// (beyond SAM's documented SSEEnabled) is honoured like a table's.
func (t *template) buildSimpleTable(res model.Resource, o *object) {
	tbl := t.newTable(res, o)
	tbl.PITR = t.pitr(o, "", res.Range)
	tbl.SSEEnabled, tbl.Encryption = t.sse(o, res.Range, true)
	tbl.DeletionProtectionUnsupported = "AWS::Serverless::SimpleTable cannot enable it: use AWS::DynamoDB::Table with DeletionProtectionEnabled: true"
	tbl.BillingMode = model.AbsentValue("PAY_PER_REQUEST", res.Range, "ProvisionedThroughput")
	if m, ok := o.get("ProvisionedThroughput"); ok {
		tbl.BillingMode = model.AbsentValue("PROVISIONED", t.src.rng(m.key), "ProvisionedThroughput")
	}
	tbl.Tags, tbl.TagsUnknown = tagMap(o), tagsUnknown(o, true)
	t.proj.Add(tbl)
}

// pitr reads PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled
// of o, at prefix.
func (t *template) pitr(o *object, prefix string, owner model.Range) model.Value[bool] {
	path := join(prefix, pathPITR+".PointInTimeRecoveryEnabled")
	m, ok := o.get(pathPITR)
	if !ok {
		return model.AbsentValue(false, owner, path)
	}
	spec, ok := m.val.obj()
	if !ok {
		return model.UnknownValue[bool](t.src.rng(m.val.node), path,
			reasonOf(m.val, pathPITR+" is not a mapping"))
	}
	return t.boolProp(spec, join(prefix, pathPITR), "PointInTimeRecoveryEnabled", t.src.rng(m.key))
}

// stream reads StreamSpecification.StreamViewType: a stream is enabled when
// a view type is set.
func (t *template) stream(o *object, owner model.Range) (model.Value[bool], model.Value[string]) {
	const viewPath = pathStream + ".StreamViewType"
	m, ok := o.get(pathStream)
	if !ok {
		return model.AbsentValue(false, owner, pathStream), model.AbsentValue("", owner, viewPath)
	}
	spec, ok := m.val.obj()
	if !ok {
		r, reason := t.src.rng(m.val.node), reasonOf(m.val, pathStream+" is not a mapping")
		return model.UnknownValue[bool](r, pathStream, reason), model.UnknownValue[string](r, viewPath, reason)
	}
	vt, ok := spec.get("StreamViewType")
	if !ok {
		r := t.src.rng(m.key)
		return model.AbsentValue(false, r, pathStream), model.AbsentValue("", r, viewPath)
	}
	view := t.stringOf(vt.val, viewPath)
	enabled := model.Value[bool]{Value: true, Meta: view.Meta}
	enabled.Path = pathStream
	return enabled, view
}

// keyRef is a KeyRef of kind decided at r, for attribute path.
func keyRef(kind model.KeyKind, r model.Range, path string) model.KeyRef {
	return model.KeyRef{Kind: kind, Meta: model.Meta{State: model.Known, Range: r, Path: path}}
}

// unknownKey is a KeyRef that cannot be classified.
func unknownKey(r model.Range, path, reason string) model.KeyRef {
	return model.KeyRef{Kind: model.KeyUnknown, Meta: model.Meta{State: model.Unknown, Range: r, Path: path, Reason: reason}}
}

// sse reads SSESpecification. withKey is false for the types whose
// SSESpecification at this level has no KMSMasterKeyId: enabled SSE then
// means the AWS-managed key.
func (t *template) sse(o *object, owner model.Range, withKey bool) (model.Value[bool], model.KeyRef) {
	m, ok := o.get(pathSSE)
	if !ok {
		return model.AbsentValue(false, owner, pathSSEEnabled), keyRef(model.KeyAWSOwned, owner, pathSSEEnabled)
	}
	spec, ok := m.val.obj()
	if !ok {
		r := t.src.rng(m.val.node)
		return model.UnknownValue[bool](r, pathSSEEnabled, reasonOf(m.val, pathSSE+" is not a mapping")),
			unknownKey(r, pathSSEEnabled, describe(pathSSE, m.val))
	}
	en, ok := spec.get("SSEEnabled")
	if !ok {
		r := t.src.rng(m.key)
		return model.AbsentValue(false, r, pathSSEEnabled), keyRef(model.KeyAWSOwned, r, pathSSEEnabled)
	}
	enabled := t.boolOf(en.val, pathSSEEnabled)
	switch {
	case !enabled.IsKnown():
		return enabled, unknownKey(enabled.Range, pathSSEEnabled, describe(pathSSEEnabled, en.val))
	case !enabled.Value:
		return enabled, model.KeyRef{Kind: model.KeyAWSOwned, Meta: enabled.Meta}
	}
	key, ok := spec.get("KMSMasterKeyId")
	if !withKey || !ok {
		k := model.KeyRef{Kind: model.KeyAWSManaged, Meta: enabled.Meta}
		k.Path = pathKey
		return enabled, k
	}
	return enabled, t.classifyKey(key.val, pathKey)
}

// replicas reads the Replicas of a global table. ReplicasUnknown is
// unknown, at the first replica (or list) that cannot be resolved, when
// some replicas cannot be read.
func (t *template) replicas(tbl *model.Table, o *object) {
	m, ok := o.get("Replicas")
	if items, isList := m.val.list(); !ok || (isList && len(items) == 0) {
		tbl.ReplicasUnknown = model.UnknownValue[bool](tbl.Range, "Replicas", "the global table has no Replicas")
		t.diags = append(t.diags, model.Diagnostic{
			Severity: model.DiagWarning, Summary: "Global table without Replicas",
			Detail: "AWS::DynamoDB::GlobalTable requires Replicas, one of them in the stack's region; " +
				"CloudFormation rejects this resource. Its replicas are not analysed.",
			Subject: tbl.Range,
		})
		return
	}
	items, ok := m.val.list()
	if !ok {
		tbl.ReplicasUnknown = model.UnknownValue[bool](t.src.rng(m.val.node), "Replicas", describe("Replicas", m.val))
		return
	}
	tbl.ReplicasUnknown = model.KnownValue(false, t.src.rng(m.val.node), "Replicas")
	for i, it := range items {
		ro, ok := it.obj()
		if !ok {
			if !tbl.ReplicasUnknown.IsUnknown() {
				tbl.ReplicasUnknown = model.UnknownValue[bool](t.src.rng(it.node), "Replicas", describe("a replica", it))
			}
			continue
		}
		item := t.src.rng(it.node)
		region := t.stringProp(ro, "Replicas[]", "Region", "", item)
		label := model.ReplicaLabel(region, i)
		prefix := "Replicas[" + label + "]"
		region.Path = prefix + ".Region"
		tbl.Replicas = append(tbl.Replicas, model.Replica{
			Range:              item,
			Label:              label,
			Region:             region,
			Primary:            t.isStackRegion(ro),
			Encryption:         t.replicaKey(tbl, ro, item, prefix),
			PITR:               t.pitr(ro, prefix, item),
			DeletionProtection: t.boolProp(ro, prefix, "DeletionProtectionEnabled", item),
		})
	}
}

// replicaKey classifies a replica's key: the table's SSE switch decides
// between the AWS-owned key and KMS, and the replica's
// SSESpecification.KMSMasterKeyId picks the KMS key.
func (t *template) replicaKey(tbl *model.Table, o *object, item model.Range, prefix string) model.KeyRef {
	path := join(prefix, pathKey)
	switch {
	case tbl.SSEEnabled.IsUnknown():
		return unknownKey(tbl.Encryption.Range, path, tbl.Encryption.Reason)
	case !tbl.SSEEnabled.Value:
		return keyRef(model.KeyAWSOwned, item, path)
	}
	m, ok := o.get(pathSSE)
	if !ok {
		return keyRef(model.KeyAWSManaged, item, path)
	}
	spec, ok := m.val.obj()
	if !ok {
		return unknownKey(t.src.rng(m.val.node), path, describe(join(prefix, pathSSE), m.val))
	}
	key, ok := spec.get("KMSMasterKeyId")
	if !ok {
		return keyRef(model.KeyAWSManaged, t.src.rng(m.key), path)
	}
	return t.classifyKey(key.val, path)
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

// replicaTags are the literal tags of a GlobalTable: those of its replicas,
// which is where the type declares them.
func replicaTags(o *object) map[string]string {
	m, ok := o.get("Replicas")
	if !ok {
		return nil
	}
	items, _ := m.val.list()
	var tags map[string]string
	for _, it := range items {
		ro, _ := it.obj()
		for k, v := range tagList(ro) {
			if tags == nil {
				tags = map[string]string{}
			}
			tags[k] = v
		}
	}
	return tags
}
