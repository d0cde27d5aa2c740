package terraform

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/dynblock"
	"github.com/zclconf/go-cty/cty"
)

// unknownDynamic is a dynamic block whose for_each cannot be resolved.
type unknownDynamic struct {
	forEach hcl.Range
	reason  string
}

var dynamicSchema = &hcl.BodySchema{
	Blocks: []hcl.BlockHeaderSchema{{Type: "dynamic", LabelNames: []string{"type"}}},
}

var forEachSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "for_each"}},
}

// unknownDynamics evaluates the for_each of the dynamic blocks directly in
// body that generate a block type of schema and returns, by block type, the
// first that is unknown.
func (l *loader) unknownDynamics(body hcl.Body, ctx *hcl.EvalContext, schema *hcl.BodySchema) map[string]unknownDynamic {
	wanted := map[string]bool{}
	for _, b := range schema.Blocks {
		wanted[b.Type] = true
	}
	out := map[string]unknownDynamic{}
	content, _, _ := body.PartialContent(dynamicSchema)
	for _, b := range content.Blocks {
		typ := b.Labels[0]
		if !wanted[typ] {
			continue
		}
		spec, _, _ := b.Body.PartialContent(forEachSchema)
		a := spec.Attributes["for_each"]
		if a == nil {
			continue
		}
		if _, seen := out[typ]; seen {
			continue
		}
		if v := l.eval(a.Expr, ctx); !v.IsKnown() {
			out[typ] = unknownDynamic{
				forEach: a.Expr.Range(),
				reason: fmt.Sprintf("the for_each of dynamic %q is %s: %s",
					typ, l.exprText(a.Expr), l.reasonOf(v)),
			}
		}
	}
	return out
}

// skippedDynamic is the Extra of the diagnostic that makes dynblock skip a
// dynamic block whose for_each is unknown.
type skippedDynamic struct{}

// skipUnknown is a dynblock for_each check that rejects unknown values, so
// that a dynamic block with unknown for_each produces no block at all
// (dynblock would otherwise produce one block of unknown values).
func skipUnknown(v cty.Value, expr hcl.Expression, _ *hcl.EvalContext) hcl.Diagnostics {
	if v.IsKnown() {
		return nil
	}
	return hcl.Diagnostics{{
		Severity: hcl.DiagError,
		Summary:  "Unknown dynamic for_each",
		Subject:  expr.Range().Ptr(),
		Extra:    skippedDynamic{},
	}}
}

// expandedContent expands the dynamic blocks of body and returns its
// content by schema. Diagnostics about dynamic blocks already reported as
// unknown are dropped.
func (l *loader) expandedContent(body hcl.Body, ctx *hcl.EvalContext, schema *hcl.BodySchema,
	dyn map[string]unknownDynamic) *hcl.BodyContent {
	expanded := dynblock.Expand(body, ctx, dynblock.OptCheckForEach(skipUnknown))
	content, _, diags := expanded.PartialContent(schema)
	for _, d := range diags {
		if _, skipped := d.Extra.(skippedDynamic); skipped || withinAny(d.Subject, dyn) {
			continue
		}
		if d.Subject != nil {
			l.warnOnce("dyn:"+d.Subject.String()+d.Summary, *d.Subject, d.Summary, d.Detail+" The block is not analysed.")
		}
	}
	if content == nil {
		content = &hcl.BodyContent{}
	}
	return content
}

// withinAny reports whether r lies within the for_each of one of dyn.
func withinAny(r *hcl.Range, dyn map[string]unknownDynamic) bool {
	if r == nil {
		return false
	}
	for _, d := range dyn {
		f := d.forEach
		if r.Filename == f.Filename && r.Start.Byte >= f.Start.Byte && r.End.Byte <= f.End.Byte {
			return true
		}
	}
	return false
}
