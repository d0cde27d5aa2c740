package terraform

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/dynamoguard/dynamoguard/model"
	"github.com/dynamoguard/dynamoguard/parser/policy"
)

var policyDataSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "version"}, {Name: "policy_id"},
		{Name: "source_policy_documents"}, {Name: "override_policy_documents"},
		{Name: "source_json"}, {Name: "override_json"},
	},
	Blocks: []hcl.BlockHeaderSchema{{Type: "statement"}},
}

var policyStatementSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "sid"}, {Name: "effect"}, {Name: "actions"}, {Name: "not_actions"}, {Name: "resources"}, {Name: "not_resources"},
	},
	Blocks: []hcl.BlockHeaderSchema{{Type: "principals"}, {Type: "not_principals"}, {Type: "condition"}},
}

var policyPrincipalSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "type"}, {Name: "identifiers"}},
}

var policyConditionSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "test"}, {Name: "variable"}, {Name: "values"}},
}

// dataPolicy is the document of data.aws_iam_policy_document.NAME of
// module instance owner, its instance key (as [0] or ["a"]) key, or "" for
// the only instance.
func (l *loader) dataPolicy(owner *loader, name, key string, depth int) *policy.Node {
	addr := "data.aws_iam_policy_document." + name
	r := owner.mod.cfg.byAddress[addr]
	if r == nil {
		return policy.Unknown(model.Range{Filename: owner.mod.dirName()}, fmt.Sprintf("%s is not declared", owner.address(addr)))
	}
	if depth > maxPolicyDepth {
		return policy.Unknown(toRange(r.block.DefRange), fmt.Sprintf("%s is built from too many nested documents (or from itself)", owner.address(addr)))
	}
	insts := owner.instances(r)
	var in *instance
	for i := range insts {
		if (key == "" && len(insts) == 1) || (key != "" && strings.HasSuffix(insts[i].address, "."+name+key)) {
			in = &insts[i]
			break
		}
	}
	if in == nil {
		return policy.Unknown(toRange(r.block.DefRange), fmt.Sprintf("which instance of %s is meant is not known", owner.address(addr)))
	}
	return owner.policyData(r, *in, depth+1)
}

// policyData evaluates an aws_iam_policy_document as the provider does:
// the statements of source_policy_documents in order, then the data
// source's own statements, then those of override_policy_documents; a
// statement with a Sid replaces an earlier one with the same Sid, others
// are added at the end. Every string is at the range it is written at.
func (l *loader) policyData(r *resourceBlock, in instance, depth int) *policy.Node {
	content, unread := l.readBlocks(r.block.Body, in.ctx, policyDataSchema)
	rng := toRange(r.block.DefRange)
	doc := &mergedPolicy{bySid: map[string]int{}}
	for _, name := range []string{"source_json", "source_policy_documents"} {
		if a := content.Attributes[name]; a != nil {
			for _, n := range l.policyList(a, in.ctx, name == "source_json", depth) {
				doc.mergeDocument(n)
			}
		}
	}
	var own []*policy.Node
	for i, b := range content.Blocks {
		own = append(own, l.policyStatement(b, in.ctx, fmt.Sprintf("statement[%d]", i), depth))
	}
	if u, ok := unread["statement"]; ok {
		own = append(own, policy.Unknown(toRange(u.rng), u.reason))
	}
	doc.merge(own)
	for _, name := range []string{"override_json", "override_policy_documents"} {
		if a := content.Attributes[name]; a != nil {
			for _, n := range l.policyList(a, in.ctx, name == "override_json", depth) {
				if n.Kind == policy.KindUnknown {
					// Which statements it replaces is not known.
					return policy.Unknown(n.Range, n.Reason)
				}
				doc.mergeDocument(n)
			}
		}
	}
	version := policy.String("2012-10-17", rng)
	version.Path = "version"
	if a := content.Attributes["version"]; a != nil {
		version = l.hclNode(a.Expr, in.ctx, "version", depth)
	}
	root := &policy.Node{Kind: policy.KindObject, Range: rng, Fields: []policy.Field{
		{Key: "Version", KeyRange: rng, Value: version},
	}}
	if a := content.Attributes["policy_id"]; a != nil {
		root.Fields = append(root.Fields, policy.Field{Key: "Id", KeyRange: toRange(a.NameRange), Value: l.hclNode(a.Expr, in.ctx, "policy_id", depth)})
	}
	list := &policy.Node{Kind: policy.KindList, Range: rng, Items: doc.statements, Path: "statement"}
	root.Fields = append(root.Fields, policy.Field{Key: "Statement", KeyRange: rng, Value: list})
	return root
}

// policyList reads source_policy_documents or override_policy_documents:
// one node per document, or a single one when one is true (source_json).
func (l *loader) policyList(a *hcl.Attribute, ctx *hcl.EvalContext, one bool, depth int) []*policy.Node {
	if one {
		return []*policy.Node{l.policyNode(a.Expr, ctx, depth)}
	}
	if t, ok := a.Expr.(*hclsyntax.TupleConsExpr); ok {
		out := make([]*policy.Node, 0, len(t.Exprs))
		for _, e := range t.Exprs {
			out = append(out, l.policyNode(e, ctx, depth))
		}
		return out
	}
	v := l.eval(a.Expr, ctx)
	if !v.IsKnown() {
		if d, ok := l.policyDataRef(v); ok {
			return []*policy.Node{l.dataPolicy(d.owner, d.name, "", depth)}
		}
		return []*policy.Node{policy.Unknown(toRange(a.Expr.Range()), l.reasonOf(v))}
	}
	u, marks := v.Unmark()
	if u.IsNull() {
		return nil
	}
	if !u.CanIterateElements() {
		return []*policy.Node{policy.Unknown(toRange(a.Expr.Range()), fmt.Sprintf("%s is not a list of policy documents", a.Name))}
	}
	var out []*policy.Node
	for it := u.ElementIterator(); it.Next(); {
		_, e := it.Element()
		out = append(out, l.valuePolicy(e.WithMarks(marks), a.Expr, depth))
	}
	return out
}

// mergedPolicy is the statement list of a data source being merged.
type mergedPolicy struct {
	statements []*policy.Node
	// bySid holds the index of the first statement with each Sid.
	bySid map[string]int
}

// mergeDocument merges the statements of a document node.
func (m *mergedPolicy) mergeDocument(n *policy.Node) {
	switch n.Kind {
	case policy.KindObject:
		st := n.Get("Statement")
		switch {
		case st == nil:
			m.merge([]*policy.Node{policy.Unknown(n.Range, "a merged policy document has no Statement")})
		case st.Kind == policy.KindList:
			m.merge(st.Items)
		default:
			m.merge([]*policy.Node{st})
		}
	case policy.KindUnknown:
		m.merge([]*policy.Node{n})
	default:
		m.merge([]*policy.Node{policy.Unknown(n.Range, "a merged policy document is not a JSON object")})
	}
}

// merge adds statements: one with a Sid replaces the first earlier one
// with that Sid.
func (m *mergedPolicy) merge(statements []*policy.Node) {
	for _, s := range statements {
		sid := ""
		if n := s.Get("Sid"); n != nil && n.Kind == policy.KindString {
			sid = n.Str
		}
		if sid == "" {
			m.statements = append(m.statements, s)
			continue
		}
		if i, ok := m.bySid[sid]; ok {
			m.statements[i] = s
			continue
		}
		m.bySid[sid] = len(m.statements)
		m.statements = append(m.statements, s)
	}
}

// policyStatement reads one statement block at path (statement[0]).
func (l *loader) policyStatement(b *hcl.Block, ctx *hcl.EvalContext, path string, depth int) *policy.Node {
	content, unread := l.readBlocks(b.Body, ctx, policyStatementSchema)
	n := &policy.Node{Kind: policy.KindObject, Range: toRange(b.DefRange), Path: path}
	add := func(key string, a *hcl.Attribute, v *policy.Node) {
		n.Fields = append(n.Fields, policy.Field{Key: key, KeyRange: toRange(a.NameRange), Value: v})
	}
	if a := content.Attributes["sid"]; a != nil {
		add("Sid", a, l.hclNode(a.Expr, ctx, path+".sid", depth))
	}
	if a := content.Attributes["effect"]; a != nil {
		add("Effect", a, l.hclNode(a.Expr, ctx, path+".effect", depth))
	} else {
		effect := policy.String("Allow", toRange(b.DefRange)) // the provider's default
		effect.Path = path + ".effect"
		n.Fields = append(n.Fields, policy.Field{Key: "Effect", KeyRange: effect.Range, Value: effect})
	}
	for _, e := range []struct{ attr, key string }{
		{"actions", "Action"}, {"not_actions", "NotAction"}, {"resources", "Resource"}, {"not_resources", "NotResource"},
	} {
		a := content.Attributes[e.attr]
		if a == nil {
			continue
		}
		v := l.hclNode(a.Expr, ctx, path+"."+e.attr, depth)
		if v.Kind == policy.KindList && len(v.Items) == 0 {
			continue // the provider leaves an empty list out
		}
		add(e.key, a, v)
	}
	for _, e := range []struct{ block, key string }{{"principals", "Principal"}, {"not_principals", "NotPrincipal"}} {
		if p := l.policyPrincipals(content.Blocks, e.block, unread, ctx, path, depth); p != nil {
			n.Fields = append(n.Fields, policy.Field{Key: e.key, KeyRange: p.Range, Value: p})
		}
	}
	if c := l.policyConditions(content.Blocks, unread, ctx, path, depth); c != nil {
		n.Fields = append(n.Fields, policy.Field{Key: "Condition", KeyRange: c.Range, Value: c})
	}
	return n
}

// policyPrincipals merges the principals (or not_principals) blocks of a
// statement into a Principal node as the provider does: identifiers of
// the same type are joined, and a single block of type "*" with the
// identifier "*" is "*".
func (l *loader) policyPrincipals(blocks hcl.Blocks, typ string, unread map[string]unreadBlocks, ctx *hcl.EvalContext,
	path string, depth int) *policy.Node {
	var n *policy.Node
	byType := map[string]int{}
	i := 0
	for _, b := range blocks {
		if b.Type != typ {
			continue
		}
		bp := fmt.Sprintf("%s.%s[%d]", path, typ, i)
		i++
		if n == nil {
			n = &policy.Node{Kind: policy.KindObject, Range: toRange(b.DefRange), Path: path + "." + typ}
		}
		content, _, diags := b.Body.PartialContent(policyPrincipalSchema)
		l.addHCLDiags(diags, b.DefRange.Filename)
		ta, ia := content.Attributes["type"], content.Attributes["identifiers"]
		if ta == nil || ia == nil {
			return policy.Unknown(toRange(b.DefRange), fmt.Sprintf("a %s block lacks type or identifiers", typ))
		}
		tv, _ := unmarkDeep(l.eval(ta.Expr, ctx))
		if !tv.IsKnown() || tv.IsNull() || tv.Type() != cty.String {
			return policy.Unknown(toRange(ta.Expr.Range()), fmt.Sprintf("the principal type %s is not known", l.exprText(ta.Expr)))
		}
		ids := l.hclNode(ia.Expr, ctx, bp+".identifiers", depth)
		if ids.Kind == policy.KindString {
			ids = &policy.Node{Kind: policy.KindList, Range: ids.Range, Items: []*policy.Node{ids}, Path: ids.Path}
			ids.Items[0].Path = ""
		}
		for j, id := range ids.Items {
			id.Path = fmt.Sprintf("%s.identifiers[%d]", bp, j)
		}
		t := tv.AsString()
		if k, ok := byType[t]; ok {
			prev := n.Fields[k].Value
			if prev.Kind != policy.KindList || ids.Kind != policy.KindList {
				n.Fields[k].Value = policy.Unknown(ids.Range, fmt.Sprintf("the %s identifiers are not known", t))
				continue
			}
			prev.Items = append(prev.Items, ids.Items...)
			continue
		}
		byType[t] = len(n.Fields)
		n.Fields = append(n.Fields, policy.Field{Key: t, KeyRange: toRange(ta.Expr.Range()), Value: ids})
	}
	if u, ok := unread[typ]; ok {
		return policy.Unknown(toRange(u.rng), u.reason)
	}
	if n != nil && len(n.Fields) == 1 && n.Fields[0].Key == "*" {
		ids := n.Fields[0].Value
		if ids.Kind == policy.KindList && len(ids.Items) == 1 && ids.Items[0].Kind == policy.KindString && ids.Items[0].Str == "*" {
			star := *ids.Items[0]
			star.Path = path + "." + typ
			return &star
		}
	}
	return n
}

// policyConditions merges the condition blocks of a statement into a
// Condition node as the provider does: values of the same test and
// variable are joined.
func (l *loader) policyConditions(blocks hcl.Blocks, unread map[string]unreadBlocks, ctx *hcl.EvalContext, path string, depth int) *policy.Node {
	if u, ok := unread["condition"]; ok {
		return policy.Unknown(toRange(u.rng), u.reason)
	}
	var n *policy.Node
	i := 0
	for _, b := range blocks {
		if b.Type != "condition" {
			continue
		}
		bp := fmt.Sprintf("%s.condition[%d]", path, i)
		i++
		if n == nil {
			n = &policy.Node{Kind: policy.KindObject, Range: toRange(b.DefRange), Path: path + ".condition"}
		}
		content, _, diags := b.Body.PartialContent(policyConditionSchema)
		l.addHCLDiags(diags, b.DefRange.Filename)
		ta, va, xa := content.Attributes["test"], content.Attributes["variable"], content.Attributes["values"]
		if ta == nil || va == nil || xa == nil {
			return policy.Unknown(toRange(b.DefRange), "a condition block lacks test, variable or values")
		}
		test, tok := l.literalString(ta.Expr, ctx)
		variable, vok := l.literalString(va.Expr, ctx)
		if !tok || !vok {
			return policy.Unknown(toRange(b.DefRange), "the test or variable of a condition is not known")
		}
		values := l.hclNode(xa.Expr, ctx, bp+".values", depth)
		for j, x := range values.Items {
			x.Path = fmt.Sprintf("%s.values[%d]", bp, j)
		}
		op := n.Get(test)
		if op == nil {
			op = &policy.Node{Kind: policy.KindObject, Range: toRange(ta.Expr.Range())}
			n.Fields = append(n.Fields, policy.Field{Key: test, KeyRange: toRange(ta.Expr.Range()), Value: op})
		}
		if prev := op.Get(variable); prev != nil {
			if prev.Kind == policy.KindList && values.Kind == policy.KindList {
				prev.Items = append(prev.Items, values.Items...)
				continue
			}
			return policy.Unknown(toRange(b.DefRange), fmt.Sprintf("the values of condition %s %s are not known", test, variable))
		}
		op.Fields = append(op.Fields, policy.Field{Key: variable, KeyRange: toRange(va.Expr.Range()), Value: values})
	}
	return n
}

// literalString evaluates a string argument; false when it is not known.
func (l *loader) literalString(expr hcl.Expression, ctx *hcl.EvalContext) (string, bool) {
	v, _ := unmarkDeep(l.eval(expr, ctx))
	if !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		return "", false
	}
	return v.AsString(), true
}
