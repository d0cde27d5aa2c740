package terraform

import (
	"math"
	"sort"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/dynamoguard/dynamoguard/model"
)

// BlockLayout is the layout of a block of native syntax: its nested
// blocks and attributes, at any depth, in source order. It is nil for a
// file of more than 2 GiB, whose offsets a Layout does not hold.
func BlockLayout(block *hclsyntax.Block) *model.Layout {
	if block.CloseBraceRange.End.Byte > math.MaxInt32 {
		return nil
	}
	blocks, attrs := 0, 0
	layoutSize(block, &blocks, &attrs)
	lay := &model.Layout{Blocks: make([]model.LayoutBlock, 0, blocks), Attrs: make([]model.LayoutAttr, 0, attrs)}
	appendBlock(lay, -1, block, 0)
	return lay
}

// AppendBody appends to lay the attributes and the blocks of body, at any
// depth, as those of block parent of lay, their offsets shift bytes
// further than in the source body was parsed from. It is false, and lay
// unchanged, when an offset would not fit a Layout.
func AppendBody(lay *model.Layout, parent int32, body *hclsyntax.Body, shift int) bool {
	if shift < 0 || int64(body.SrcRange.End.Byte)+int64(shift) > math.MaxInt32 {
		return false
	}
	appendItems(lay, parent, body, int32(shift))
	return true
}

// appendBlock appends block b, a block of block parent, and its content.
func appendBlock(lay *model.Layout, parent int32, b *hclsyntax.Block, shift int32) {
	i := int32(len(lay.Blocks))
	// The braces, not the body's range: that of a block written on one
	// line is its attribute's.
	lay.Blocks = append(lay.Blocks, model.LayoutBlock{
		Parent: parent,
		Type:   span(b.TypeRange, shift),
		Body:   model.Span{Start: int32(b.OpenBraceRange.Start.Byte) + shift, End: int32(b.CloseBraceRange.End.Byte) + shift},
	})
	appendItems(lay, i, b.Body, shift)
}

// appendItems appends the attributes of body, in source order, and its
// blocks, as those of block i.
func appendItems(lay *model.Layout, i int32, body *hclsyntax.Body, shift int32) {
	attrs := make([]*hclsyntax.Attribute, 0, len(body.Attributes))
	for _, a := range body.Attributes {
		attrs = append(attrs, a)
	}
	sort.Slice(attrs, func(x, y int) bool { return attrs[x].SrcRange.Start.Byte < attrs[y].SrcRange.Start.Byte })
	for _, a := range attrs {
		lay.Attrs = append(lay.Attrs, model.LayoutAttr{
			Block:   i,
			Name:    span(a.NameRange, shift),
			Expr:    span(a.Expr.Range(), shift),
			Literal: IsLiteral(a.Expr),
		})
	}
	for _, nested := range body.Blocks {
		appendBlock(lay, i, nested, shift)
	}
}

// layoutSize adds the blocks of b, itself included, and their attributes.
func layoutSize(b *hclsyntax.Block, blocks, attrs *int) {
	*blocks++
	*attrs += len(b.Body.Attributes)
	for _, nested := range b.Body.Blocks {
		layoutSize(nested, blocks, attrs)
	}
}

func span(r hcl.Range, shift int32) model.Span {
	return model.Span{Start: int32(r.Start.Byte) + shift, End: int32(r.End.Byte) + shift}
}

// IsLiteral reports whether an expression is a literal value: true, 42,
// "TLS".
func IsLiteral(e hclsyntax.Expression) bool {
	switch e := e.(type) {
	case *hclsyntax.LiteralValueExpr:
		return true
	case *hclsyntax.TemplateExpr:
		return e.IsStringLiteral()
	}
	return false
}
