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
	var walk func(parent int32, b *hclsyntax.Block)
	walk = func(parent int32, b *hclsyntax.Block) {
		i := int32(len(lay.Blocks))
		// The braces, not the body's range: that of a block written on one
		// line is its attribute's.
		lay.Blocks = append(lay.Blocks, model.LayoutBlock{
			Parent: parent,
			Type:   span(b.TypeRange),
			Body:   model.Span{Start: int32(b.OpenBraceRange.Start.Byte), End: int32(b.CloseBraceRange.End.Byte)},
		})
		attrs := make([]*hclsyntax.Attribute, 0, len(b.Body.Attributes))
		for _, a := range b.Body.Attributes {
			attrs = append(attrs, a)
		}
		sort.Slice(attrs, func(x, y int) bool { return attrs[x].SrcRange.Start.Byte < attrs[y].SrcRange.Start.Byte })
		for _, a := range attrs {
			lay.Attrs = append(lay.Attrs, model.LayoutAttr{
				Block:   i,
				Name:    span(a.NameRange),
				Expr:    span(a.Expr.Range()),
				Literal: IsLiteral(a.Expr),
			})
		}
		for _, nested := range b.Body.Blocks {
			walk(i, nested)
		}
	}
	walk(-1, block)
	return lay
}

// layoutSize adds the blocks of b, itself included, and their attributes.
func layoutSize(b *hclsyntax.Block, blocks, attrs *int) {
	*blocks++
	*attrs += len(b.Body.Attributes)
	for _, nested := range b.Body.Blocks {
		layoutSize(nested, blocks, attrs)
	}
}

func span(r hcl.Range) model.Span {
	return model.Span{Start: int32(r.Start.Byte), End: int32(r.End.Byte)}
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
