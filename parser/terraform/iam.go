package terraform

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"

	"github.com/dynamoguard/dynamoguard/model"
	"github.com/dynamoguard/dynamoguard/parser/policy"
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
	Attributes: []hcl.AttributeSchema{{Name: "name"}, {Name: "assume_role_policy"}, {Name: "managed_policy_arns"}},
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
	if a := content.Attributes["managed_policy_arns"]; a != nil {
		l.managedPolicyARNs(r, in, attached, a)
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

var iamAttachmentSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "policy_arn"}, {Name: "role"}, {Name: "user"}, {Name: "group"},
		{Name: "roles"}, {Name: "users"}, {Name: "groups"}},
}

// buildIAMAttachment builds one instance of an aws_iam_role_policy_attachment,
// aws_iam_user_policy_attachment, aws_iam_group_policy_attachment or
// aws_iam_policy_attachment: when policy_arn is an AWS managed policy whose
// DynamoDB statements are known, that policy, at the ARN. A customer
// managed policy is its own aws_iam_policy.
func (l *loader) buildIAMAttachment(r *resourceBlock, in instance) {
	content, _, diags := r.block.Body.PartialContent(iamAttachmentSchema)
	l.addHCLDiags(diags, r.block.DefRange.Filename)
	owner := r.block.DefRange
	var attached []model.IAMAttachment
	for _, to := range []string{model.AttachedRole, model.AttachedUser, model.AttachedGroup} {
		if a := content.Attributes[to]; a != nil {
			attached = append(attached, model.IAMAttachment{To: to, Name: l.stringValue(a, in.ctx, "", owner, to)})
		}
		if a := content.Attributes[to+"s"]; a != nil {
			attached = append(attached, model.IAMAttachment{To: to, Name: model.Value[string]{
				Value: "${" + l.exprText(a.Expr) + "}", Meta: l.meta(l.eval(a.Expr, in.ctx), a.Expr, to+"s")}})
			attached[len(attached)-1].Name.State = model.Known
		}
	}
	l.awsManaged(r, in, attached, l.stringValue(content.Attributes["policy_arn"], in.ctx, "", owner, "policy_arn"))
}

// awsManaged adds the AWS managed policy arn names, when it is one whose
// DynamoDB statements are known.
func (l *loader) awsManaged(r *resourceBlock, in instance, attached []model.IAMAttachment, arn model.Value[string]) {
	if !arn.IsKnown() {
		return
	}
	name := policy.AWSManagedName(arn.Value)
	if name == "" {
		return
	}
	root, _ := policy.AWSManaged(name, arn.Range, arn.Path)
	doc, diags := policy.Document(root, arn.Path)
	l.policyDiags(diags)
	doc.Range, doc.Path = arn.Range, arn.Path
	l.t.proj.Add(&model.IAMPolicy{
		Resource: l.resource(r, in.address), Kind: model.IAMManagedPolicy, Template: name, AttachedTo: attached,
		Name: model.KnownValue(name, arn.Range, arn.Path), Document: doc,
	})
}

// managedPolicyARNs adds the AWS managed policies of a role's
// managed_policy_arns, each at its own string when written as a list.
func (l *loader) managedPolicyARNs(r *resourceBlock, in instance, attached []model.IAMAttachment, a *hcl.Attribute) {
	n := l.hclNode(a.Expr, in.ctx, "managed_policy_arns", 0)
	for i, item := range n.Items {
		if item.Kind != policy.KindString {
			continue
		}
		path := fmt.Sprintf("managed_policy_arns[%d]", i)
		l.awsManaged(r, in, attached, model.Value[string]{Value: item.Str,
			Meta: model.Meta{State: model.Known, Range: item.Range, Path: path, Refs: item.Refs, Origins: item.Origins}})
	}
}
