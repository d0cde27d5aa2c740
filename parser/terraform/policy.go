package terraform

import (
	"fmt"
	"maps"
	"path"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/dynamoguard/dynamoguard/model"
	"github.com/dynamoguard/dynamoguard/parser/policy"
)

// maxPolicyDepth bounds how many documents, locals and data sources one
// policy is followed through (source_policy_documents of data sources that
// use each other, locals naming locals), so that a cycle ends.
const maxPolicyDepth = 16

// policyDocument reads a policy attribute (policy, assume_role_policy,
// inline_policy.policy, …) into a policy document at path: Absent at owner
// when a is nil. Every string of the document keeps its own range: inside
// a heredoc, a jsonencode object, a file() or templatefile() document, or
// the aws_iam_policy_document data source that writes it.
func (l *loader) policyDocument(a *hcl.Attribute, ctx *hcl.EvalContext, owner hcl.Range, path string) model.PolicyDocument {
	if a == nil {
		m := model.Meta{State: model.Absent, Range: toRange(owner), Path: path}
		return model.PolicyDocument{Meta: m, Version: model.Value[string]{Meta: m}, ID: model.Value[string]{Meta: m}}
	}
	root := l.policyNode(a.Expr, ctx, 0)
	if isNull(root) {
		m := model.Meta{State: model.Absent, Range: toRange(owner), Path: path}
		return model.PolicyDocument{Meta: m, Version: model.Value[string]{Meta: m}, ID: model.Value[string]{Meta: m}}
	}
	doc, diags := policy.Document(root, path)
	l.policyDiags(diags)
	// The document as a whole is set by the attribute, wherever its parts
	// are written.
	doc.Range, doc.Path = toRange(a.Expr.Range()), path
	return doc
}

func isNull(n *policy.Node) bool { return n != nil && n.Kind == policy.KindScalar && n.Null }

// policyDiags adds the problems found in a policy, once each: a document
// used by several resources is read once per use.
func (l *loader) policyDiags(diags model.Diagnostics) {
	for _, d := range diags {
		key := "policy:" + d.Subject.String() + ":" + d.Summary + ":" + d.Detail
		if l.t.warned[key] {
			continue
		}
		l.t.warned[key] = true
		l.t.diags = append(l.t.diags, d)
	}
}

// policyNode reads the expression of a policy given as a JSON string.
func (l *loader) policyNode(expr hcl.Expression, ctx *hcl.EvalContext, depth int) *policy.Node {
	rng := toRange(expr.Range())
	if depth > maxPolicyDepth {
		return policy.Unknown(rng, "the policy is built from too many nested documents (or from itself)")
	}
	switch e := expr.(type) {
	case *hclsyntax.ParenthesesExpr:
		return l.policyNode(e.Expression, ctx, depth)
	case *hclsyntax.TemplateWrapExpr:
		return l.policyNode(e.Wrapped, ctx, depth)
	case *hclsyntax.TemplateExpr:
		if n, ok := l.templatePolicy(e, ctx, l.mod.sources[e.SrcRange.Filename]); ok {
			return n
		}
	case *hclsyntax.FunctionCallExpr:
		if n, ok := l.callPolicy(e, ctx, depth); ok {
			return n
		}
	case *hclsyntax.ScopeTraversalExpr:
		if n, ok := l.traversalPolicy(e.Traversal, depth); ok {
			return n
		}
	case *hclsyntax.ConditionalExpr:
		if branch := l.branch(e, ctx); branch != nil {
			return l.policyNode(branch, ctx, depth)
		}
	}
	return l.valuePolicy(l.eval(expr, ctx), expr, depth)
}

// valuePolicy reads a policy from its evaluated value: a JSON string whose
// parts are all at the expression, or the data source it refers to.
func (l *loader) valuePolicy(v cty.Value, expr hcl.Expression, depth int) *policy.Node {
	rng := toRange(expr.Range())
	if !v.IsWhollyKnown() {
		if d, ok := l.policyDataRef(v); ok {
			return l.dataPolicy(d.owner, d.name, "", depth)
		}
		return policy.Unknown(rng, l.reasonOf(v))
	}
	m := l.meta(v, expr, "")
	u, _ := unmarkDeep(v)
	if u.IsNull() {
		return &policy.Node{Kind: policy.KindScalar, Null: true, Str: "null", Range: rng}
	}
	s, err := convert.Convert(u, cty.String)
	if err != nil {
		return policy.Unknown(rng, "the policy is not a string of JSON")
	}
	text := policy.Text{Data: []byte(s.AsString()), Filename: rng.Filename, Segments: []policy.Segment{{
		Computed: true, Range: rng, Refs: m.Refs, Origins: m.Origins,
	}}}
	n, diags := policy.ParseJSON(text, rng)
	l.policyDiags(diags)
	return n
}

// policyDataRef returns the aws_iam_policy_document data source an unknown
// value stands for, when it stands for exactly that and nothing else.
func (l *loader) policyDataRef(v cty.Value) (refMark, bool) {
	unknowns, refs := marksOf(v)
	if len(unknowns) > 0 || len(refs) != 1 {
		return refMark{}, false
	}
	r := refs[0]
	return r, r.mode == modeData && r.typ == "aws_iam_policy_document"
}

// callPolicy reads jsonencode({...}), file(path) and templatefile(path,
// vars).
func (l *loader) callPolicy(e *hclsyntax.FunctionCallExpr, ctx *hcl.EvalContext, depth int) (*policy.Node, bool) {
	switch {
	case e.Name == "jsonencode" && len(e.Args) == 1 && !e.ExpandFinal:
		return l.hclNode(e.Args[0], ctx, "", depth), true
	case e.Name == "file" && len(e.Args) == 1 && !e.ExpandFinal:
		name, data, why := l.policyFile(e.Args[0], ctx)
		if why != "" {
			return policy.Unknown(toRange(e.Range()), why), true
		}
		n, diags := policy.ParseJSON(policy.Literal(data, name, model.Pos{Line: 1, Column: 1, Byte: 0}), toRange(e.Range()))
		l.policyDiags(diags)
		return n, true
	case e.Name == "templatefile" && len(e.Args) == 2 && !e.ExpandFinal:
		return l.templateFilePolicy(e, ctx), true
	}
	return nil, false
}

// policyFile reads the file a file() or templatefile() call names: its
// name as in ranges, its content, or why it cannot be read.
func (l *loader) policyFile(arg hcl.Expression, ctx *hcl.EvalContext) (string, []byte, string) {
	v := l.eval(arg, ctx)
	if !v.IsWhollyKnown() {
		return "", nil, l.reasonOf(v)
	}
	v, _ = unmarkDeep(v)
	if v.IsNull() || v.Type() != cty.String {
		return "", nil, "the file name is not a string"
	}
	name := v.AsString()
	text, why := (&fileFuncs{fsys: l.mod.mod.FS}).read(name)
	if why != "" {
		return "", nil, why
	}
	clean, _ := modulePath(name)
	return path.Join(l.mod.mod.Dir, clean), []byte(text), ""
}

// templateFilePolicy reads templatefile(path, vars): the template file is
// parsed with positions in that file, and its interpolations are evaluated
// with vars.
func (l *loader) templateFilePolicy(e *hclsyntax.FunctionCallExpr, ctx *hcl.EvalContext) *policy.Node {
	rng := toRange(e.Range())
	name, data, why := l.policyFile(e.Args[0], ctx)
	if why != "" {
		return policy.Unknown(rng, why)
	}
	if d := checkNesting(data, name, true); d != nil {
		return policy.Unknown(rng, fmt.Sprintf("template %s cannot be read: %s", name, d.Detail))
	}
	tmpl, diags := hclsyntax.ParseTemplate(data, name, hcl.InitialPos)
	if diags.HasErrors() {
		l.addHCLDiags(diags, name)
		return policy.Unknown(rng, fmt.Sprintf("template %s has syntax errors", name))
	}
	values, why := l.templateVars(e.Args[1], ctx)
	if why != "" {
		return policy.Unknown(rng, why)
	}
	funcs := maps.Clone(ctx.Functions)
	delete(funcs, "templatefile")
	tctx := &hcl.EvalContext{Variables: values, Functions: funcs}
	t, ok := tmpl.(*hclsyntax.TemplateExpr)
	if !ok {
		// A template that is one interpolation: its value is the policy.
		return l.valuePolicy(l.eval(tmpl, tctx), tmpl, 0)
	}
	n, _ := l.templatePolicy(t, tctx, data)
	return n
}

// templatePolicy reads a heredoc or quoted template holding JSON: literal
// parts map to their source text, interpolations to their expression. An
// interpolation that refers to a resource is written as ${expression} and
// keeps the reference; one that cannot be resolved makes the strings it is
// part of unknown.
func (l *loader) templatePolicy(t *hclsyntax.TemplateExpr, ctx *hcl.EvalContext, src []byte) (*policy.Node, bool) {
	b := &templateText{text: policy.Text{Filename: t.SrcRange.Filename}, src: src}
	for _, part := range t.Parts {
		if lit, ok := part.(*hclsyntax.LiteralValueExpr); ok && lit.Val.Type() == cty.String {
			b.literal(lit.Val.AsString(), lit.SrcRange, src)
			continue
		}
		b.computed(l, part, ctx)
	}
	n, diags := policy.ParseJSON(b.text, toRange(t.SrcRange))
	l.policyDiags(diags)
	return n, true
}

// templateText assembles the JSON text of a template with the origin of
// each byte, and follows whether the text so far ends inside a JSON string.
type templateText struct {
	text     policy.Text
	inString bool
	escaped  bool
	// src is the text of the file the template is written in.
	src []byte
}

func (b *templateText) add(s string, seg policy.Segment) {
	b.text.Append(s, seg)
	b.scan(s)
}

// scan follows whether the text ends inside a JSON string after s.
func (b *templateText) scan(s string) {
	for i := 0; i < len(s); i++ {
		switch {
		case b.escaped:
			b.escaped = false
		case s[i] == '\\' && b.inString:
			b.escaped = true
		case s[i] == '"':
			b.inString = !b.inString
		}
	}
}

// literal adds a literal part written at rng.
func (b *templateText) literal(val string, rng hcl.Range, src []byte) {
	start := model.Pos{Line: rng.Start.Line, Column: rng.Start.Column, Byte: rng.Start.Byte}
	var raw []byte
	if rng.Start.Byte >= 0 && rng.End.Byte <= len(src) && rng.Start.Byte <= rng.End.Byte {
		raw = src[rng.Start.Byte:rng.End.Byte]
	}
	b.text.AppendLiteral(val, raw, start, toRange(rng))
	b.scan(val)
}

// computed adds an interpolation or directive.
func (b *templateText) computed(l *loader, part hclsyntax.Expression, ctx *hcl.EvalContext) {
	rng := toRange(part.Range())
	v := l.eval(part, ctx)
	seg := policy.Segment{Computed: true, Range: rng}
	m := l.meta(v, part, "")
	seg.Refs, seg.Origins = m.Refs, m.Origins
	quote := func(s string) string {
		if b.inString {
			return s
		}
		return `"` + s + `"`
	}
	if !v.IsWhollyKnown() {
		if unknowns, refs := marksOf(v); len(unknowns) == 0 && len(refs) > 0 {
			// A reference to a resource: a specific value known after apply.
			b.add(quote("${"+exprTextIn(map[string][]byte{part.Range().Filename: b.src}, part)+"}"), seg)
			return
		}
		seg.Unknown, seg.Reason = true, l.reasonOf(v)
		b.add(quote("unknown"), seg)
		return
	}
	u, _ := unmarkDeep(v)
	s, err := convert.Convert(u, cty.String)
	if err != nil || s.IsNull() {
		seg.Unknown, seg.Reason = true, fmt.Sprintf("%s is not a string", exprTextIn(map[string][]byte{part.Range().Filename: b.src}, part))
		b.add(quote("unknown"), seg)
		return
	}
	b.add(s.AsString(), seg)
}

// traversalPolicy follows data.aws_iam_policy_document.NAME.json and
// local.NAME to what writes the policy.
func (l *loader) traversalPolicy(t hcl.Traversal, depth int) (*policy.Node, bool) {
	switch t.RootName() {
	case "data":
		if len(t) < 4 {
			return nil, false
		}
		typ, ok1 := t[1].(hcl.TraverseAttr)
		name, ok2 := t[2].(hcl.TraverseAttr)
		if !ok1 || !ok2 || typ.Name != "aws_iam_policy_document" {
			return nil, false
		}
		key, rest := "", t[3:]
		if ix, ok := rest[0].(hcl.TraverseIndex); ok {
			k, _ := ix.Key.Unmark()
			if !k.IsKnown() || k.IsNull() {
				return nil, false
			}
			key, rest = instanceKey(k), rest[1:]
		}
		if len(rest) != 1 {
			return nil, false
		}
		if a, ok := rest[0].(hcl.TraverseAttr); !ok || (a.Name != "json" && a.Name != "minified_json") {
			return nil, false
		}
		return l.dataPolicy(l, name.Name, key, depth), true
	case "local":
		if len(t) != 2 {
			return nil, false
		}
		a, ok := t[1].(hcl.TraverseAttr)
		if !ok {
			return nil, false
		}
		for _, loc := range l.mod.cfg.locals {
			if loc.Name == a.Name {
				return l.policyNode(loc.Expr, l.ctx, depth+1), true
			}
		}
	case "var":
		if caller, expr := l.moduleInput(t); expr != nil {
			return caller.policyNode(expr, caller.ctx, depth+1), true
		}
	}
	return nil, false
}

// moduleInput returns, for var.NAME in a module instance called by a
// module block without count or for_each, the calling instance and the
// argument expression that sets the variable, so that a policy passed in
// is read where it is written. nil when there is no such argument.
func (l *loader) moduleInput(t hcl.Traversal) (*loader, hcl.Expression) {
	if l.parent == nil || len(l.calledFrom) == 0 || len(t) != 2 {
		return nil, nil
	}
	a, ok := t[1].(hcl.TraverseAttr)
	if !ok {
		return nil, nil
	}
	call := l.calledFrom[len(l.calledFrom)-1]
	for _, b := range l.parent.mod.cfg.modules {
		if toRange(b.DefRange) != call.Range {
			continue
		}
		attrs, _ := b.Body.JustAttributes()
		if attrs["count"] != nil || attrs["for_each"] != nil {
			return nil, nil // the instance's count.index or each.* is not kept
		}
		if in := attrs[a.Name]; in != nil {
			return l.parent, in.Expr
		}
		return nil, nil
	}
	return nil, nil
}

// instanceKey renders an instance key as in addresses: [0] or ["a"].
func instanceKey(k cty.Value) string {
	if k.Type() == cty.Number {
		return "[" + k.AsBigFloat().Text('f', -1) + "]"
	}
	if k.Type() == cty.String {
		return fmt.Sprintf("[%q]", k.AsString())
	}
	return ""
}

// branch returns the result expression a conditional with a known
// condition chooses, nil when the condition is not known.
func (l *loader) branch(e *hclsyntax.ConditionalExpr, ctx *hcl.EvalContext) hcl.Expression {
	c, _ := unmarkDeep(l.eval(e.Condition, ctx))
	if !c.IsKnown() || c.IsNull() {
		return nil
	}
	c, err := convert.Convert(c, cty.Bool)
	if err != nil || c.IsNull() {
		return nil
	}
	if c.True() {
		return e.TrueResult
	}
	return e.FalseResult
}

// templateVars evaluates the variables of a templatefile call. Written as
// an object constructor, each variable is evaluated on its own, so that
// one that cannot be resolved makes unknown only the strings that use it.
func (l *loader) templateVars(expr hcl.Expression, ctx *hcl.EvalContext) (map[string]cty.Value, string) {
	if obj, ok := expr.(*hclsyntax.ObjectConsExpr); ok {
		values := make(map[string]cty.Value, len(obj.Items))
		for _, item := range obj.Items {
			k, _ := unmarkDeep(l.eval(item.KeyExpr, ctx))
			if !k.IsKnown() || k.IsNull() || k.Type() != cty.String {
				return nil, fmt.Sprintf("the templatefile variable %s is not known", l.exprText(item.KeyExpr))
			}
			values[k.AsString()] = l.eval(item.ValueExpr, ctx)
		}
		return values, ""
	}
	vars := l.eval(expr, ctx)
	if !vars.IsKnown() {
		return nil, l.reasonOf(vars)
	}
	vv, marks := vars.Unmark()
	if ty := vv.Type(); vv.IsNull() || (!ty.IsObjectType() && !ty.IsMapType()) {
		return nil, "the variables of templatefile are not an object"
	}
	values := map[string]cty.Value{}
	for k, x := range vv.AsValueMap() {
		values[k] = x.WithMarks(marks)
	}
	return values, ""
}
