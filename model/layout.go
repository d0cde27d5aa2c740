package model

// Layout is where the parts of a Terraform resource block are written, as
// byte offsets in the file its loader parsed: what an edit of the block
// needs, so that a fix is made without parsing the file again. It holds no
// pointer, so that keeping it costs the collector nothing to scan.
type Layout struct {
	// Blocks are the resource block, first, and its nested blocks at any
	// depth, each after the block that holds it.
	Blocks []LayoutBlock
	// Attrs are the attributes of the blocks, in source order within each
	// block.
	Attrs []LayoutAttr
}

// Span is the bytes of a file from Start up to (not including) End.
type Span struct{ Start, End int32 }

// LayoutBlock is one block of a Layout.
type LayoutBlock struct {
	// Parent is the index in Blocks of the block that holds it; -1 for
	// the resource block.
	Parent int32
	// Type is the block's type name ("resource" for the resource block).
	Type Span
	// Body is the block's body, from its opening brace to after its
	// closing one.
	Body Span
}

// LayoutAttr is one attribute of a Layout.
type LayoutAttr struct {
	// Block is the index in Blocks of the block the attribute is in.
	Block int32
	// Name and Expr are the attribute's name and its expression.
	Name, Expr Span
	// Literal is set when the expression is a literal value: true, 42,
	// "TLS".
	Literal bool
}

// Src is the whole attribute, from its name to the end of its expression.
func (a *LayoutAttr) Src() Span { return Span{Start: a.Name.Start, End: a.Expr.End} }
