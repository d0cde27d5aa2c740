package terraform

import (
	"github.com/hashicorp/hcl/v2"

	"github.com/dynamoguard/dynamoguard/model"
)

var tableReplicaSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "global_table_arn"}, {Name: "kms_key_arn"}, {Name: "point_in_time_recovery"},
		{Name: "deletion_protection_enabled"},
	},
}

// buildTableReplica builds one instance of an aws_dynamodb_table_replica;
// model.Link finds its table from the references of global_table_arn and,
// when it names no key, derives its key from the table's encryption.
func (l *loader) buildTableReplica(r *resourceBlock, in instance) {
	content, _, diags := r.block.Body.PartialContent(tableReplicaSchema)
	l.addHCLDiags(diags, r.block.DefRange.Filename)
	attrs, owner := content.Attributes, r.block.DefRange
	rep := &model.TableReplica{
		Resource:           l.resource(r, in.address),
		GlobalTableARN:     l.stringValue(attrs["global_table_arn"], in.ctx, "", owner, "global_table_arn"),
		Region:             l.region(r),
		PITR:               l.boolValue(attrs["point_in_time_recovery"], in.ctx, false, owner, "point_in_time_recovery"),
		DeletionProtection: l.boolValue(attrs["deletion_protection_enabled"], in.ctx, false, owner, "deletion_protection_enabled"),
	}
	ref, ok := l.classifyKeyAttr(attrs["kms_key_arn"], in.ctx, "kms_key_arn")
	if !ok {
		// The key follows the table's encryption, which Link resolves.
		ref = model.KeyRef{Kind: model.KeyUnknown, Meta: ref.Meta}
		ref.State, ref.Range, ref.Path = model.Absent, toRange(owner), "kms_key_arn"
		ref.Reason = "the replica names no kms_key_arn, so its key follows the encryption of its table, " +
			"and global_table_arn names no table of the project"
	}
	rep.Encryption = ref
	l.t.proj.Add(rep)
}

var legacyGlobalTableSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "name"}},
	Blocks:     []hcl.BlockHeaderSchema{{Type: blockReplica}},
}

var legacyReplicaSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "region_name"}}}

// buildLegacyGlobalTable builds one instance of an aws_dynamodb_global_table
// (global tables version 2017.11.29).
func (l *loader) buildLegacyGlobalTable(r *resourceBlock, in instance) {
	owner := r.block.DefRange
	content, unread := l.readBlocks(r.block.Body, in.ctx, legacyGlobalTableSchema)
	g := &model.LegacyGlobalTable{
		Resource:       l.resource(r, in.address),
		Name:           l.stringValue(content.Attributes["name"], in.ctx, "", owner, "name"),
		RegionsUnknown: model.AbsentValue(false, toRange(owner), blockReplica),
	}
	if u, ok := unread[blockReplica]; ok {
		g.RegionsUnknown = model.UnknownValue[bool](toRange(u.rng), blockReplica, u.reason)
	}
	for i, rb := range content.Blocks {
		if rb.Type != blockReplica {
			continue
		}
		rc, _, diags := rb.Body.PartialContent(legacyReplicaSchema)
		l.addHCLDiags(diags, rb.DefRange.Filename)
		region := l.stringValue(rc.Attributes["region_name"], in.ctx, "", rb.DefRange, "")
		region.Path = blockReplica + "[" + model.ReplicaLabel(region, i) + "].region_name"
		g.Regions = append(g.Regions, region)
	}
	l.t.proj.Add(g)
}
