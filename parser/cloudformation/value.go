package cloudformation

import (
	"math"
	"strconv"
	"strings"

	"github.com/dynamoguard/dynamoguard/model"
	"go.yaml.in/yaml/v3"
)

// val is a template value after intrinsic functions were resolved.
//
// A Known val holds, in v, one of: string, bool, number, []*val or *object.
// An Unknown val holds why it could not be resolved, the resources it refers
// to and, when it is a string with unresolved parts, its text with those parts
// left as ${Name}. An Absent val is AWS::NoValue (or null): the property is
// not set.
type val struct {
	state model.State
	// node is the expression that set the value; its range is the value's.
	node *yaml.Node
	v    any
	// refs are the resources the value refers to (Ref, Fn::GetAtt, ${X}).
	refs []ref
	// origins are the parameters whose values decided the value.
	origins []model.Origin
	// reason is a sentence saying why the value is unknown.
	reason string
	// what is a noun phrase naming what the expression is, such as "a
	// parameter with no default", for messages like "X is !Ref P, <what>".
	what string
	// text is the string with its unresolved parts as ${Name}, if hasText.
	text    string
	hasText bool
}

// ref is a reference to a resource of the template, with the attribute for
// Fn::GetAtt.
type ref struct {
	id, attr string
	// imp is the export name of an Fn::ImportValue (id is then empty).
	imp  string
	node *yaml.Node
	// in is the template whose resource id is, when it is not the one
	// holding the value: the parent of a nested stack, through a
	// parameter it passes.
	in *template
}

// number is a number in canonical text form.
type number string

// member is one entry of a mapping, with its key node for ranges.
type member struct {
	key  *yaml.Node
	name string
	val  *val
}

// object is a mapping with its entries in source order.
type object struct {
	members []member
}

// get returns the entry called name.
func (o *object) get(name string) (member, bool) {
	if o == nil {
		return member{}, false
	}
	for _, m := range o.members {
		if m.name == name {
			return m, true
		}
	}
	return member{}, false
}

func knownVal(n *yaml.Node, v any) *val { return &val{state: model.Known, node: n, v: v} }

func absentVal(n *yaml.Node) *val { return &val{state: model.Absent, node: n} }

// unknownVal returns an unknown value with a reason sentence and a noun
// phrase for what the expression is (which may be empty).
func unknownVal(n *yaml.Node, reason, what string) *val {
	return &val{state: model.Unknown, node: n, reason: reason, what: what}
}

// at returns a copy of v set by node n instead: a reference site rather
// than the definition it resolved to.
func (v *val) at(n *yaml.Node) *val {
	c := *v
	c.node = n
	return &c
}

// scalar returns the text of a known string, number or boolean.
func (v *val) scalar() (string, bool) {
	if v == nil || v.state != model.Known {
		return "", false
	}
	switch x := v.v.(type) {
	case string:
		return x, true
	case number:
		return string(x), true
	case bool:
		return strconv.FormatBool(x), true
	}
	return "", false
}

// boolean returns a known boolean, coercing "true" and "false" the way
// CloudFormation does.
func (v *val) boolean() (bool, bool) {
	if v == nil || v.state != model.Known {
		return false, false
	}
	switch x := v.v.(type) {
	case bool:
		return x, true
	case string:
		switch strings.ToLower(x) {
		case "true":
			return true, true
		case "false":
			return false, true
		}
	}
	return false, false
}

// obj returns a known mapping.
func (v *val) obj() (*object, bool) {
	if v == nil || v.state != model.Known {
		return nil, false
	}
	o, ok := v.v.(*object)
	return o, ok
}

// list returns a known sequence.
func (v *val) list() ([]*val, bool) {
	if v == nil || v.state != model.Known {
		return nil, false
	}
	l, ok := v.v.([]*val)
	return l, ok
}

// pattern returns the value as a string with its unresolved parts as
// ${Name}: the text of a known scalar, or the text of an unknown string.
func (v *val) pattern() (string, bool) {
	if s, ok := v.scalar(); ok {
		return s, true
	}
	if v != nil && v.state == model.Unknown && v.hasText {
		return v.text, true
	}
	return "", false
}

// parseNumber returns the canonical form of a YAML or JSON number.
func parseNumber(s string) (number, bool) {
	clean := strings.ReplaceAll(s, "_", "")
	if i, err := strconv.ParseInt(clean, 0, 64); err == nil {
		return number(strconv.FormatInt(i, 10)), true
	}
	f, err := strconv.ParseFloat(clean, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) || strings.ContainsAny(clean, "xXpP") {
		return "", false
	}
	return number(strconv.FormatFloat(f, 'f', -1, 64)), true
}
