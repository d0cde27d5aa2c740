package cloudformation

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/dynamoguard/dynamoguard/model"
	"github.com/dynamoguard/dynamoguard/parser/policy"
)

// policyDocument reads an evaluated policy property (PolicyDocument,
// KeyPolicy, ResourcePolicy.PolicyDocument, …) into a policy document at
// path: a mapping, or a JSON string (also one built with Fn::Sub). Absent
// (v nil or AWS::NoValue) is an Absent document at owner. Every string
// keeps the range it is written at; a value computed from resources
// (!GetAtt T.Arn, !Sub "${T.Arn}/index/*") is a specific string written
// with ${…} that keeps its references.
func (t *template) policyDocument(v *val, owner model.Range, path string) model.PolicyDocument {
	if v == nil || v.state == model.Absent {
		m := model.Meta{State: model.Absent, Range: owner, Path: path}
		return model.PolicyDocument{Meta: m, Version: model.Value[string]{Meta: m}, ID: model.Value[string]{Meta: m}}
	}
	var root *policy.Node
	if s, ok := v.v.(string); ok && v.state == model.Known {
		root = t.policyText(v, s)
	} else if v.state == model.Unknown && v.hasText && strings.HasPrefix(strings.TrimSpace(v.text), "{") {
		root = t.policyText(v, v.text)
	} else {
		root = t.policyNode(v)
	}
	doc, diags := policy.Document(root, path)
	t.policyDiags(diags)
	doc.Range, doc.Path = t.src.rng(v.node), path
	return doc
}

// policyDiags adds the problems found in a policy, once each.
func (t *template) policyDiags(diags model.Diagnostics) {
	for _, d := range diags {
		dup := false
		for _, e := range t.diags {
			if e == d {
				dup = true
				break
			}
		}
		if !dup {
			t.diags = append(t.diags, d)
		}
	}
}

// specificText returns the text of a value resolved at deploy time from
// resources and pseudo parameters only ("${Table.Arn}/index/*"); false
// when some part of it is not known at all (a parameter without a value).
func specificText(v *val) (string, bool) {
	if v.state != model.Unknown || !v.hasText || strings.Contains(v.text, "${?}") {
		return "", false
	}
	return v.text, true
}

// policyNode turns an evaluated value into a policy node tree.
func (t *template) policyNode(v *val) *policy.Node {
	rng := t.src.rng(v.node)
	m := t.meta(v, model.Known, "")
	switch v.state {
	case model.Unknown:
		if s, ok := specificText(v); ok {
			return &policy.Node{Kind: policy.KindString, Str: s, Range: rng, Refs: m.Refs, Origins: m.Origins}
		}
		return &policy.Node{Kind: policy.KindUnknown, Range: rng, Reason: reasonOf(v, "the value cannot be resolved"),
			Refs: m.Refs, Origins: m.Origins}
	case model.Absent:
		return &policy.Node{Kind: policy.KindScalar, Null: true, Str: "null", Range: rng}
	}
	switch x := v.v.(type) {
	case string:
		return &policy.Node{Kind: policy.KindString, Str: x, Range: rng, Origins: m.Origins}
	case number:
		return &policy.Node{Kind: policy.KindScalar, Str: string(x), Range: rng, Origins: m.Origins}
	case bool:
		return &policy.Node{Kind: policy.KindScalar, Str: fmt.Sprint(x), Range: rng, Origins: m.Origins}
	case []*val:
		n := &policy.Node{Kind: policy.KindList, Range: rng, Items: make([]*policy.Node, 0, len(x))}
		for _, item := range x {
			n.Items = append(n.Items, t.policyNode(item))
		}
		return n
	case *object:
		n := &policy.Node{Kind: policy.KindObject, Range: rng, Fields: make([]policy.Field, 0, len(x.members))}
		for _, mem := range x.members {
			if mem.val == nil || mem.val.state == model.Absent {
				continue // AWS::NoValue: the key is not set
			}
			n.Fields = append(n.Fields, policy.Field{Key: mem.name, KeyRange: t.src.rng(mem.key), Value: t.policyNode(mem.val)})
		}
		return n
	}
	return policy.Unknown(rng, "the value is not a policy value")
}

// policyText parses a policy written as a JSON string s, the value of v:
// a literal string maps to the scalar's source text; a string with parts
// resolved at deploy time keeps them as ${Name} with their references.
func (t *template) policyText(v *val, s string) *policy.Node {
	rng := t.src.rng(v.node)
	text := policy.Text{Filename: t.src.name}
	scalar := deref(v.node)
	if _, args, ok := intrinsic(scalar); ok && args != nil {
		if a := deref(args); a != nil && a.Kind == yaml.SequenceNode && len(a.Content) > 0 {
			a = deref(a.Content[0])
			scalar = a
		} else {
			scalar = a
		}
	}
	raw, start := t.scalarSource(scalar)
	if raw == nil {
		text.Append(s, policy.Segment{Computed: true, Range: rng})
	} else {
		text.AppendLiteral(s, raw, start, rng)
	}
	root, diags := policy.ParseJSON(text, rng)
	t.policyDiags(diags)
	if v.state == model.Unknown {
		t.resolveParts(root, v)
	}
	return root
}

// scalarSource returns the source text of a scalar's value and where it
// starts: after the opening quote, or on the line after a block scalar's
// indicator. nil when the node is not a scalar with a known position.
func (t *template) scalarSource(n *yaml.Node) ([]byte, model.Pos) {
	if n == nil || n.Kind != yaml.ScalarNode {
		return nil, model.Pos{}
	}
	off := t.src.offset(n.Line, n.Column)
	if off < 0 {
		return nil, model.Pos{}
	}
	off = t.src.skipProperties(off)
	end := max(t.src.scalarEnd(n, off), off)
	switch {
	case n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 && end-off >= 2:
		off, end = off+1, end-1
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		nl := strings.IndexByte(string(t.src.data[off:end]), '\n')
		if nl < 0 {
			return nil, model.Pos{}
		}
		off += nl + 1
	}
	p := t.src.pos(off)
	if t.src.transcoded {
		p.Byte = -1
	}
	return t.src.data[off:end], p
}

// resolveParts gives every string of a policy parsed from the text of a
// value resolved at deploy time the references its ${Name} parts name,
// and makes unknown the strings with a part that is not known at all.
func (t *template) resolveParts(n *policy.Node, v *val) {
	switch n.Kind {
	case policy.KindString:
		if strings.Contains(n.Str, "${?}") {
			n.Kind, n.Reason = policy.KindUnknown, reasonOf(v, "part of the value cannot be resolved")
			return
		}
		for _, r := range v.refs {
			name := r.id
			if r.attr != "" {
				name += "." + r.attr
			}
			if r.id != "" && strings.Contains(n.Str, "${"+name+"}") {
				n.Refs = append(n.Refs, model.Ref{Address: r.id, Attribute: r.attr, Range: n.Range})
			}
		}
	case policy.KindList:
		for _, item := range n.Items {
			t.resolveParts(item, v)
		}
	case policy.KindObject:
		for _, f := range n.Fields {
			t.resolveParts(f.Value, v)
		}
	}
}
