package cloudformation

import (
	"fmt"
	"slices"

	"github.com/dynamoguard/dynamoguard/model"
	"go.yaml.in/yaml/v3"
)

// build reads the modelled resources into the project: keys first, then
// aliases, then tables, so that each can refer to the ones before.
func (t *template) build() {
	for _, pass := range [][]string{{typeKMSKey}, {typeKMSAlias}, {typeTable, typeGlobalTable, typeSimpleTable}} {
		for _, r := range t.order {
			if slices.Contains(pass, r.typ) && t.created(r) {
				t.buildResource(r)
			}
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
// Condition is known to be false.
func (t *template) created(r *resource) bool {
	if r.cond == nil {
		return true
	}
	b, ok := t.condition(r.cond.Value, r.cond).boolean()
	return !ok || b
}

func (t *template) buildResource(r *resource) {
	o, ok := t.properties(r)
	if !ok {
		return
	}
	t.checkSchema(r, o)
	res := model.Resource{
		Kind:    model.CloudFormation,
		Type:    r.typ,
		Address: r.id,
		Range:   t.src.rng(r.key),
		Path:    cdkPath(r.node),
	}
	switch r.typ {
	case typeKMSKey:
		t.buildKey(res, o)
	case typeKMSAlias:
		t.buildAlias(res, o)
	case typeTable:
		t.proj.Tables = append(t.proj.Tables, t.buildTable(res, o))
	case typeGlobalTable:
		t.proj.Tables = append(t.proj.Tables, t.buildGlobalTable(res, o))
	case typeSimpleTable:
		t.proj.Tables = append(t.proj.Tables, t.buildSimpleTable(res, o))
	}
}

// properties resolves the resource's Properties; SAM SimpleTables also get
// the properties of Globals.SimpleTable they do not set themselves.
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
	_, g := mapGet(t.globals, "SimpleTable")
	if g == nil {
		return o, true
	}
	globals, ok := t.eval(g).obj()
	if !ok {
		return o, true
	}
	merged := &object{members: append([]member(nil), o.members...)}
	for _, m := range globals.members {
		if _, set := o.get(m.name); !set {
			merged.members = append(merged.members, m)
		}
	}
	return merged, true
}

// cdkPath is the CDK construct path of a resource synthesized by the CDK.
func cdkPath(n *yaml.Node) string {
	_, md := mapGet(n, "Metadata")
	if _, p := mapGet(md, "aws:cdk:path"); p != nil && p.Kind == yaml.ScalarNode {
		return p.Value
	}
	return ""
}
