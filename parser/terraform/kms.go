package terraform

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/dynamoguard/dynamoguard/model"
)

var kmsAliasSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "name"}, {Name: "target_key_id"}},
}

// resource returns the model identity of one instance of r.
func (l *loader) resource(r *resourceBlock, address string) model.Resource {
	res := model.Resource{
		Kind: model.Terraform, Type: r.typ, Address: address, Range: toRange(r.block.DefRange),
		Scope: l.t.scope, CalledFrom: l.calledFrom,
	}
	if body, ok := r.block.Body.(*hclsyntax.Body); ok && body.SrcRange.Filename == r.block.DefRange.Filename {
		res.Extent = toRange(hcl.RangeBetween(r.block.DefRange, body.SrcRange))
		res.Layout = r.blockLayout()
	}
	return res
}

var kmsKeySchemaFull = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "enable_key_rotation"}, {Name: "multi_region"}, {Name: "policy"}},
}

// buildKMSKey builds one instance of an aws_kms_key.
func (l *loader) buildKMSKey(r *resourceBlock, in instance) {
	content, _, diags := r.block.Body.PartialContent(kmsKeySchemaFull)
	l.addHCLDiags(diags, r.block.DefRange.Filename)
	owner := r.block.DefRange
	l.t.proj.Add(&model.KMSKey{
		Resource:    l.resource(r, in.address),
		Rotation:    l.boolValue(content.Attributes["enable_key_rotation"], in.ctx, false, owner, "enable_key_rotation"),
		MultiRegion: l.boolValue(content.Attributes["multi_region"], in.ctx, false, owner, "multi_region"),
		Policy:      l.policyDocument(content.Attributes["policy"], in.ctx, owner, "policy"),
	})
}

// buildKMSAlias builds one instance of an aws_kms_alias; model.Link finds
// its target key from the references of target_key_id.
func (l *loader) buildKMSAlias(r *resourceBlock, in instance) {
	content, _, diags := r.block.Body.PartialContent(kmsAliasSchema)
	l.addHCLDiags(diags, r.block.DefRange.Filename)
	owner := r.block.DefRange
	l.t.proj.Add(&model.KMSAlias{
		Resource:    l.resource(r, in.address),
		Name:        l.stringValue(content.Attributes["name"], in.ctx, "", owner, "name"),
		TargetKeyID: l.stringValue(content.Attributes["target_key_id"], in.ctx, "", owner, "target_key_id"),
	})
}

var kmsReplicaKeySchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "primary_key_arn"}}}

// buildKMSReplicaKey builds one instance of an aws_kms_replica_key;
// model.Link finds its primary key from the references of primary_key_arn.
func (l *loader) buildKMSReplicaKey(r *resourceBlock, in instance) {
	content, _, diags := r.block.Body.PartialContent(kmsReplicaKeySchema)
	l.addHCLDiags(diags, r.block.DefRange.Filename)
	l.t.proj.Add(&model.KMSReplicaKey{
		Resource:      l.resource(r, in.address),
		PrimaryKeyARN: l.stringValue(content.Attributes["primary_key_arn"], in.ctx, "", r.block.DefRange, "primary_key_arn"),
	})
}
