package terraform

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"

	"github.com/dynamoguard/dynamoguard/model"
)

var tableSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "name"}, {Name: "billing_mode"}, {Name: "stream_enabled"}, {Name: "stream_view_type"},
		{Name: "deletion_protection_enabled"}, {Name: "tags"},
	},
	Blocks: []hcl.BlockHeaderSchema{
		{Type: blockSSE}, {Type: blockPITR}, {Type: blockReplica}, {Type: blockLifecycle},
	},
}

const (
	blockSSE     = "server_side_encryption"
	blockPITR    = "point_in_time_recovery"
	blockReplica = "replica"
	// blockLifecycle is the meta-argument block; its prevent_destroy
	// stops terraform destroy, not a DeleteTable call.
	blockLifecycle = "lifecycle"
)

var sseSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "enabled"}, {Name: "kms_key_arn"}},
}

var pitrSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "enabled"}},
}

var replicaSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "region_name"}, {Name: "kms_key_arn"}, {Name: "point_in_time_recovery"},
		{Name: "deletion_protection_enabled"},
	},
}

// tableBuild is the state of building one table instance.
type tableBuild struct {
	table *model.Table
	ctx   *hcl.EvalContext
	// owner is the resource block's DefRange.
	owner hcl.Range
	// unread holds, by block type, why its blocks could not all be read.
	unread map[string]unreadBlocks
}

// buildTable builds one instance of an aws_dynamodb_table.
func (l *loader) buildTable(r *resourceBlock, in instance) {
	owner := r.block.DefRange
	content, unread := l.readBlocks(r.block.Body, in.ctx, tableSchema)
	attrs := content.Attributes
	tags, tagsUnknown := l.tags(attrs["tags"], in.ctx)
	t := &model.Table{
		Resource:           l.resource(r, in.address),
		Name:               l.stringValue(attrs["name"], in.ctx, "", owner, "name"),
		Region:             l.region(r),
		BillingMode:        l.stringValue(attrs["billing_mode"], in.ctx, "PROVISIONED", owner, "billing_mode"),
		StreamEnabled:      l.boolValue(attrs["stream_enabled"], in.ctx, false, owner, "stream_enabled"),
		StreamViewType:     l.stringValue(attrs["stream_view_type"], in.ctx, "", owner, "stream_view_type"),
		DeletionProtection: l.boolValue(attrs["deletion_protection_enabled"], in.ctx, false, owner, "deletion_protection_enabled"),
		Tags:               tags,
		InlineAutoScaling:  model.AbsentValue(false, toRange(owner), "aws_appautoscaling_target"),
		TagsUnknown:        tagsUnknown,
	}
	b := &tableBuild{table: t, ctx: in.ctx, owner: owner, unread: unread}
	l.tableSSE(b, l.onlyBlock(content.Blocks, blockSSE, unread))
	l.tablePITR(b, l.onlyBlock(content.Blocks, blockPITR, unread))
	l.tableReplicas(b, content.Blocks)
	t.RetainedOnTeardown = l.preventDestroy(l.onlyBlock(content.Blocks, blockLifecycle, unread), in.ctx, owner)
	l.t.proj.Add(t)
}

const (
	pathSSEEnabled = blockSSE + ".enabled"
	pathSSEKey     = blockSSE + ".kms_key_arn"
	pathPITR       = blockPITR + ".enabled"
)

// keyRef is a KeyRef of kind decided at r, for attribute path.
func keyRef(kind model.KeyKind, r hcl.Range, path string) model.KeyRef {
	return model.KeyRef{Kind: kind, Meta: model.Meta{State: model.Known, Range: toRange(r), Path: path}}
}

// unknownKey is a KeyRef that cannot be classified.
func unknownKey(r model.Range, path, reason string) model.KeyRef {
	return model.KeyRef{Kind: model.KeyUnknown, Meta: model.Meta{State: model.Unknown, Range: r, Path: path, Reason: reason}}
}

// tableSSE sets SSEEnabled and Encryption from the server_side_encryption
// block.
func (l *loader) tableSSE(b *tableBuild, sse *hcl.Block) {
	t := b.table
	if u, ok := b.unread[blockSSE]; ok {
		t.SSEEnabled = model.UnknownValue[bool](toRange(u.rng), pathSSEEnabled, u.reason)
		t.Encryption = unknownKey(toRange(u.rng), pathSSEEnabled, u.reason)
		return
	}
	if sse == nil {
		t.SSEEnabled = model.AbsentValue(false, toRange(b.owner), pathSSEEnabled)
		t.Encryption = keyRef(model.KeyAWSOwned, b.owner, pathSSEEnabled)
		return
	}
	content, _, diags := sse.Body.PartialContent(sseSchema)
	l.addHCLDiags(diags, sse.DefRange.Filename)
	enabled := content.Attributes["enabled"]
	t.SSEEnabled = l.boolValue(enabled, b.ctx, false, sse.DefRange, pathSSEEnabled)
	switch {
	case t.SSEEnabled.IsUnknown():
		t.Encryption = unknownKey(t.SSEEnabled.Range, pathSSEEnabled,
			fmt.Sprintf("%s is %s: %s", pathSSEEnabled, l.exprText(enabled.Expr), t.SSEEnabled.Reason))
	case !t.SSEEnabled.Value:
		t.Encryption = model.KeyRef{Kind: model.KeyAWSOwned, Meta: t.SSEEnabled.Meta}
	default:
		ref, ok := l.classifyKeyAttr(content.Attributes["kms_key_arn"], b.ctx, pathSSEKey)
		if !ok {
			ref = awsManagedDefault(ref, t.SSEEnabled.Range, pathSSEKey)
		}
		t.Encryption = ref
	}
}

// awsManagedDefault is the key of SSE with no key given: the AWS-managed
// key, at the kms_key_arn that is null (keeping the inputs that made it
// so) or at fallback when there is none.
func awsManagedDefault(unset model.KeyRef, fallback model.Range, path string) model.KeyRef {
	k := model.KeyRef{Kind: model.KeyAWSManaged, Meta: unset.Meta}
	k.State, k.Path = model.Known, path
	if k.Range.IsZero() {
		k.Range = fallback
	}
	return k
}

// tablePITR sets PITR from the point_in_time_recovery block.
func (l *loader) tablePITR(b *tableBuild, pitr *hcl.Block) {
	t := b.table
	if u, ok := b.unread[blockPITR]; ok {
		t.PITR = model.UnknownValue[bool](toRange(u.rng), pathPITR, u.reason)
		return
	}
	if pitr == nil {
		t.PITR = model.AbsentValue(false, toRange(b.owner), pathPITR)
		return
	}
	content, _, diags := pitr.Body.PartialContent(pitrSchema)
	l.addHCLDiags(diags, pitr.DefRange.Filename)
	t.PITR = l.boolValue(content.Attributes["enabled"], b.ctx, false, pitr.DefRange, pathPITR)
}

// tableReplicas sets Replicas and ReplicasUnknown from the replica blocks.
func (l *loader) tableReplicas(b *tableBuild, blocks hcl.Blocks) {
	t := b.table
	t.ReplicasUnknown = model.AbsentValue(false, toRange(b.owner), blockReplica)
	if u, ok := b.unread[blockReplica]; ok {
		t.ReplicasUnknown = model.UnknownValue[bool](toRange(u.rng), blockReplica, u.reason)
	}
	for _, rb := range blocks {
		if rb.Type == blockReplica {
			t.Replicas = append(t.Replicas, l.replica(b, rb, len(t.Replicas)))
		}
	}
}

// replica builds the replica block rb, the index-th of its table.
func (l *loader) replica(b *tableBuild, rb *hcl.Block, index int) model.Replica {
	content, _, diags := rb.Body.PartialContent(replicaSchema)
	l.addHCLDiags(diags, rb.DefRange.Filename)
	attrs := content.Attributes
	region := l.stringValue(attrs["region_name"], b.ctx, "", rb.DefRange, "")
	label := model.ReplicaLabel(region, index)
	prefix := blockReplica + "[" + label + "]."
	region.Path = prefix + "region_name"
	rep := model.Replica{
		Range:              toRange(rb.DefRange),
		Label:              label,
		Region:             region,
		PITR:               l.boolValue(attrs["point_in_time_recovery"], b.ctx, false, rb.DefRange, prefix+"point_in_time_recovery"),
		DeletionProtection: l.boolValue(attrs["deletion_protection_enabled"], b.ctx, false, rb.DefRange, prefix+"deletion_protection_enabled"),
	}
	ref, ok := l.classifyKeyAttr(attrs["kms_key_arn"], b.ctx, prefix+"kms_key_arn")
	if !ok {
		ref = defaultReplicaKey(b.table, ref, rb.DefRange, prefix+"kms_key_arn")
	}
	rep.Encryption = ref
	return rep
}

// defaultReplicaKey is the key of a replica without kms_key_arn: the
// AWS-managed key when the table's SSE is on, the AWS-owned key when off.
func defaultReplicaKey(t *model.Table, unset model.KeyRef, rng hcl.Range, path string) model.KeyRef {
	switch on, known := t.SSEEnabled.Effective(); {
	case !known:
		return unknownKey(toRange(rng), path,
			"the replica has no kms_key_arn and the table's server_side_encryption.enabled is unknown: "+t.SSEEnabled.Reason)
	case on:
		return awsManagedDefault(unset, toRange(rng), path)
	}
	k := keyRef(model.KeyAWSOwned, rng, path)
	k.Origins = t.SSEEnabled.Origins
	return k
}

var lifecycleSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "prevent_destroy"}}}

// preventDestroy reads lifecycle.prevent_destroy of a resource.
func (l *loader) preventDestroy(lc *hcl.Block, ctx *hcl.EvalContext, owner hcl.Range) model.Value[bool] {
	const path = blockLifecycle + ".prevent_destroy"
	if lc == nil {
		return model.AbsentValue(false, toRange(owner), path)
	}
	content, _, diags := lc.Body.PartialContent(lifecycleSchema)
	l.addHCLDiags(diags, lc.DefRange.Filename)
	return l.boolValue(content.Attributes["prevent_destroy"], ctx, false, lc.DefRange, path)
}
