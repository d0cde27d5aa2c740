package terraform

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/dynamoguard/dynamoguard/parser/policy"
)

// hclNode reads an HCL expression that is (part of) a policy object, such
// as the argument of jsonencode: object and tuple constructors are walked
// by their syntax so that every item has its own range; anything else is
// evaluated, and what it evaluates to is at its expression. path, when
// set, is the node's attribute path.
func (l *loader) hclNode(expr hcl.Expression, ctx *hcl.EvalContext, path string, depth int) *policy.Node {
	if depth > maxPolicyDepth {
		return policy.Unknown(toRange(expr.Range()), "the policy is built from too many nested locals")
	}
	n := l.hclNodeOf(expr, ctx, depth)
	if path != "" {
		n.Path = path
	}
	return n
}

func (l *loader) hclNodeOf(expr hcl.Expression, ctx *hcl.EvalContext, depth int) *policy.Node {
	rng := toRange(expr.Range())
	switch e := expr.(type) {
	case *hclsyntax.ParenthesesExpr:
		return l.hclNodeOf(e.Expression, ctx, depth)
	case *hclsyntax.ObjectConsExpr:
		n := &policy.Node{Kind: policy.KindObject, Range: rng, Fields: make([]policy.Field, 0, len(e.Items))}
		for _, item := range e.Items {
			k, _ := unmarkDeep(l.eval(item.KeyExpr, ctx))
			if !k.IsKnown() || k.IsNull() {
				return policy.Unknown(rng, fmt.Sprintf("the key %s is not known", l.exprText(item.KeyExpr)))
			}
			ks, err := convert.Convert(k, cty.String)
			if err != nil {
				return policy.Unknown(rng, fmt.Sprintf("the key %s is not a string", l.exprText(item.KeyExpr)))
			}
			n.Fields = append(n.Fields, policy.Field{Key: ks.AsString(), KeyRange: toRange(item.KeyExpr.Range()),
				Value: l.hclNodeOf(item.ValueExpr, ctx, depth)})
		}
		return n
	case *hclsyntax.TupleConsExpr:
		n := &policy.Node{Kind: policy.KindList, Range: rng, Items: make([]*policy.Node, 0, len(e.Exprs))}
		for _, x := range e.Exprs {
			n.Items = append(n.Items, l.hclNodeOf(x, ctx, depth))
		}
		return n
	case *hclsyntax.TemplateExpr:
		return l.templateString(e, ctx)
	case *hclsyntax.ConditionalExpr:
		if b := l.branch(e, ctx); b != nil {
			return l.hclNodeOf(b, ctx, depth)
		}
	case *hclsyntax.ScopeTraversalExpr:
		if a, ok := localName(e.Traversal); ok {
			for _, loc := range l.mod.cfg.locals {
				if loc.Name == a {
					return l.hclNode(loc.Expr, l.ctx, "", depth+1)
				}
			}
		}
		if caller, in := l.moduleInput(e.Traversal); in != nil {
			return caller.hclNode(in, caller.ctx, "", depth+1)
		}
	}
	return l.ctyNode(l.eval(expr, ctx), expr)
}

// localName returns NAME for the traversal local.NAME.
func localName(t hcl.Traversal) (string, bool) {
	if t.RootName() != "local" || len(t) != 2 {
		return "", false
	}
	a, ok := t[1].(hcl.TraverseAttr)
	return a.Name, ok
}

// templateString reads a quoted string or heredoc that is one value of a
// policy: "${aws_dynamodb_table.t.arn}/*" keeps its reference and is
// written with it as ${…}; a part that cannot be resolved makes the string
// unknown.
func (l *loader) templateString(e *hclsyntax.TemplateExpr, ctx *hcl.EvalContext) *policy.Node {
	rng := toRange(e.SrcRange)
	n := &policy.Node{Kind: policy.KindString, Range: rng}
	var b strings.Builder
	for _, part := range e.Parts {
		if lit, ok := part.(*hclsyntax.LiteralValueExpr); ok && lit.Val.Type() == cty.String {
			b.WriteString(lit.Val.AsString())
			continue
		}
		v := l.eval(part, ctx)
		m := l.meta(v, part, "")
		n.Refs, n.Origins = append(n.Refs, m.Refs...), append(n.Origins, m.Origins...)
		if !v.IsWhollyKnown() {
			if unknowns, refs := marksOf(v); len(unknowns) == 0 && len(refs) > 0 {
				b.WriteString("${" + l.exprText(part) + "}")
				continue
			}
			return &policy.Node{Kind: policy.KindUnknown, Range: rng, Reason: l.reasonOf(v), Refs: n.Refs, Origins: n.Origins}
		}
		u, _ := unmarkDeep(v)
		s, err := convert.Convert(u, cty.String)
		if err != nil || s.IsNull() {
			return policy.Unknown(rng, fmt.Sprintf("%s is not a string", l.exprText(part)))
		}
		b.WriteString(s.AsString())
	}
	n.Str = b.String()
	return n
}

// ctyNode turns an evaluated value into a node tree, every part of it at
// expr. A value that only refers to resources is a string written as
// ${expression} with its references.
func (l *loader) ctyNode(v cty.Value, expr hcl.Expression) *policy.Node {
	rng := toRange(expr.Range())
	m := l.meta(v, expr, "")
	if !v.IsKnown() {
		if unknowns, refs := marksOf(v); len(unknowns) == 0 && len(refs) > 0 {
			return &policy.Node{Kind: policy.KindString, Range: rng, Str: "${" + l.exprText(expr) + "}", Refs: m.Refs, Origins: m.Origins}
		}
		return &policy.Node{Kind: policy.KindUnknown, Range: rng, Reason: l.reasonOf(v), Refs: m.Refs, Origins: m.Origins}
	}
	u, marks := v.Unmark()
	ty := u.Type()
	switch {
	case u.IsNull():
		return &policy.Node{Kind: policy.KindScalar, Null: true, Str: "null", Range: rng}
	case ty == cty.String:
		return &policy.Node{Kind: policy.KindString, Str: u.AsString(), Range: rng, Refs: m.Refs, Origins: m.Origins}
	case ty == cty.Number:
		return &policy.Node{Kind: policy.KindScalar, Str: u.AsBigFloat().Text('f', -1), Range: rng, Origins: m.Origins}
	case ty == cty.Bool:
		return &policy.Node{Kind: policy.KindScalar, Str: fmt.Sprint(u.True()), Range: rng, Origins: m.Origins}
	case ty.IsListType() || ty.IsTupleType() || ty.IsSetType():
		n := &policy.Node{Kind: policy.KindList, Range: rng, Origins: m.Origins}
		for it := u.ElementIterator(); it.Next(); {
			_, e := it.Element()
			n.Items = append(n.Items, l.ctyNode(e.WithMarks(marks), expr))
		}
		return n
	case ty.IsMapType() || ty.IsObjectType():
		n := &policy.Node{Kind: policy.KindObject, Range: rng, Origins: m.Origins}
		for it := u.ElementIterator(); it.Next(); {
			k, e := it.Element()
			n.Fields = append(n.Fields, policy.Field{Key: k.AsString(), KeyRange: rng, Value: l.ctyNode(e.WithMarks(marks), expr)})
		}
		return n
	}
	return policy.Unknown(rng, fmt.Sprintf("%s is not a policy value", l.exprText(expr)))
}
