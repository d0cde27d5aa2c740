package cloudformation

import "github.com/dynamoguard/dynamoguard/model"

// policyDocument reads an evaluated policy property (PolicyDocument,
// KeyPolicy, ResourcePolicy.PolicyDocument, …) into a policy document at
// path: an object, or a JSON string. Absent (v nil or AWS::NoValue) is an
// Absent document at owner.
func (t *template) policyDocument(v *val, owner model.Range, path string) model.PolicyDocument {
	if v == nil || v.state == model.Absent {
		return model.PolicyDocument{Meta: model.Meta{State: model.Absent, Range: owner, Path: path}}
	}
	return model.PolicyDocument{Meta: t.meta(v, model.Unknown, path)}
}
