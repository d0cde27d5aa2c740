package terraform

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/dynamoguard/dynamoguard/model"
)

// readValue evaluates an attribute into a model value at path: Absent with
// def at owner when the attribute is missing or null, Unknown with a reason
// when it cannot be resolved or converted to ty, else Known at the
// expression. The value keeps the references and inputs it came from.
func readValue[T any](l *loader, a *hcl.Attribute, ctx *hcl.EvalContext, def T, owner hcl.Range, path string,
	ty cty.Type, get func(cty.Value) T) model.Value[T] {
	if a == nil {
		return model.AbsentValue(def, toRange(owner), path)
	}
	v := l.eval(a.Expr, ctx)
	meta := l.meta(v, a.Expr, path)
	if !v.IsWhollyKnown() {
		meta.State, meta.Reason = model.Unknown, l.reasonOf(v)
		return model.Value[T]{Meta: meta}
	}
	v, _ = unmarkDeep(v)
	if v.IsNull() {
		meta.State, meta.Range = model.Absent, toRange(owner)
		return model.Value[T]{Value: def, Meta: meta}
	}
	cv, err := convert.Convert(v, ty)
	if err != nil || cv.IsNull() {
		reason := fmt.Sprintf("%s is not a valid %s", a.Name, ty.FriendlyName())
		l.warnOnce("type:"+a.Expr.Range().String(), a.Expr.Range(), "Invalid value",
			fmt.Sprintf("%s; the value is not analysed.", upperFirst(reason)))
		meta.State, meta.Reason = model.Unknown, reason
		return model.Value[T]{Meta: meta}
	}
	meta.State = model.Known
	return model.Value[T]{Value: get(cv), Meta: meta}
}

// meta is the Meta of value v of expr at path, state left unset: its
// range, the resources it refers to and the inputs that decided it.
func (l *loader) meta(v cty.Value, expr hcl.Expression, path string) model.Meta {
	m := model.Meta{Range: toRange(expr.Range()), Path: path, Origins: originsOf(v)}
	_, refs := marksOf(v)
	if len(refs) == 0 {
		return m
	}
	direct := map[string]hcl.Traversal{}
	for _, t := range expr.Variables() {
		direct[traversalAddress(t)] = t
	}
	for _, r := range refs {
		ref := model.Ref{Address: r.address(), Range: m.Range}
		if t, ok := direct[r.owner.relative(r.address())]; ok && r.owner == l {
			ref.Range = toRange(t.SourceRange())
			ref.Attribute = traversalAttribute(t, r.mode)
		}
		m.Refs = append(m.Refs, ref)
	}
	return m
}

// relative strips the instance's prefix from an address of it.
func (l *loader) relative(a string) string {
	if l.prefix == "" {
		return a
	}
	return a[len(l.prefix)+1:]
}

// traversalAddress is the address a traversal refers to: type.name,
// data.type.name or module.name.
func traversalAddress(t hcl.Traversal) string {
	parts := []string{t.RootName()}
	n := 2
	if parts[0] == "data" {
		n = 3
	}
	for _, step := range t[1:] {
		if len(parts) == n {
			break
		}
		a, ok := step.(hcl.TraverseAttr)
		if !ok {
			break
		}
		parts = append(parts, a.Name)
	}
	return strings.Join(parts, ".")
}

// traversalAttribute is the attribute a reference reads: arn in
// aws_kms_key.k.arn or aws_kms_key.k[0].arn.
func traversalAttribute(t hcl.Traversal, mode string) string {
	skip := 2
	if mode == modeData {
		skip = 3
	}
	for _, step := range t[min(skip, len(t)):] {
		if a, ok := step.(hcl.TraverseAttr); ok {
			return a.Name
		}
	}
	return ""
}

// stringValue reads a string attribute.
func (l *loader) stringValue(a *hcl.Attribute, ctx *hcl.EvalContext, def string, owner hcl.Range, path string) model.Value[string] {
	return readValue(l, a, ctx, def, owner, path, cty.String, cty.Value.AsString)
}

// boolValue reads a bool attribute.
func (l *loader) boolValue(a *hcl.Attribute, ctx *hcl.EvalContext, def bool, owner hcl.Range, path string) model.Value[bool] {
	return readValue(l, a, ctx, def, owner, path, cty.Bool, cty.Value.True)
}

// tags reads the known string entries of a tags attribute, evaluated
// once, and says why some of them could not be read; "" when all could (or
// there is no such attribute). Tags are read only by rules that select
// tables by tag, so it notes nothing about the inputs the tags depend on
// (as reasonOf does for the values every scan decides).
func (l *loader) tags(a *hcl.Attribute, ctx *hcl.EvalContext) (known map[string]string, unknown string) {
	if a == nil {
		return nil, ""
	}
	v := l.eval(a.Expr, ctx)
	if u, _ := unmarkDeep(v); !u.IsWhollyKnown() {
		why := "the value cannot be determined before apply"
		switch unknowns, refs := marksOf(v); {
		case len(unknowns) > 0:
			why = unknowns[0].reason
		case len(refs) > 0:
			why = refs[0].why()
		}
		unknown = "tags is " + l.exprText(a.Expr) + ": " + why
	}
	if !v.IsKnown() || v.IsNull() {
		return nil, unknown
	}
	v, _ = v.Unmark()
	ty := v.Type()
	if !ty.IsMapType() && !ty.IsObjectType() {
		return nil, unknown
	}
	out := map[string]string{}
	for it := v.ElementIterator(); it.Next(); {
		k, e := it.Element()
		e, _ = unmarkDeep(e)
		if !e.IsKnown() || e.IsNull() {
			continue
		}
		if s, err := convert.Convert(e, cty.String); err == nil && !s.IsNull() {
			out[k.AsString()] = s.AsString()
		}
	}
	if len(out) == 0 {
		return nil, unknown
	}
	return out, unknown
}

// exprTextIn returns the source text of expr, in sources, on one line,
// shortened.
func exprTextIn(sources map[string][]byte, expr hcl.Expression) string {
	rng := expr.Range()
	src, ok := sources[rng.Filename]
	if !ok || rng.Start.Byte < 0 || rng.End.Byte > len(src) || rng.Start.Byte > rng.End.Byte {
		return "the expression at " + toRange(rng).String()
	}
	text := strings.Join(strings.Fields(string(rng.SliceBytes(src))), " ")
	const limit = 80
	if r := []rune(text); len(r) > limit {
		text = string(r[:limit-1]) + "…"
	}
	return text
}

// upperFirst capitalises the first letter of s.
func upperFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}
