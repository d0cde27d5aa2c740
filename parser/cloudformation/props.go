package cloudformation

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dynamoguard/dynamoguard/model"
	"go.yaml.in/yaml/v3"
)

// join appends property name to path prefix.
func join(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

// meta is the model Meta of v set at attribute path.
func (t *template) meta(v *val, state model.State, path string) model.Meta {
	m := model.Meta{State: state, Range: t.src.rng(v.node), Path: path, Origins: v.origins}
	for _, r := range v.refs {
		src := t.src
		if r.in != nil {
			src = r.in.src
		}
		m.Refs = append(m.Refs, model.Ref{Address: r.id, Attribute: r.attr, Import: r.imp, Range: src.rng(r.node)})
	}
	if state == model.Unknown {
		m.Reason = reasonOf(v, path+" is not valid")
	}
	return m
}

// boolProp reads boolean property name of o, at prefix; absent, it is
// false at owner.
func (t *template) boolProp(o *object, prefix, name string, owner model.Range) model.Value[bool] {
	m, ok := o.get(name)
	if !ok {
		return model.AbsentValue(false, owner, join(prefix, name))
	}
	return t.boolOf(m.val, join(prefix, name))
}

// boolOf converts a property value at path to a model boolean.
func (t *template) boolOf(v *val, path string) model.Value[bool] {
	if b, ok := v.boolean(); ok {
		return model.Value[bool]{Value: b, Meta: t.meta(v, model.Known, path)}
	}
	m := t.meta(v, model.Unknown, path)
	m.Reason = reasonOf(v, path+" is not a boolean")
	return model.Value[bool]{Meta: m}
}

// stringProp reads string property name of o, at prefix; absent, it is def
// at owner.
func (t *template) stringProp(o *object, prefix, name, def string, owner model.Range) model.Value[string] {
	m, ok := o.get(name)
	if !ok {
		return model.AbsentValue(def, owner, join(prefix, name))
	}
	return t.stringOf(m.val, join(prefix, name))
}

// stringOf converts a property value at path to a model string.
func (t *template) stringOf(v *val, path string) model.Value[string] {
	if s, ok := v.scalar(); ok {
		return model.Value[string]{Value: s, Meta: t.meta(v, model.Known, path)}
	}
	m := t.meta(v, model.Unknown, path)
	m.Reason = reasonOf(v, path+" is not a string")
	return model.Value[string]{Meta: m}
}

// reasonOf is why v is unknown, or invalid when v is known but of the wrong
// kind.
func reasonOf(v *val, invalid string) string {
	if v.state == model.Unknown && v.reason != "" {
		return v.reason
	}
	return invalid
}

// describe says why property attr, set to v, cannot be classified:
// "KMSMasterKeyId is !Ref KeyArn, a parameter with no default".
func describe(attr string, v *val) string {
	e := exprString(v.node)
	switch {
	case v.state != model.Unknown:
		return fmt.Sprintf("%s is %s, which is not valid there", attr, e)
	case v.what != "":
		return fmt.Sprintf("%s is %s, %s", attr, e, v.what)
	}
	return fmt.Sprintf("%s is %s: %s", attr, e, v.reason)
}

// exprString renders an expression briefly, intrinsic functions in their
// short form: !Ref KeyArn, !GetAtt Key.Arn, !If [UseKey, !Ref Key, ""].
func exprString(n *yaml.Node) string {
	s := render(n, 0, true)
	if utf8.RuneCountInString(s) > maxExprLen {
		s = string([]rune(s)[:maxExprLen-1]) + "…"
	}
	return s
}

// maxExprLen is the length, in characters, beyond which exprString cuts.
const maxExprLen = 80

func render(n *yaml.Node, depth int, top bool) string {
	n = deref(n)
	switch {
	case n == nil:
		return "null"
	case depth > 3:
		return "…"
	}
	if fn, args, ok := intrinsic(n); ok {
		return "!" + strings.TrimPrefix(fn, "Fn::") + " " + render(args, depth+1, false)
	}
	switch n.Kind {
	case yaml.ScalarNode:
		if top && n.Tag == "!!str" {
			return strconv.Quote(n.Value)
		}
		if n.Value == "" {
			return `""`
		}
		return n.Value
	case yaml.SequenceNode:
		var b strings.Builder
		b.WriteString("[")
		for i, c := range n.Content {
			if b.Len() > maxExprLen { // exprString cuts it anyway
				b.WriteString(", …")
				break
			}
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(render(c, depth+1, false))
		}
		return b.String() + "]"
	case yaml.MappingNode:
		return "{…}"
	}
	return "…"
}
