package cloudformation

import (
	"fmt"
	"slices"

	"github.com/awslabs/goformation/v7/cloudformation/applicationautoscaling"
	"github.com/awslabs/goformation/v7/cloudformation/backup"
	"github.com/awslabs/goformation/v7/cloudformation/dax"
	"github.com/awslabs/goformation/v7/cloudformation/dynamodb"
	"github.com/awslabs/goformation/v7/cloudformation/ec2"
	"github.com/awslabs/goformation/v7/cloudformation/iam"
	"github.com/awslabs/goformation/v7/cloudformation/kinesis"
	"github.com/awslabs/goformation/v7/cloudformation/kms"
	"github.com/awslabs/goformation/v7/cloudformation/s3"
	"github.com/awslabs/goformation/v7/cloudformation/serverless"

	"github.com/dynamoguard/dynamoguard/model"
	"go.yaml.in/yaml/v3"
)

// builder builds one resource type: build reads it into the project,
// typed returns a new goformation value of the type, the schema its
// resolved properties are validated against.
type builder struct {
	build func(*template, model.Resource, *object)
	typed func() any
}

// builders build the resource types the parser models, by type. Adding a
// resource kind means adding its builder here.
var builders = map[string]builder{
	typeKMSKey:        {(*template).buildKey, func() any { return &kms.Key{} }},
	typeKMSAlias:      {(*template).buildAlias, func() any { return &kms.Alias{} }},
	typeKMSReplicaKey: {(*template).buildReplicaKey, func() any { return &kms.ReplicaKey{} }},
	typeTable:         {(*template).buildTable, func() any { return &dynamodb.Table{} }},
	typeGlobalTable:   {(*template).buildGlobalTable, func() any { return &dynamodb.GlobalTable{} }},
	typeSimpleTable:   {(*template).buildSimpleTable, func() any { return &serverless.SimpleTable{} }},

	typeScalableTarget:  {(*template).buildScalableTarget, func() any { return &applicationautoscaling.ScalableTarget{} }},
	typeScalingPolicy:   {(*template).buildScalingPolicy, func() any { return &applicationautoscaling.ScalingPolicy{} }},
	typeDAXCluster:      {(*template).buildDAXCluster, func() any { return &dax.Cluster{} }},
	typeBackupVault:     {(*template).buildBackupVault, func() any { return &backup.BackupVault{} }},
	typeBackupPlan:      {(*template).buildBackupPlan, func() any { return &backup.BackupPlan{} }},
	typeBackupSelection: {(*template).buildBackupSelection, func() any { return &backup.BackupSelection{} }},
	typeKinesisStream:   {(*template).buildKinesisStream, func() any { return &kinesis.Stream{} }},
	typeBucket:          {(*template).buildBucket, func() any { return &s3.Bucket{} }},
	typeBucketPolicy:    {(*template).buildBucketPolicy, func() any { return &s3.BucketPolicy{} }},
	typeVPCEndpoint:     {(*template).buildVPCEndpoint, func() any { return &ec2.VPCEndpoint{} }},

	typeIAMPolicy:        {(*template).buildIAMPolicy, func() any { return &iam.Policy{} }},
	typeIAMManagedPolicy: {(*template).buildIAMPolicy, func() any { return &iam.ManagedPolicy{} }},
	typeIAMRole:          {(*template).buildIAMPrincipal, func() any { return &iam.Role{} }},
	typeIAMUser:          {(*template).buildIAMPrincipal, func() any { return &iam.User{} }},
	typeIAMGroup:         {(*template).buildIAMPrincipal, func() any { return &iam.Group{} }},
	typeFunction:         {(*template).buildFunction, func() any { return &serverless.Function{} }},
}

// build reads the modelled resources into the project, in template order;
// the references between them are resolved by model.Link.
func (t *template) build() {
	for _, r := range t.order {
		_, modelled := builders[r.typ]
		created, cond := t.created(r)
		switch {
		case !created:
		case r.typ == typeStack || r.typ == typeApplication:
			t.nested(r, cond)
		case modelled:
			t.buildResource(r, cond)
		default:
			t.notModelled(r)
		}
	}
	if t.steps > maxSteps {
		t.diags = append(t.diags, model.Diagnostic{
			Severity: model.DiagWarning,
			Summary:  "template too large to evaluate",
			Detail:   fmt.Sprintf("Evaluation stopped after %d steps (deeply nested YAML aliases?); the values left are unknown.", maxSteps),
			Subject:  model.Range{Filename: t.src.name},
		})
	}
}

// created reports whether the resource is created: false only when its
// Condition is known to be false. When the condition cannot be evaluated
// the resource may be created: cond is then the condition's name.
func (t *template) created(r *resource) (created bool, cond string) {
	if r.cond == nil {
		return true, ""
	}
	b, ok := t.condition(r.cond.Value, r.cond).boolean()
	if !ok {
		return true, r.cond.Value
	}
	return b, ""
}

func (t *template) buildResource(r *resource, cond string) {
	o, ok := t.properties(r)
	if !ok {
		return
	}
	b := builders[r.typ]
	t.validate(r, o, b.typed())
	res := model.Resource{
		Kind:       model.CloudFormation,
		Type:       r.typ,
		Address:    r.id,
		Range:      t.src.rng(r.key),
		Extent:     t.extents[r.key].rng,
		Path:       cdkPath(r.node),
		Scope:      t.scope(),
		CalledFrom: t.calledFrom(),
		Conditions: t.conditionsOf(cond),
	}
	if e, ok := t.extents[r.key]; ok && e.value.Kind == yaml.MappingNode {
		if res.Template = t.src.layout(r.key, e.value); res.Template != nil {
			res.Template.Step = int32(e.step)
		}
	}
	b.build(t, res, o)
}

// properties resolves the resource's Properties; SAM SimpleTables also get
// the properties of Globals.SimpleTable, merged the way SAM merges them.
func (t *template) properties(r *resource) (*object, bool) {
	o := &object{}
	if r.props != nil {
		v := t.eval(r.props)
		var ok bool
		if o, ok = v.obj(); !ok {
			t.proj.NotAnalysed = append(t.proj.NotAnalysed, model.NotAnalysed{
				Range:  t.src.rng(r.key),
				What:   r.id,
				Reason: "its Properties cannot be resolved: " + reasonOf(v, "Properties is not a mapping"),
			})
			return nil, false
		}
	}
	if r.typ != typeSimpleTable {
		return o, true
	}
	k, g := mapGet(t.globals, "SimpleTable")
	if g == nil {
		return o, true
	}
	gv := t.eval(g)
	globals, ok := gv.obj()
	if !ok {
		// SAM accepts only a mapping here, and SSESpecification is the one
		// SimpleTable property it takes from Globals.
		t.warnOnce(k, "Globals.SimpleTable is not a mapping",
			"SAM merges a mapping of properties into every SimpleTable; the SSESpecification of "+
				"the SimpleTables that do not set it is treated as unknown.")
		globals = &object{members: []member{{key: k, name: "SSESpecification",
			val: unknownVal(g, reasonOf(gv, "Globals.SimpleTable is not a mapping"), "")}}}
	}
	return mergeGlobals(globals, o, r.props), true
}

// mergeGlobals merges the properties of SAM Globals into a resource's as SAM
// does: mappings key by key and recursively, lists concatenated (the global
// items first); any other value of the resource replaces the global one. So
// does an intrinsic function, whatever it resolves to: SAM merges before
// CloudFormation resolves it. raw is the resource's mapping as written.
func mergeGlobals(global, local *object, raw *yaml.Node) *object {
	merged := &object{members: append([]member(nil), local.members...)}
	for _, g := range global.members {
		i := slices.IndexFunc(merged.members, func(m member) bool { return m.name == g.name })
		if i < 0 {
			merged.members = append(merged.members, g)
			continue
		}
		_, written := mapGet(raw, g.name)
		if written != nil {
			if _, _, fn := intrinsic(written); fn {
				continue
			}
		}
		l := merged.members[i].val
		if lo, ok := l.obj(); ok {
			if gobj, ok := g.val.obj(); ok {
				merged.members[i].val = knownVal(l.node, mergeGlobals(gobj, lo, written))
			}
		} else if ll, ok := l.list(); ok {
			if gl, ok := g.val.list(); ok {
				merged.members[i].val = knownVal(l.node, append(append([]*val(nil), gl...), ll...))
			}
		}
	}
	return merged
}

// cdkPath is the CDK construct path of a resource synthesized by the CDK.
func cdkPath(n *yaml.Node) string {
	_, md := mapGet(n, "Metadata")
	if _, p := mapGet(md, "aws:cdk:path"); p != nil && p.Kind == yaml.ScalarNode {
		return p.Value
	}
	return ""
}
