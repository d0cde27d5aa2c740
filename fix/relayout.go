package fix

import (
	"math"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/dynamoguard/dynamoguard/model"
	"github.com/dynamoguard/dynamoguard/parser/cloudformation"
	"github.com/dynamoguard/dynamoguard/parser/terraform"
	"github.com/dynamoguard/dynamoguard/rules"
)

// next is the layout after e, as editedLayout says.
func (t *blockTree) next(e rules.TextEdit) *layoutAt {
	if lay := t.after(e); lay != nil {
		return &layoutAt{lay: lay}
	}
	return nil
}

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
		if o > b || o == b && (!end || a != b) {
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
	// inside and outside say whether span sp is inside the text the edit
	// replaces or out of it, and around whether block x holds the edit in
	// its braces; a span that is none of them is cut by the edit.
	inside := func(sp model.Span) bool { return a < b && a <= t.off(sp.Start) && t.off(sp.End) <= b }
	outside := func(sp model.Span) bool { return t.off(sp.End) <= a || t.off(sp.Start) >= b }
	around := func(x *model.LayoutBlock) bool { return t.off(x.Body.Start) < a && b < t.off(x.Body.End) }
	// The innermost block whose braces hold the edit: blocks come after
	// the block that holds them, so it is the last.
	parent := int32(-1)
	for k := range t.lay.Blocks {
		if around(&t.lay.Blocks[k]) {
			parent = int32(k)
		}
	}
	if parent < 0 {
		return nil
	}
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
		case !outside(whole) && !around(&x):
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
		case !outside(src):
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

// next is the layout after e, as editedLayout says, with the step of
// the template.
func (t *template) next(e rules.TextEdit) *layoutAt {
	if lay := t.after(e); lay != nil {
		return &layoutAt{tmpl: lay, step: t.step}
	}
	return nil
}

// after is the layout of the template resource in the body that edit e of
// the source makes, at offsets of that body, so that the next change of a
// sequence does not parse the template again: the nodes before the edit
// stay, those after it move by the length it adds, and the text it writes
// is parsed alone, as the scalar it puts in place of another or the
// entries it adds to a mapping (see graft), in block style or, in JSON,
// in the brackets of a flow collection. It is nil, and the next change
// parses the template, for any other edit, and for one in a YAML flow
// collection, where a plain scalar would not always read alone as it does
// in place.
func (t *template) after(e rules.TextEdit) *model.TemplateLayout {
	g := t.graft
	if g.how == graftNone || e.Range.Filename != t.name || (g.wrap != "") != t.json {
		return nil
	}
	a, b := e.Range.Start.Byte-t.shift, e.Range.End.Byte-t.shift
	delta := len(e.New) - (b - a)
	nodes := t.lay.Nodes
	if a < 0 || b < a || int64(len(t.body))+int64(delta) > math.MaxInt32 {
		return nil
	}
	for i := int32(0); i <= g.node && g.wrap == ""; i++ {
		if (i == g.node || nodes[i].Next > g.node) && t.style(i)&yaml.FlowStyle != 0 {
			return nil
		}
	}
	// The text is read alone, or in the brackets of wrap: at is where the
	// text read is in the new body.
	text, at := e.New, a
	switch {
	case g.comma && !strings.HasPrefix(text, ","):
		return nil
	case g.comma:
		text, at = text[1:], at+1
	}
	switch g.wrap {
	case "{":
		text, at = "{"+text+"}", at-1
	case "[":
		text, at = "["+text+"]", at-1
	}
	// The nodes from up to to are those the edit replaces with the nodes
	// of its text.
	from, to := g.node, nodes[g.node].Next
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil || doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return nil
	}
	written := doc.Content
	switch n := &nodes[g.node]; g.how {
	case graftReplace:
		// The whole scalar, in its quotes, is replaced.
		end := int(n.Value.End) - t.layShift
		quoted := t.style(g.node)&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0
		if n.InNames || b != end && (b != end+1 || !quoted) {
			return nil
		}
		if g.wrap != "" {
			if written[0].Kind != yaml.SequenceNode || len(written[0].Content) != 1 {
				return nil
			}
			written = written[0].Content
		}
	case graftAppend, graftPrepend:
		m := written[0]
		if m.Kind != yaml.MappingNode || (m.Style&yaml.FlowStyle != 0) != (g.wrap != "") {
			return nil
		}
		written = m.Content
		from = to
		if g.how == graftPrepend {
			from = g.node + 1
		}
		to = from
	}
	part := cloudformation.Layout([]byte(text), written...)
	if part == nil {
		return nil
	}
	// moved is where offset x of the layout is in the new body.
	moved := func(x int32) int32 {
		o := int(x) - t.layShift
		if o >= b {
			o += delta
		}
		return int32(o)
	}
	k := int32(len(part.Nodes)) - (to - from)
	lay := &model.TemplateLayout{
		Nodes: make([]model.TemplateNode, 0, len(nodes)+int(k)),
		Marks: slices.Concat(t.lay.Marks, part.Marks),
		Names: slices.Concat(t.lay.Names, part.Names),
	}
	// keep adds old node i, moved, unless the edit cuts it.
	keep := func(i int32) bool {
		n := nodes[i]
		if at := int(n.At) - t.layShift; at >= a && at < b {
			return false
		}
		n.At = moved(n.At)
		if !n.InNames && n.Value.Start < n.Value.End {
			if s, e := int(n.Value.Start)-t.layShift, int(n.Value.End)-t.layShift; s < b && e > a {
				return false
			}
			start := moved(n.Value.Start)
			n.Value = model.Span{Start: start, End: start + n.Value.End - n.Value.Start}
		}
		if i >= to || n.Next >= to && (g.how != graftAppend || i <= g.node) {
			n.Next += k // after the new nodes, or around them
		}
		lay.Nodes = append(lay.Nodes, n)
		return true
	}
	for i := int32(0); i < from; i++ {
		if !keep(i) {
			return nil
		}
	}
	names, marks := int32(len(t.lay.Names)), int32(len(t.lay.Marks))
	for _, n := range part.Nodes {
		n.At += int32(at)
		n.Next += from
		switch {
		case n.Value.Start == n.Value.End:
		case n.InNames:
			n.Value.Start, n.Value.End = n.Value.Start+names, n.Value.End+names
		default:
			n.Value.Start, n.Value.End = n.Value.Start+int32(at), n.Value.End+int32(at)
		}
		if n.Mark > 0 {
			n.Mark += marks
		}
		lay.Nodes = append(lay.Nodes, n)
	}
	for i := range lay.Marks[marks:] {
		m := &lay.Marks[int(marks)+i]
		m.Tag = model.Span{Start: m.Tag.Start + names, End: m.Tag.End + names}
		m.Anchor = model.Span{Start: m.Anchor.Start + names, End: m.Anchor.End + names}
	}
	for i := to; i < int32(len(nodes)); i++ {
		if !keep(i) {
			return nil
		}
	}
	if g.how == graftPrepend && g.wrap == "" {
		lay.Nodes[g.node].At = int32(a) // a block mapping is where its first key is
	}
	return lay
}
