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
		{Type: blockSSE}, {Type: blockPITR}, {Type: blockReplica},
	},
}

const (
	blockSSE     = "server_side_encryption"
	blockPITR    = "point_in_time_recovery"
	blockReplica = "replica"
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
func (l *loader) buildTable(r *resourceBlock, in instance) *model.Table {
	owner := r.block.DefRange
	content, unread := l.readBlocks(r.block.Body, in.ctx, tableSchema)
	attrs := content.Attributes
	t := &model.Table{
		Resource:           resource(r, in.address),
		Name:               l.stringValue(attrs["name"], in.ctx, "", owner),
		Region:             l.region(r),
		BillingMode:        l.stringValue(attrs["billing_mode"], in.ctx, "PROVISIONED", owner),
		StreamEnabled:      l.boolValue(attrs["stream_enabled"], in.ctx, false, owner),
		StreamViewType:     l.stringValue(attrs["stream_view_type"], in.ctx, "", owner),
		DeletionProtection: l.boolValue(attrs["deletion_protection_enabled"], in.ctx, false, owner),
		Tags:               l.tags(attrs["tags"], in.ctx),
	}
	b := &tableBuild{table: t, ctx: in.ctx, owner: owner, unread: unread}
	l.tableSSE(b, l.onlyBlock(content.Blocks, blockSSE, unread))
	l.tablePITR(b, l.onlyBlock(content.Blocks, blockPITR, unread))
	l.tableReplicas(b, content.Blocks)
	return t
}

// tableSSE sets SSEEnabled and Encryption from the server_side_encryption
// block.
func (l *loader) tableSSE(b *tableBuild, sse *hcl.Block) {
	t := b.table
	if u, ok := b.unread[blockSSE]; ok {
		t.SSEEnabled = model.UnknownValue[bool](toRange(u.rng), u.reason)
		t.Encryption = model.KeyRef{Kind: model.KeyUnknown, Range: toRange(u.rng), Reason: u.reason}
		return
	}
	if sse == nil {
		t.SSEEnabled = model.AbsentValue(false, toRange(b.owner))
		t.Encryption = model.KeyRef{Kind: model.KeyAWSOwned, Range: toRange(b.owner)}
		return
	}
	content, _, diags := sse.Body.PartialContent(sseSchema)
	l.addHCLDiags(diags, sse.DefRange.Filename)
	enabled := content.Attributes["enabled"]
	t.SSEEnabled = l.boolValue(enabled, b.ctx, false, sse.DefRange)
	switch {
	case t.SSEEnabled.IsUnknown():
		t.Encryption = model.KeyRef{
			Kind:   model.KeyUnknown,
			Range:  t.SSEEnabled.Range,
			Reason: fmt.Sprintf("%s.enabled is %s: %s", blockSSE, l.exprText(enabled.Expr), t.SSEEnabled.Reason),
		}
	case !t.SSEEnabled.Value:
		t.Encryption = model.KeyRef{Kind: model.KeyAWSOwned, Range: t.SSEEnabled.Range}
	default:
		ref, ok := l.classifyKeyAttr(content.Attributes["kms_key_arn"], b.ctx)
		if !ok {
			ref = model.KeyRef{Kind: model.KeyAWSManaged, Range: t.SSEEnabled.Range}
		}
		t.Encryption = ref
	}
}

// tablePITR sets PITR from the point_in_time_recovery block.
func (l *loader) tablePITR(b *tableBuild, pitr *hcl.Block) {
	t := b.table
	if u, ok := b.unread[blockPITR]; ok {
		t.PITR = model.UnknownValue[bool](toRange(u.rng), u.reason)
		return
	}
	if pitr == nil {
		t.PITR = model.AbsentValue(false, toRange(b.owner))
		return
	}
	content, _, diags := pitr.Body.PartialContent(pitrSchema)
	l.addHCLDiags(diags, pitr.DefRange.Filename)
	t.PITR = l.boolValue(content.Attributes["enabled"], b.ctx, false, pitr.DefRange)
}

// tableReplicas sets Replicas and ReplicasUnknown from the replica blocks.
func (l *loader) tableReplicas(b *tableBuild, blocks hcl.Blocks) {
	t := b.table
	t.ReplicasUnknown = model.AbsentValue(false, toRange(b.owner))
	if u, ok := b.unread[blockReplica]; ok {
		t.ReplicasUnknown = model.UnknownValue[bool](toRange(u.rng), u.reason)
	}
	for _, rb := range blocks {
		if rb.Type == blockReplica {
			t.Replicas = append(t.Replicas, l.replica(b, rb))
		}
	}
}

// replica builds one replica block.
func (l *loader) replica(b *tableBuild, rb *hcl.Block) model.Replica {
	content, _, diags := rb.Body.PartialContent(replicaSchema)
	l.addHCLDiags(diags, rb.DefRange.Filename)
	attrs := content.Attributes
	rep := model.Replica{
		Range:                       toRange(rb.DefRange),
		Region:                      l.stringValue(attrs["region_name"], b.ctx, "", rb.DefRange),
		PITR:                        l.boolValue(attrs["point_in_time_recovery"], b.ctx, false, rb.DefRange),
		DeletionProtection:          l.boolValue(attrs["deletion_protection_enabled"], b.ctx, false, rb.DefRange),
		DeletionProtectionSupported: true,
	}
	ref, ok := l.classifyKeyAttr(attrs["kms_key_arn"], b.ctx)
	if !ok {
		ref = defaultReplicaKey(b.table, rb.DefRange)
	}
	rep.Encryption = ref
	return rep
}

// defaultReplicaKey is the key of a replica without kms_key_arn: the
// AWS-managed key when the table's SSE is on, the AWS-owned key when off.
func defaultReplicaKey(t *model.Table, rng hcl.Range) model.KeyRef {
	ref := model.KeyRef{Range: toRange(rng)}
	switch on, known := t.SSEEnabled.Effective(); {
	case !known:
		ref.Kind = model.KeyUnknown
		ref.Reason = "the replica has no kms_key_arn and the table's server_side_encryption.enabled is unknown: " + t.SSEEnabled.Reason
	case on:
		ref.Kind = model.KeyAWSManaged
	default:
		ref.Kind = model.KeyAWSOwned
	}
	return ref
}
