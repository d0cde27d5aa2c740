package terraform

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/dynamoguard/dynamoguard/model"
)

var vpcEndpointSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "service_name"}, {Name: "vpc_endpoint_type"}, {Name: "policy"}},
}

// buildVPCEndpoint builds one instance of an aws_vpc_endpoint.
func (l *loader) buildVPCEndpoint(r *resourceBlock, in instance) {
	attrs := l.attributes(r, vpcEndpointSchema)
	owner := r.block.DefRange
	e := &model.VPCEndpoint{
		Resource:    l.resource(r, in.address),
		ServiceName: l.stringValue(attrs["service_name"], in.ctx, "", owner, "service_name"),
		Type:        l.stringValue(attrs["vpc_endpoint_type"], in.ctx, "Gateway", owner, "vpc_endpoint_type"),
		Policy:      l.policyDocument(attrs["policy"], in.ctx, owner, "policy"),
	}
	e.Service = endpointService(e.ServiceName, attrs["service_name"])
	l.t.proj.Add(e)
}

// endpointService is the service part of an endpoint's service name: of
// its value when known, else of the literal text that ends the template
// ("com.amazonaws.${var.region}.dynamodb" is DynamoDB's whatever the
// region).
func endpointService(name model.Value[string], a *hcl.Attribute) model.Value[string] {
	v := model.Value[string]{Meta: name.Meta}
	switch {
	case name.IsKnown():
		v.Value = model.ServiceOfName(name.Value)
	case name.IsUnknown():
		if t, ok := a.Expr.(*hclsyntax.TemplateExpr); ok && len(t.Parts) > 1 {
			if lit, ok := t.Parts[len(t.Parts)-1].(*hclsyntax.LiteralValueExpr); ok && lit.Val.Type() == cty.String {
				if s := lit.Val.AsString(); strings.Contains(s, ".") {
					v.Value = model.ServiceOfName(s)
				}
			}
		}
		if v.Value != "" {
			v.State, v.Reason = model.Known, ""
		}
	}
	return v
}

var vpcEndpointPolicySchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "vpc_endpoint_id"}, {Name: "policy"}},
}

// buildVPCEndpointPolicy builds one instance of an aws_vpc_endpoint_policy;
// model.Link finds its endpoint.
func (l *loader) buildVPCEndpointPolicy(r *resourceBlock, in instance) {
	attrs := l.attributes(r, vpcEndpointPolicySchema)
	owner := r.block.DefRange
	l.t.proj.Add(&model.VPCEndpointPolicy{
		Resource:   l.resource(r, in.address),
		EndpointID: l.stringValue(attrs["vpc_endpoint_id"], in.ctx, "", owner, "vpc_endpoint_id"),
		Policy:     l.policyDocument(attrs["policy"], in.ctx, owner, "policy"),
	})
}

var resourcePolicySchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "resource_arn"}, {Name: "policy"}},
}

// buildResourcePolicy builds one instance of an
// aws_dynamodb_resource_policy; model.Link finds its table, from a
// reference to the table (arn, or stream_arn for its stream) or the table
// name of a literal ARN.
func (l *loader) buildResourcePolicy(r *resourceBlock, in instance) {
	attrs := l.attributes(r, resourcePolicySchema)
	owner := r.block.DefRange
	p := &model.ResourcePolicy{
		Resource:    l.resource(r, in.address),
		ResourceARN: l.stringValue(attrs["resource_arn"], in.ctx, "", owner, "resource_arn"),
		Policy:      l.policyDocument(attrs["policy"], in.ctx, owner, "policy"),
	}
	p.Stream = isStreamARN(p.ResourceARN)
	l.t.proj.Add(p)
}

// isStreamARN reports whether a resource_arn is that of a stream: a
// reference to a table's stream_arn or latest_stream_arn, or a literal
// stream ARN.
func isStreamARN(v model.Value[string]) bool {
	for _, ref := range v.Refs {
		if ref.Attribute == "stream_arn" || ref.Attribute == "latest_stream_arn" {
			return true
		}
	}
	return v.IsKnown() && model.IsStreamARN(v.Value)
}

var keyPolicySchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "key_id"}, {Name: "policy"}},
}

// buildKMSKeyPolicy builds one instance of an aws_kms_key_policy;
// model.Link finds its key.
func (l *loader) buildKMSKeyPolicy(r *resourceBlock, in instance) {
	attrs := l.attributes(r, keyPolicySchema)
	owner := r.block.DefRange
	l.t.proj.Add(&model.KMSKeyPolicy{
		Resource: l.resource(r, in.address),
		KeyID:    l.stringValue(attrs["key_id"], in.ctx, "", owner, "key_id"),
		Policy:   l.policyDocument(attrs["policy"], in.ctx, owner, "policy"),
	})
}
