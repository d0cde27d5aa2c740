package terraform

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/dynamoguard/dynamoguard/model"
)

// isCustomerKeyType reports whether a resource type is a customer managed
// key, or an alias of one.
func isCustomerKeyType(typ string) bool {
	switch typ {
	case "aws_kms_key", "aws_kms_alias", "aws_kms_replica_key", "aws_kms_external_key", "aws_kms_replica_external_key":
		return true
	}
	return false
}

// keyDataArg names the argument that identifies the key of a KMS data
// source, or "" for other data sources.
func keyDataArg(typ string) string {
	switch typ {
	case "aws_kms_alias":
		return "name"
	case "aws_kms_key":
		return "key_id"
	}
	return ""
}

// maxKeyDepth bounds how many data sources a key is followed through.
const maxKeyDepth = 4

// classifyKeyAttr classifies a kms_key_arn attribute at path. It returns
// false when the attribute is missing, null or empty, which the caller
// interprets; the Meta returned then still says which inputs made it so.
func (l *loader) classifyKeyAttr(a *hcl.Attribute, ctx *hcl.EvalContext, path string) (model.KeyRef, bool) {
	if a == nil {
		return model.KeyRef{}, false
	}
	ref, why, set := l.classifyKeyExpr(a.Expr, ctx)
	v := l.eval(a.Expr, ctx)
	ref.Meta = l.meta(v, a.Expr, path)
	if !set {
		return ref, false
	}
	ref.State = model.Known
	if ref.Kind == model.KeyUnknown {
		ref.State = model.Unknown
		ref.Reason = fmt.Sprintf("%s is %s: %s", a.Name, l.exprText(a.Expr), why)
	}
	return ref, true
}

// classifyKeyExpr classifies a key expression; set is false when it is
// null or empty. A conditional whose condition is known is classified by
// the branch it takes. One whose condition cannot be evaluated is
// classified branch by branch: the marks of its value mix the condition's
// references with both branches', so the value alone could take a key
// referenced in the condition, or in one branch only, for the key used.
func (l *loader) classifyKeyExpr(expr hcl.Expression, ctx *hcl.EvalContext) (ref model.KeyRef, why string, set bool) {
	if c, ok := expr.(*hclsyntax.ConditionalExpr); ok {
		cond, _ := unmarkDeep(l.eval(c.Condition, ctx))
		if cond.IsKnown() && !cond.IsNull() && cond.Type() == cty.Bool {
			if cond.True() {
				return l.classifyKeyExpr(c.TrueResult, ctx)
			}
			return l.classifyKeyExpr(c.FalseResult, ctx)
		}
		if !cond.IsKnown() {
			t, tWhy, tSet := l.classifyKeyExpr(c.TrueResult, ctx)
			f, _, fSet := l.classifyKeyExpr(c.FalseResult, ctx)
			switch {
			case !tSet && !fSet:
				return model.KeyRef{}, "", false
			case tSet && fSet && t.Kind == f.Kind && t.Kind != model.KeyUnknown && t.KeyAddress == f.KeyAddress:
				return t, tWhy, true
			}
			return model.KeyRef{Kind: model.KeyUnknown}, fmt.Sprintf(
				"the key is chosen by the condition %s, which cannot be evaluated", l.exprText(c.Condition)), true
		}
	}
	v := l.eval(expr, ctx)
	if u, _ := unmarkDeep(v); u.IsKnown() && (u.IsNull() || u.RawEquals(cty.StringVal(""))) {
		return model.KeyRef{}, "", false
	}
	ref, why = l.classifyValue(v, 0)
	return ref, why, true
}

// classifyValue classifies the value of a key expression; for KeyUnknown it
// also returns why. The key resource itself is found by model.Link from
// KeyAddress.
func (l *loader) classifyValue(v cty.Value, depth int) (model.KeyRef, string) {
	if v.IsWhollyKnown() {
		s, ok := knownString(v)
		if !ok {
			return model.KeyRef{Kind: model.KeyUnknown}, "the value is not a string"
		}
		ref := model.KeyRef{Kind: model.ClassifyKeyID(s), ID: s}
		// A known value that still names the key it was read from (a
		// plan's) is that key.
		if _, refs := marksOf(v); ref.Kind == model.KeyCustomerManaged && len(refs) == 1 && isKeyRef(refs[0]) &&
			refs[0].mode == modeResource {
			ref.KeyAddress = refs[0].address()
		}
		return ref, ""
	}
	unknowns, refs := marksOf(v)
	l.noteRemote(refs)
	if len(unknowns) > 0 {
		return model.KeyRef{Kind: model.KeyUnknown}, l.reasonOf(v)
	}
	var keyRefs []refMark
	for _, r := range refs {
		if !isKeyRef(r) {
			// The value may be chosen by it (a conditional on another
			// resource's attribute keeps the marks of both branches): a
			// key reference among the marks does not make it that key.
			return model.KeyRef{Kind: model.KeyUnknown}, r.why()
		}
		keyRefs = append(keyRefs, r)
	}
	switch {
	case len(keyRefs) == 0:
		return model.KeyRef{Kind: model.KeyUnknown}, l.reasonOf(v)
	case len(keyRefs) > 1:
		for _, r := range keyRefs {
			if r.mode != modeResource {
				return model.KeyRef{Kind: model.KeyUnknown}, "it depends on more than one KMS key data source"
			}
		}
		// Any of several customer managed keys is a customer managed key.
		return model.KeyRef{Kind: model.KeyCustomerManaged}, ""
	}
	r := keyRefs[0]
	if r.mode == modeData {
		return r.owner.classifyData(r, depth)
	}
	return model.KeyRef{Kind: model.KeyCustomerManaged, KeyAddress: r.address()}, ""
}

// isKeyRef reports whether a reference names a KMS key or a KMS data source
// the loader understands.
func isKeyRef(r refMark) bool {
	switch r.mode {
	case modeResource:
		return isCustomerKeyType(r.typ)
	case modeData:
		return keyDataArg(r.typ) != ""
	}
	return false
}

// classifyData classifies a key through the argument of a data source that
// identifies it (data.aws_kms_alias name, data.aws_kms_key key_id).
func (l *loader) classifyData(r refMark, depth int) (model.KeyRef, string) {
	unknown := model.KeyRef{Kind: model.KeyUnknown}
	d := l.mod.cfg.byAddress["data."+r.typ+"."+r.name]
	arg := keyDataArg(r.typ)
	if d == nil || depth >= maxKeyDepth {
		return unknown, fmt.Sprintf("%s cannot be followed", r.address())
	}
	content, _, _ := d.block.Body.PartialContent(&hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: arg}}})
	a := content.Attributes[arg]
	if a == nil {
		return unknown, fmt.Sprintf("%s has no %s", r.address(), arg)
	}
	ref, why := l.classifyValue(l.eval(a.Expr, l.ctx), depth+1)
	if ref.Kind == model.KeyUnknown {
		why = fmt.Sprintf("%s of %s is unknown: %s", arg, r.address(), why)
	}
	return ref, why
}

// knownString returns v as a string when it is a known, non-null value that
// converts to one.
func knownString(v cty.Value) (string, bool) {
	v, _ = unmarkDeep(v)
	if !v.IsKnown() || v.IsNull() {
		return "", false
	}
	s, err := convert.Convert(v, cty.String)
	if err != nil || s.IsNull() {
		return "", false
	}
	return s.AsString(), true
}
