package terraform

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// maxInstances bounds the instances expanded from one count or for_each.
const maxInstances = 1000

// instance is one instance of a resource block: its address and the context
// its arguments are evaluated in (count.index or each.key/each.value).
type instance struct {
	address string
	ctx     *hcl.EvalContext
}

// instances expands count or for_each. A known count or for_each gives one
// instance per element (none for zero); an unknown one gives a single
// instance at the bare address whose count/each values are unknown.
func (l *loader) instances(r *resourceBlock) []instance {
	base := l.address(r.address())
	switch {
	case r.count != nil:
		return l.countInstancesIn(r, base, l.ctx)
	case r.forEach != nil:
		return l.forEachInstancesIn(r, base, l.ctx)
	}
	return []instance{{address: base, ctx: l.ctx}}
}

// countInstancesIn expands the count of r, evaluated in ctx.
func (l *loader) countInstancesIn(r *resourceBlock, base string, ctx *hcl.EvalContext) []instance {
	v := l.eval(r.count.Expr, ctx)
	if !v.IsWhollyKnown() {
		return l.unknownInstance(ctx, base, "count", l.reasonOf(v))
	}
	v, _ = unmarkDeep(v)
	n, err := countOf(v)
	if err != nil {
		l.warn(r.count.Expr.Range(), "Invalid count",
			fmt.Sprintf("The count of %s %s; the resource is analysed as one instance with unknown count.index.", base, err))
		return l.unknownInstance(ctx, base, "count", "count "+err.Error())
	}
	if n > maxInstances {
		l.warn(r.count.Expr.Range(), "Too many instances",
			fmt.Sprintf("The count of %s is %d, more than the %d instances dynamoguard expands; the resource is analysed as one instance with unknown count.index.", base, n, maxInstances))
		return l.unknownInstance(ctx, base, "count", "count has too many instances")
	}
	out := make([]instance, n)
	for i := range out {
		out[i] = instance{
			address: fmt.Sprintf("%s[%d]", base, i),
			ctx:     childContext(ctx, "count", map[string]cty.Value{"index": cty.NumberIntVal(int64(i))}),
		}
	}
	return out
}

// countOf reads a count value: a whole number, at least zero. Numbers too
// large for an int64 are returned as math.MaxInt64.
func countOf(v cty.Value) (int64, error) {
	c, err := convert.Convert(v, cty.Number)
	if err != nil || c.IsNull() {
		return 0, errors.New("is not a number")
	}
	f := c.AsBigFloat()
	if !f.IsInt() {
		return 0, errors.New("is not a whole number")
	}
	if f.Sign() < 0 {
		return 0, errors.New("is negative")
	}
	i, acc := f.Int64()
	if acc != big.Exact {
		return math.MaxInt64, nil
	}
	return i, nil
}

// forEachInstancesIn expands the for_each of r, evaluated in ctx.
func (l *loader) forEachInstancesIn(r *resourceBlock, base string, ctx *hcl.EvalContext) []instance {
	v := l.eval(r.forEach.Expr, ctx)
	if !v.IsKnown() {
		return l.unknownInstance(ctx, base, "for_each", l.reasonOf(v))
	}
	v, _ = v.Unmark()
	ty := v.Type()
	if v.IsNull() || !isForEachType(ty) {
		l.warn(r.forEach.Expr.Range(), "Invalid for_each",
			fmt.Sprintf("The for_each of %s must be a map or a set of strings; the resource is analysed as one instance with unknown each values.", base))
		return l.unknownInstance(ctx, base, "for_each", "for_each is not a map or a set of strings")
	}
	if ty.IsSetType() && !v.IsWhollyKnown() {
		return l.unknownInstance(ctx, base, "for_each", l.reasonOf(v))
	}
	if v.LengthInt() > maxInstances {
		l.warn(r.forEach.Expr.Range(), "Too many instances",
			fmt.Sprintf("The for_each of %s has more than %d elements; the resource is analysed as one instance with unknown each values.", base, maxInstances))
		return l.unknownInstance(ctx, base, "for_each", "for_each has too many elements")
	}
	var out []instance
	for it := v.ElementIterator(); it.Next(); {
		k, e := it.Element()
		if ty.IsSetType() {
			k, _ = k.Unmark()
			s, err := convert.Convert(k, cty.String)
			if err != nil || s.IsNull() {
				continue
			}
			k, e = s, s
		}
		out = append(out, instance{
			address: base + "[" + strconv.Quote(k.AsString()) + "]",
			ctx:     childContext(ctx, "each", map[string]cty.Value{"key": k, "value": e}),
		})
	}
	return out
}

// isForEachType reports whether a for_each value of type ty can be expanded.
func isForEachType(ty cty.Type) bool {
	return ty.IsMapType() || ty.IsObjectType() || ty.IsSetType()
}

// unknownInstance is the single instance of a resource whose count or
// for_each (meta) is unknown.
func (l *loader) unknownInstance(ctx *hcl.EvalContext, base, meta, why string) []instance {
	reason := fmt.Sprintf("the %s of %s is unknown: %s", meta, base, why)
	unknown := unknownWith(reason)
	attrs := map[string]cty.Value{"index": unknown}
	if meta == "for_each" {
		attrs = map[string]cty.Value{"key": unknown, "value": unknown}
		meta = "each"
	}
	return []instance{{address: base, ctx: childContext(ctx, meta, attrs)}}
}

// childContext returns a child of ctx with one more root.
func childContext(ctx *hcl.EvalContext, root string, attrs map[string]cty.Value) *hcl.EvalContext {
	c := ctx.NewChild()
	c.Variables = map[string]cty.Value{root: cty.ObjectVal(attrs)}
	return c
}
