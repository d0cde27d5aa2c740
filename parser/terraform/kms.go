package terraform

import (
	"github.com/hashicorp/hcl/v2"

	"github.com/dynamoguard/dynamoguard/model"
)

var kmsKeySchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "enable_key_rotation"}},
}

var kmsAliasSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "name"}, {Name: "target_key_id"}},
}

// resource returns the model identity of one instance of r.
func resource(r *resourceBlock, address string) model.Resource {
	return model.Resource{Kind: model.Terraform, Type: r.typ, Address: address, Range: toRange(r.block.DefRange)}
}

// buildKMSKey builds one instance of an aws_kms_key.
func (l *loader) buildKMSKey(r *resourceBlock, in instance) *model.KMSKey {
	content, _, diags := r.block.Body.PartialContent(kmsKeySchema)
	l.addHCLDiags(diags, r.block.DefRange.Filename)
	key := &model.KMSKey{
		Resource: resource(r, in.address),
		Rotation: l.boolValue(content.Attributes["enable_key_rotation"], in.ctx, false, r.block.DefRange),
	}
	if l.keys[r.address()] == nil {
		l.keys[r.address()] = key
	}
	return key
}

// buildKMSAlias builds one instance of an aws_kms_alias and links it to its
// target key when that is an aws_kms_key of the module.
func (l *loader) buildKMSAlias(r *resourceBlock, in instance) *model.KMSAlias {
	content, _, diags := r.block.Body.PartialContent(kmsAliasSchema)
	l.addHCLDiags(diags, r.block.DefRange.Filename)
	alias := &model.KMSAlias{
		Resource: resource(r, in.address),
		Name:     l.stringValue(content.Attributes["name"], in.ctx, "", r.block.DefRange),
	}
	target := content.Attributes["target_key_id"]
	alias.TargetKeyID = l.stringValue(target, in.ctx, "", r.block.DefRange)
	if target != nil && !alias.TargetKeyID.IsKnown() {
		_, refs := marksOf(l.eval(target.Expr, in.ctx))
		if len(refs) == 1 && refs[0].mode == modeResource && refs[0].typ == "aws_kms_key" {
			alias.TargetKey = l.keys[refs[0].address()]
		}
	}
	if l.aliases[r.address()] == nil {
		l.aliases[r.address()] = alias
	}
	return alias
}
