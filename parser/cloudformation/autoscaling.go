package cloudformation

import (
	"github.com/dynamoguard/dynamoguard/model"
)

// Resource types of Application Auto Scaling the parser models.
const (
	typeScalableTarget = "AWS::ApplicationAutoScaling::ScalableTarget"
	typeScalingPolicy  = "AWS::ApplicationAutoScaling::ScalingPolicy"
)

// scalingProps reads what targets and policies have in common.
func (t *template) scalingProps(res model.Resource, o *object) (ns, id, dim model.Value[string]) {
	return t.stringProp(o, "", "ServiceNamespace", "", res.Range),
		t.stringProp(o, "", "ResourceId", "", res.Range),
		t.stringProp(o, "", "ScalableDimension", "", res.Range)
}

// buildScalableTarget reads an AWS::ApplicationAutoScaling::ScalableTarget;
// model.Link finds the table it scales from its ResourceId.
func (t *template) buildScalableTarget(res model.Resource, o *object) {
	ns, id, dim := t.scalingProps(res, o)
	t.proj.Add(&model.ScalingTarget{Resource: res, ServiceNamespace: ns, ResourceID: id, ScalableDimension: dim})
}

// buildScalingPolicy reads an AWS::ApplicationAutoScaling::ScalingPolicy.
func (t *template) buildScalingPolicy(res model.Resource, o *object) {
	ns, id, dim := t.scalingProps(res, o)
	t.proj.Add(&model.ScalingPolicy{Resource: res, ServiceNamespace: ns, ResourceID: id, ScalableDimension: dim})
}

// globalTableAutoScaling reads whether an AWS::DynamoDB::GlobalTable
// autoscales all its provisioned capacity: the table's
// WriteProvisionedThroughputSettings.WriteCapacityAutoScalingSettings, and
// every replica's read capacity that is set (ReadCapacityUnits without
// ReadCapacityAutoScalingSettings is fixed).
func (t *template) globalTableAutoScaling(o *object, owner model.Range) model.Value[bool] {
	const writePath = "WriteProvisionedThroughputSettings.WriteCapacityAutoScalingSettings"
	w, ok := o.get("WriteProvisionedThroughputSettings")
	if !ok {
		return model.AbsentValue(false, owner, writePath)
	}
	ws, ok := w.val.obj()
	if !ok {
		return model.UnknownValue[bool](t.src.rng(w.val.node), writePath, describe("WriteProvisionedThroughputSettings", w.val))
	}
	as, ok := ws.get("WriteCapacityAutoScalingSettings")
	if !ok {
		return model.KnownValue(false, t.src.rng(w.key), writePath)
	}
	result := model.KnownValue(true, t.src.rng(as.key), writePath)
	if reps, ok := o.get("Replicas"); ok {
		items, _ := reps.val.list()
		for i, it := range items {
			ro, _ := it.obj()
			if v, done := t.replicaReadScaling(ro, i); done {
				return v
			}
		}
	}
	return result
}

// replicaReadScaling reports, done true, a replica whose read capacity is
// fixed (Known false) or cannot be read (Unknown).
func (t *template) replicaReadScaling(ro *object, i int) (model.Value[bool], bool) {
	r, ok := ro.get("ReadProvisionedThroughputSettings")
	if !ok {
		return model.Value[bool]{}, false
	}
	label := model.ReplicaLabel(t.stringProp(ro, "", "Region", "", t.src.rng(r.key)), i)
	path := "Replicas[" + label + "].ReadProvisionedThroughputSettings"
	rs, ok := r.val.obj()
	if !ok {
		return model.UnknownValue[bool](t.src.rng(r.val.node), path+".ReadCapacityAutoScalingSettings",
			describe(path, r.val)), true
	}
	if _, ok := rs.get("ReadCapacityAutoScalingSettings"); ok {
		return model.Value[bool]{}, false
	}
	if units, ok := rs.get("ReadCapacityUnits"); ok {
		return model.KnownValue(false, t.src.rng(units.key), path+".ReadCapacityUnits"), true
	}
	return model.Value[bool]{}, false
}

// isStackRegion reports whether the Region of replica ro is the stack's
// own: !Ref AWS::Region, or the region given for AWS::Region with
// --cfn-params.
func (t *template) isStackRegion(ro *object) bool {
	m, ok := ro.get("Region")
	if !ok {
		return false
	}
	if s, ok := m.val.scalar(); ok {
		stack, given := t.opts.Params["AWS::Region"]
		return given && s == stack
	}
	return m.val.hasText && m.val.text == "${AWS::Region}"
}

// stackRegion is the region of the stack: Known when given for
// AWS::Region with --cfn-params, else Absent at owner.
func (t *template) stackRegion(owner model.Range) model.Value[string] {
	if s, ok := t.opts.Params["AWS::Region"]; ok && s != "" {
		return model.KnownValue(s, owner, "AWS::Region")
	}
	return model.AbsentValue("", owner, "AWS::Region")
}

// retainedOnTeardown reads the resource's DeletionPolicy: Retain and
// RetainExceptOnCreate keep the table when the stack is deleted.
func (t *template) retainedOnTeardown(res model.Resource) model.Value[bool] {
	r := t.resources[res.Address]
	if r == nil {
		return model.AbsentValue(false, res.Range, "DeletionPolicy")
	}
	k, n := mapGet(r.node, "DeletionPolicy")
	if n == nil {
		return model.AbsentValue(false, res.Range, "DeletionPolicy")
	}
	v := t.eval(n)
	s, ok := v.scalar()
	if !ok {
		return model.UnknownValue[bool](t.src.rng(n), "DeletionPolicy", reasonOf(v, "DeletionPolicy is not a string"))
	}
	return model.KnownValue(s == "Retain" || s == "RetainExceptOnCreate", t.src.rng(k), "DeletionPolicy")
}
