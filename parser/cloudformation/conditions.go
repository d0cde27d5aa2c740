package cloudformation

import (
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/dynamoguard/dynamoguard/model"
	"go.yaml.in/yaml/v3"
)

// condition evaluates the condition called name of the Conditions section,
// once; at is the node that refers to it.
func (t *template) condition(name string, at *yaml.Node) *val {
	if v, ok := t.condMemo[name]; ok {
		if v == nil {
			return unknownVal(at, fmt.Sprintf("condition %q refers to itself", name), "")
		}
		return v.at(at)
	}
	node, ok := t.conditions[name]
	if !ok {
		return unknownVal(at, fmt.Sprintf("condition %q is not defined", name), "an undefined condition")
	}
	t.condMemo[name] = nil
	v := t.eval(node)
	if _, ok := v.boolean(); !ok && v.state != model.Unknown {
		v = unknownVal(node, fmt.Sprintf("condition %q is not a boolean", name), "")
	}
	t.condMemo[name] = v
	return v.at(at)
}

// conditionFunc evaluates Fn::Equals, Fn::Not, Fn::And, Fn::Or and
// Condition with three-valued logic: a known operand can decide the result
// even when another one is unknown.
func (t *template) conditionFunc(fn string, args, n *yaml.Node) *val {
	switch fn {
	case "Condition":
		a := deref(args)
		if a == nil || a.Kind != yaml.ScalarNode {
			return badArgs(n, fn, "a condition name")
		}
		return t.condition(a.Value, n)
	case "Fn::Equals":
		return t.equals(args, n)
	case "Fn::Not":
		a, ok := seqArgs(args, 1)
		if !ok {
			return badArgs(n, fn, "a list of one condition")
		}
		c := t.eval(a[0])
		b, ok := c.boolean()
		if !ok {
			return propagate(c, n)
		}
		return knownVal(n, !b)
	}
	return t.andOr(fn, args, n)
}

// equals evaluates Fn::Equals.
func (t *template) equals(args, n *yaml.Node) *val {
	a, ok := seqArgs(args, 2)
	if !ok {
		return badArgs(n, "Fn::Equals", "two values")
	}
	x, y := t.eval(a[0]), t.eval(a[1])
	xs, xok := canonical(x)
	ys, yok := canonical(y)
	switch {
	case !xok:
		return propagate(x, n)
	case !yok:
		return propagate(y, n)
	}
	return knownVal(n, xs == ys)
}

// andOr evaluates Fn::And and Fn::Or.
func (t *template) andOr(fn string, args, n *yaml.Node) *val {
	a, ok := seqArgs(args, -1)
	if !ok || len(a) == 0 {
		return badArgs(n, fn, "a list of conditions")
	}
	decisive := fn == "Fn::Or" // the operand value that decides the result
	var unknown *val
	for _, c := range a {
		cv := t.eval(c)
		b, ok := cv.boolean()
		switch {
		case !ok && unknown == nil:
			unknown = cv
		case ok && b == decisive:
			return knownVal(n, decisive)
		}
	}
	if unknown != nil {
		return propagate(unknown, n)
	}
	return knownVal(n, !decisive)
}

// canonical renders a known value for Fn::Equals.
func canonical(v *val) (string, bool) {
	if s, ok := v.scalar(); ok {
		return s, true
	}
	items, ok := v.list()
	if !ok {
		return "", false
	}
	parts := make([]string, len(items))
	for i, it := range items {
		if parts[i], ok = it.scalar(); !ok {
			return "", false
		}
	}
	return "[" + strings.Join(parts, ",") + "]", true
}

func (t *template) base64(args, n *yaml.Node) *val {
	v := t.eval(args)
	s, ok := v.scalar()
	if !ok {
		return propagate(v, n)
	}
	return knownVal(n, base64.StdEncoding.EncodeToString([]byte(s)))
}
