package terraform

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/dynblock"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// unreadBlocks says why the blocks of one type in a body could not all be
// read, so that a block that was not seen is not taken for an absent one.
type unreadBlocks struct {
	rng    hcl.Range
	reason string
}

// unknownForEach is the Extra of the diagnostic by which a dynamic block
// whose for_each is unknown is left out of the expansion (dynblock would
// otherwise make one block of unknown values of it).
type unknownForEach struct {
	expr  hcl.Expression
	value cty.Value
}

// readBlocks expands the dynamic blocks of body and returns its content by
// schema, with, by block type, why the blocks of that type could not all be
// read: a dynamic block whose for_each is unknown or invalid, blocks
// written as an argument, or a JSON value of the wrong shape. Each for_each
// is evaluated once.
func (l *loader) readBlocks(body hcl.Body, ctx *hcl.EvalContext, schema *hcl.BodySchema) (*hcl.BodyContent, map[string]unreadBlocks) {
	expanded := body
	if native, ok := body.(*hclsyntax.Body); !ok || hasDynamic(native) {
		expanded = dynblock.Expand(body, ctx, dynblock.OptCheckForEach(checkDynamicForEach))
	}
	attrs, _, diags := expanded.PartialContent(&hcl.BodySchema{Attributes: schema.Attributes})
	for _, d := range diags {
		if d.Severity == hcl.DiagError && d.Subject != nil {
			l.warnOnce("attr:"+d.Subject.String()+d.Summary, *d.Subject, d.Summary, d.Detail+" The value is not analysed.")
		}
	}
	content := &hcl.BodyContent{Attributes: attrs.Attributes}
	unread := map[string]unreadBlocks{}
	for _, bs := range schema.Blocks {
		got, _, diags := expanded.PartialContent(&hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{bs}})
		content.Blocks = append(content.Blocks, got.Blocks...)
		if u, ok := l.blockProblem(bs.Type, diags); ok {
			unread[bs.Type] = u
		}
		if u, ok := l.blockAsArgument(body, bs.Type); ok {
			unread[bs.Type] = u
		}
	}
	sortByRange(content.Blocks, func(b *hcl.Block) hcl.Range { return b.DefRange })
	return content, unread
}

// hasDynamic reports whether a dynamic block is written in body or in a
// block nested in it. Where none is, expanding the body's dynamic blocks
// would give the body as it is, its nested bodies included, and is not
// done.
func hasDynamic(body *hclsyntax.Body) bool {
	for _, b := range body.Blocks {
		if b.Type == "dynamic" || hasDynamic(b.Body) {
			return true
		}
	}
	return false
}

// checkDynamicForEach is a dynblock for_each check. It leaves out a
// dynamic block whose for_each is unknown, or a set with unknown elements
// (which may turn out to be equal), and one that would generate more than
// maxInstances blocks.
func checkDynamicForEach(v cty.Value, expr hcl.Expression, _ *hcl.EvalContext) hcl.Diagnostics {
	u, _ := unmarkDeep(v)
	if !u.IsKnown() || (u.Type().IsSetType() && !u.IsWhollyKnown()) {
		return hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Unknown dynamic for_each",
			Subject:  expr.Range().Ptr(),
			Extra:    unknownForEach{expr: expr, value: v},
		}}
	}
	if !u.IsNull() && u.CanIterateElements() && u.LengthInt() > maxInstances {
		return hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Too many dynamic blocks",
			Detail: fmt.Sprintf("This for_each has %d elements, more than the %d blocks dynamoguard expands.",
				u.LengthInt(), maxInstances),
			Subject: expr.Range().Ptr(),
		}}
	}
	return nil
}

// blockProblem returns why the blocks of typ could not all be read from the
// diagnostics of reading them, and warns about problems in the input.
func (l *loader) blockProblem(typ string, diags hcl.Diagnostics) (unreadBlocks, bool) {
	var first *unreadBlocks
	for _, d := range diags {
		if d.Severity != hcl.DiagError || d.Subject == nil {
			continue
		}
		u := unreadBlocks{rng: *d.Subject}
		if e, ok := d.Extra.(unknownForEach); ok {
			u.reason = fmt.Sprintf("the for_each of dynamic %q is %s: %s", typ, l.exprText(e.expr), l.reasonOf(e.value))
		} else {
			mark := problemMark(d, *d.Subject)
			l.reportProblem(mark)
			u.reason = fmt.Sprintf("the %s blocks cannot be read: %s", typ, mark.reason)
		}
		if first == nil {
			first = &u
		}
	}
	if first == nil {
		return unreadBlocks{}, false
	}
	return *first, true
}

// blockAsArgument reports a block type written as an argument in native
// syntax (server_side_encryption = { … }), which Terraform rejects and
// PartialContent silently leaves out.
func (l *loader) blockAsArgument(body hcl.Body, typ string) (unreadBlocks, bool) {
	native, ok := body.(*hclsyntax.Body)
	if !ok {
		return unreadBlocks{}, false
	}
	a, ok := native.Attributes[typ]
	if !ok {
		return unreadBlocks{}, false
	}
	l.warnOnce("argument:"+a.NameRange.String(), a.NameRange, "Block written as an argument",
		fmt.Sprintf("%s must be written as a block (%s { … }), not as an argument; Terraform rejects this configuration. It is not analysed.", typ, typ))
	return unreadBlocks{
		rng:    a.SrcRange,
		reason: fmt.Sprintf("%s is written as an argument, which Terraform does not accept", typ),
	}, true
}

// onlyBlock returns the block of typ, or nil when there is none. A second
// one, which Terraform rejects, makes typ unread: which block would apply is
// not known.
func (l *loader) onlyBlock(blocks hcl.Blocks, typ string, unread map[string]unreadBlocks) *hcl.Block {
	var first *hcl.Block
	for _, b := range blocks {
		if b.Type != typ {
			continue
		}
		if first == nil {
			first = b
			continue
		}
		l.warnOnce("duplicate:"+b.DefRange.String(), b.DefRange, "Duplicate block",
			fmt.Sprintf("Terraform allows at most one %s block here (the first is at %s) and rejects this configuration; it is not analysed.", typ, toRange(first.DefRange)))
		if _, ok := unread[typ]; !ok {
			unread[typ] = unreadBlocks{rng: b.DefRange, reason: fmt.Sprintf("%s is given more than once", typ)}
		}
		return nil
	}
	return first
}
