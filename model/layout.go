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

// TemplateLayout is where the parts of a CloudFormation resource are
// written in a template, as byte offsets in the file its loader parsed:
// its logical ID key and the YAML nodes of its value, with what an edit of
// the resource reads of each (kind, style, tag, anchor, value), so that a
// fix is made without parsing the template again. It holds no pointer but
// its slices.
type TemplateLayout struct {
	// Nodes are the logical ID key, first, then the nodes of the
	// resource's value in document order: a node's children follow it,
	// a mapping's keys each before its value.
	Nodes []TemplateNode
	// Marks are the tags other than the core ones and the anchors of the
	// nodes that have one (see TemplateNode.Mark).
	Marks []TemplateMark
	// Names holds the texts that are not written as they read in the
	// file: the values of scalars written with escapes, quotes in a key
	// or folded lines, and the tags and anchors of Marks.
	Names []byte
	// Step is how many columns deeper than its Resources key the
	// template's first resource is written, on a later line; 0 when it is
	// not.
	Step int32
}

// TemplateNode is one YAML node of a TemplateLayout.
type TemplateNode struct {
	// At is where the node is written, as yaml.v3 places it: the first
	// character of a scalar (its quote, when quoted), the bracket of a
	// flow collection, the first key or dash of a block one, the tag or
	// anchor of a node that has one.
	At int32
	// Next is the index in Nodes of the first node after the node and
	// its children.
	Next int32
	// Value is a scalar's value, or an alias's anchor name: bytes of the
	// file, or of Names when InNames is set.
	Value Span
	// Mark is 1 + the index in Marks of the node's tag and anchor; 0 when
	// it has no anchor and a core tag.
	Mark int32
	// Kind and Style are yaml.v3's node kind and style.
	Kind, Style uint8
	// Core is the node's tag when it is one of the YAML core schema's.
	Core TemplateTag
	// InNames is set when Value is in Names.
	InNames bool
}

// TemplateMark is the tag, unless it is a core one, and the anchor of a
// TemplateNode, in Names.
type TemplateMark struct{ Tag, Anchor Span }

// TemplateTag is a core YAML tag of a TemplateNode.
type TemplateTag uint8

// The core tags yaml.v3 resolves a node to.
const (
	TagOther TemplateTag = iota // not a core tag: the node's mark says which
	TagMap
	TagSeq
	TagStr
	TagBool
	TagNull
	TagInt
	TagFloat
	TagTimestamp
	TagBinary
	TagMerge
	templateTags // the number of tags
)

// templateTagNames are yaml.v3's short names of the core tags.
var templateTagNames = [templateTags]string{
	TagMap: "!!map", TagSeq: "!!seq", TagStr: "!!str", TagBool: "!!bool", TagNull: "!!null", TagInt: "!!int",
	TagFloat: "!!float", TagTimestamp: "!!timestamp", TagBinary: "!!binary", TagMerge: "!!merge",
}

// String is the tag as yaml.v3 writes it ("!!str"); "" for TagOther.
func (t TemplateTag) String() string {
	if t < templateTags {
		return templateTagNames[t]
	}
	return ""
}

// CoreTemplateTag is the core tag yaml.v3 writes name; false when name is
// not one.
func CoreTemplateTag(name string) (TemplateTag, bool) {
	for t, n := range templateTagNames {
		if n == name && t != int(TagOther) {
			return TemplateTag(t), true
		}
	}
	return TagOther, false
}
