package terraform

import (
	"github.com/hashicorp/hcl/v2"

	"github.com/dynamoguard/dynamoguard/model"
)

var scalingSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "service_namespace"}, {Name: "resource_id"}, {Name: "scalable_dimension"}},
}

// scalingAttrs reads what targets and policies have in common.
func (l *loader) scalingAttrs(r *resourceBlock, in instance) (ns, id, dim model.Value[string]) {
	content, _, diags := r.block.Body.PartialContent(scalingSchema)
	l.addHCLDiags(diags, r.block.DefRange.Filename)
	attrs, owner := content.Attributes, r.block.DefRange
	return l.stringValue(attrs["service_namespace"], in.ctx, "", owner, "service_namespace"),
		l.stringValue(attrs["resource_id"], in.ctx, "", owner, "resource_id"),
		l.stringValue(attrs["scalable_dimension"], in.ctx, "", owner, "scalable_dimension")
}

// buildScalingTarget builds one instance of an aws_appautoscaling_target;
// model.Link finds the table it scales from its resource_id.
func (l *loader) buildScalingTarget(r *resourceBlock, in instance) {
	ns, id, dim := l.scalingAttrs(r, in)
	l.t.proj.Add(&model.ScalingTarget{Resource: l.resource(r, in.address), ServiceNamespace: ns, ResourceID: id, ScalableDimension: dim})
}

// buildScalingPolicy builds one instance of an aws_appautoscaling_policy.
func (l *loader) buildScalingPolicy(r *resourceBlock, in instance) {
	ns, id, dim := l.scalingAttrs(r, in)
	l.t.proj.Add(&model.ScalingPolicy{Resource: l.resource(r, in.address), ServiceNamespace: ns, ResourceID: id, ScalableDimension: dim})
}
