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

// readValue evaluates an attribute into a model value: Absent with def at
// owner when the attribute is missing or null, Unknown with a reason when it
// cannot be resolved or converted to ty, else Known at the expression.
func readValue[T any](l *loader, a *hcl.Attribute, ctx *hcl.EvalContext, def T, owner hcl.Range,
	ty cty.Type, get func(cty.Value) T) model.Value[T] {
	if a == nil {
		return model.AbsentValue(def, toRange(owner))
	}
	rng := toRange(a.Expr.Range())
	v := l.eval(a.Expr, ctx)
	if !v.IsWhollyKnown() {
		return model.UnknownValue[T](rng, l.reasonOf(v))
	}
	v, _ = v.UnmarkDeep()
	if v.IsNull() {
		return model.AbsentValue(def, toRange(owner))
	}
	cv, err := convert.Convert(v, ty)
	if err != nil || cv.IsNull() {
		reason := fmt.Sprintf("%s is not a valid %s", a.Name, ty.FriendlyName())
		l.warnOnce("type:"+a.Expr.Range().String(), a.Expr.Range(), "Invalid value",
			fmt.Sprintf("%s; the value is not analysed.", upperFirst(reason)))
		return model.UnknownValue[T](rng, reason)
	}
	return model.KnownValue(get(cv), rng)
}

// stringValue reads a string attribute.
func (l *loader) stringValue(a *hcl.Attribute, ctx *hcl.EvalContext, def string, owner hcl.Range) model.Value[string] {
	return readValue(l, a, ctx, def, owner, cty.String, cty.Value.AsString)
}

// boolValue reads a bool attribute.
func (l *loader) boolValue(a *hcl.Attribute, ctx *hcl.EvalContext, def bool, owner hcl.Range) model.Value[bool] {
	return readValue(l, a, ctx, def, owner, cty.Bool, cty.Value.True)
}

// tags reads the known string entries of a tags map.
func (l *loader) tags(a *hcl.Attribute, ctx *hcl.EvalContext) map[string]string {
	if a == nil {
		return nil
	}
	v := l.eval(a.Expr, ctx)
	if !v.IsKnown() || v.IsNull() {
		return nil
	}
	v, _ = v.Unmark()
	ty := v.Type()
	if !ty.IsMapType() && !ty.IsObjectType() {
		return nil
	}
	out := map[string]string{}
	for it := v.ElementIterator(); it.Next(); {
		k, e := it.Element()
		if e.IsMarked() || !e.IsKnown() || e.IsNull() {
			continue
		}
		if s, err := convert.Convert(e, cty.String); err == nil && !s.IsNull() {
			out[k.AsString()] = s.AsString()
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// exprText returns the source text of expr on one line, shortened.
func (l *loader) exprText(expr hcl.Expression) string {
	rng := expr.Range()
	src, ok := l.sources[rng.Filename]
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
