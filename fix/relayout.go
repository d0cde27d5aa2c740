package fix

import (
	"math"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/dynamoguard/dynamoguard/model"
	"github.com/dynamoguard/dynamoguard/parser/terraform"
	"github.com/dynamoguard/dynamoguard/rules"
)

// after is the layout of the resource block in the body that edit e of
// the block's source makes, at offsets of that body, so that the next
// change of a sequence does not parse the block again: what is before the
// edit stays, what is after it moves by the length it adds, the blocks
// around it grow by as much, and the text it writes is parsed alone, as
// the attributes and blocks it puts in the innermost block around it (or
// as the expression it puts in an attribute). It is nil, and the next
// change parses the block, where that is not how the edit changes the
// block: an edit that cuts an attribute or a block, or text that does not
// parse on its own.
func (t *blockTree) after(e rules.TextEdit) *model.Layout {
	if e.Range.Filename != t.s.name {
		return nil
	}
	a, b := e.Range.Start.Byte-t.s.shift, e.Range.End.Byte-t.s.shift
	delta := len(e.New) - (b - a)
	if a < 0 || b < a || int64(len(t.s.body))+int64(delta) > math.MaxInt32 {
		return nil
	}
	// moved is where offset x of the layout is in the new body: x is an
	// end when the text written at it goes after it.
	moved := func(x int32, end bool) int32 {
		o := t.off(x)
		if o > b || o == b && !(end && a == b) {
			o += delta
		}
		return int32(o)
	}
	span := func(sp model.Span) model.Span {
		return model.Span{Start: moved(sp.Start, false), End: moved(sp.End, true)}
	}
	for k := range t.lay.Attrs {
		if x := &t.lay.Attrs[k]; t.off(x.Expr.Start) == a && t.off(x.Expr.End) == b {
			return t.exprReplaced(k, e.New, span)
		}
	}
	// The innermost block whose braces hold the edit: blocks come after
	// the block that holds them, so it is the last.
	parent := int32(-1)
	for k := range t.lay.Blocks {
		if x := &t.lay.Blocks[k]; t.off(x.Body.Start) < a && b < t.off(x.Body.End) {
			parent = int32(k)
		}
	}
	if parent < 0 {
		return nil
	}
	// inside, before and after say where span sp is to the edit; anything
	// else is cut by it.
	inside := func(sp model.Span) bool { return a < b && a <= t.off(sp.Start) && t.off(sp.End) <= b }
	clear := func(sp model.Span) bool { return t.off(sp.End) <= a || t.off(sp.Start) >= b }
	lay := &model.Layout{
		Blocks: make([]model.LayoutBlock, 0, len(t.lay.Blocks)+1),
		Attrs:  make([]model.LayoutAttr, 0, len(t.lay.Attrs)+1),
	}
	index := make([]int32, len(t.lay.Blocks)) // in the new layout; -1 for a block the edit replaces
	for k, x := range t.lay.Blocks {
		whole := model.Span{Start: x.Type.Start, End: x.Body.End}
		switch {
		case inside(whole):
			index[k] = -1
			continue
		case !clear(whole) && !(t.off(x.Body.Start) < a && b < t.off(x.Body.End)):
			return nil
		}
		index[k] = int32(len(lay.Blocks))
		p := x.Parent
		if p >= 0 {
			p = index[p]
		}
		lay.Blocks = append(lay.Blocks, model.LayoutBlock{Parent: p, Type: span(x.Type), Body: span(x.Body)})
	}
	for _, x := range t.lay.Attrs {
		switch src := x.Src(); {
		case inside(src):
			continue
		case !clear(src):
			return nil
		}
		lay.Attrs = append(lay.Attrs, model.LayoutAttr{Block: index[x.Block], Name: span(x.Name), Expr: span(x.Expr), Literal: x.Literal})
	}
	if e.New == "" {
		return lay
	}
	f, diags := hclsyntax.ParseConfig([]byte(e.New), t.s.name, hcl.InitialPos)
	body, ok := f.Body.(*hclsyntax.Body)
	if diags.HasErrors() || !ok {
		return nil
	}
	kept := len(lay.Attrs)
	if !terraform.AppendBody(lay, index[parent], body, a) {
		return nil
	}
	for _, x := range lay.Attrs[kept:] {
		name := e.New[int(x.Name.Start)-a : int(x.Name.End)-a]
		for _, y := range t.lay.Attrs {
			if index[y.Block] == x.Block && !inside(y.Src()) && string(t.bytes(y.Name)) == name {
				return nil // written twice: the block, parsed, would not read
			}
		}
	}
	return lay
}

// exprReplaced is the layout after an edit that writes text in place of
// the expression of attribute k.
func (t *blockTree) exprReplaced(k int, text string, span func(model.Span) model.Span) *model.Layout {
	expr, diags := hclsyntax.ParseExpression([]byte(text), t.s.name, hcl.InitialPos)
	if diags.HasErrors() || expr.Range().Start.Byte != 0 || expr.Range().End.Byte != len(text) {
		return nil
	}
	lay := &model.Layout{
		Blocks: make([]model.LayoutBlock, len(t.lay.Blocks)),
		Attrs:  make([]model.LayoutAttr, len(t.lay.Attrs)),
	}
	for i, x := range t.lay.Blocks {
		lay.Blocks[i] = model.LayoutBlock{Parent: x.Parent, Type: span(x.Type), Body: span(x.Body)}
	}
	for i, x := range t.lay.Attrs {
		lay.Attrs[i] = model.LayoutAttr{Block: x.Block, Name: span(x.Name), Expr: span(x.Expr), Literal: x.Literal}
	}
	lay.Attrs[k].Literal = terraform.IsLiteral(expr)
	return lay
}
