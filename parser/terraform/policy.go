package terraform

import (
	"github.com/hashicorp/hcl/v2"

	"github.com/dynamoguard/dynamoguard/model"
)

// policyDocument reads a policy attribute (policy, assume_role_policy,
// inline_policy.policy, …) into a policy document at path: Absent at owner
// when a is nil.
func (l *loader) policyDocument(a *hcl.Attribute, ctx *hcl.EvalContext, owner hcl.Range, path string) model.PolicyDocument {
	if a == nil {
		return model.PolicyDocument{Meta: model.Meta{State: model.Absent, Range: toRange(owner), Path: path}}
	}
	return model.PolicyDocument{Meta: model.Meta{State: model.Unknown, Range: toRange(a.Expr.Range()), Path: path,
		Reason: "policies are not read yet"}}
}
