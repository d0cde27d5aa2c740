package terraform

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"

	"github.com/dynamoguard/dynamoguard/model"
)

var iamPolicySchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "name"}, {Name: "policy"}, {Name: "role"}, {Name: "user"}, {Name: "group"}},
}

// buildIAMPolicy builds one instance of an aws_iam_policy (managed) or an
// aws_iam_role_policy, aws_iam_user_policy or aws_iam_group_policy
// (inline, attached to its role, user or group).
func (l *loader) buildIAMPolicy(r *resourceBlock, in instance) {
	content, _, diags := r.block.Body.PartialContent(iamPolicySchema)
	l.addHCLDiags(diags, r.block.DefRange.Filename)
	owner := r.block.DefRange
	p := &model.IAMPolicy{
		Resource: l.resource(r, in.address),
		Kind:     model.IAMInlinePolicy,
		Name:     l.stringValue(content.Attributes["name"], in.ctx, "", owner, "name"),
		Document: l.policyDocument(content.Attributes["policy"], in.ctx, owner, "policy"),
	}
	if r.typ == "aws_iam_policy" {
		p.Kind = model.IAMManagedPolicy
	}
	for _, to := range []string{model.AttachedRole, model.AttachedUser, model.AttachedGroup} {
		if a := content.Attributes[to]; a != nil {
			p.AttachedTo = append(p.AttachedTo, model.IAMAttachment{To: to, Name: l.stringValue(a, in.ctx, "", owner, to)})
		}
	}
	l.t.proj.Add(p)
}

var iamRoleSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "name"}, {Name: "assume_role_policy"}},
	Blocks:     []hcl.BlockHeaderSchema{{Type: "inline_policy"}},
}

var iamInlinePolicySchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "name"}, {Name: "policy"}},
}

// buildIAMRole builds one instance of an aws_iam_role: the role with its
// trust policy, and one inline IAMPolicy per inline_policy block.
func (l *loader) buildIAMRole(r *resourceBlock, in instance) {
	content, unread := l.readBlocks(r.block.Body, in.ctx, iamRoleSchema)
	owner := r.block.DefRange
	role := &model.IAMRole{
		Resource:         l.resource(r, in.address),
		Name:             l.stringValue(content.Attributes["name"], in.ctx, "", owner, "name"),
		AssumeRolePolicy: l.policyDocument(content.Attributes["assume_role_policy"], in.ctx, owner, "assume_role_policy"),
	}
	l.t.proj.Add(role)
	attached := []model.IAMAttachment{{To: model.AttachedRole, Name: model.Value[string]{Value: in.address,
		Meta: model.Meta{State: model.Known, Range: toRange(owner), Path: "name",
			Refs: []model.Ref{{Address: in.address, Range: toRange(owner)}}}}}}
	for i, b := range content.Blocks {
		path := fmt.Sprintf("inline_policy[%d]", i)
		bc, _, diags := b.Body.PartialContent(iamInlinePolicySchema)
		l.addHCLDiags(diags, b.DefRange.Filename)
		l.t.proj.Add(&model.IAMPolicy{
			Resource:   l.resource(r, in.address),
			Kind:       model.IAMInlinePolicy,
			Name:       l.stringValue(bc.Attributes["name"], in.ctx, "", b.DefRange, path+".name"),
			AttachedTo: attached,
			Document:   l.policyDocument(bc.Attributes["policy"], in.ctx, b.DefRange, path+".policy"),
		})
	}
	if u, ok := unread["inline_policy"]; ok {
		m := model.Meta{State: model.Unknown, Range: toRange(u.rng), Path: "inline_policy", Reason: u.reason}
		l.t.proj.Add(&model.IAMPolicy{
			Resource: l.resource(r, in.address), Kind: model.IAMInlinePolicy,
			Name: model.Value[string]{Meta: m}, AttachedTo: attached,
			Document: model.PolicyDocument{Meta: m, Version: model.Value[string]{Meta: m}, ID: model.Value[string]{Meta: m}},
		})
	}
}
