package fix

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/dynamoguard/dynamoguard/internal/memo"
	"github.com/dynamoguard/dynamoguard/model"
	"github.com/dynamoguard/dynamoguard/parser/terraform"
	"github.com/dynamoguard/dynamoguard/rules"
)

// valueTokens are the tokens of a change's value, as terraform fmt writes
// them.
func valueTokens(v any) (hclwrite.Tokens, error) {
	switch v := v.(type) {
	case bool:
		return hclwrite.TokensForValue(cty.BoolVal(v)), nil
	case string:
		return hclwrite.TokensForValue(cty.StringVal(v)), nil
	case rules.Ref:
		parts := strings.Split(v.Address, ".")
		tr := hcl.Traversal{hcl.TraverseRoot{Name: parts[0]}}
		for _, p := range append(parts[1:], v.Attribute) {
			tr = append(tr, hcl.TraverseAttr{Name: p})
		}
		return hclwrite.TokensForTraversal(tr), nil
	}
	return nil, fmt.Errorf("cannot write a value of type %T", v)
}

// terraformEdits makes the edits that set the change's attribute in the
// resource block of a Terraform file: the expression of an attribute that
// is written is replaced; a missing attribute or nested block is written
// with hclwrite, formatted as terraform fmt does, before the closing brace
// of the innermost block that exists. Nothing else of the file changes.
// lay, unless it is nil or shift is -1, is the layout of the resource
// block, shift bytes further than in the body of s; else s is parsed.
// tree is the layout the edits were made on.
func terraformEdits(s *source, c *rules.Change, lay *model.Layout, shift int) (edits []rules.TextEdit, tree *blockTree, err error) {
	val, err := valueTokens(c.Value)
	if err != nil {
		return nil, nil, err
	}
	segs, err := splitPath(c.At.Path)
	if err != nil {
		return nil, nil, err
	}
	for _, seg := range segs {
		if !terraformName(seg.name) {
			return nil, nil, fmt.Errorf("%q of %s is not a Terraform argument or block name", seg.name, c.At.Path)
		}
	}
	t, err := resourceTree(s, c, lay, shift)
	if err != nil {
		return nil, nil, err
	}
	edits, err = blockEdits(t, segs, val, c.At.Path)
	return edits, t, err
}

// blockEdits are the edits that set the attribute of segs to val in the
// resource block of t.
func blockEdits(t *blockTree, segs []segment, val hclwrite.Tokens, path string) ([]rules.TextEdit, error) {
	block := int32(0)
	for i, seg := range segs[:len(segs)-1] {
		next, err := t.nestedBlock(block, seg)
		if err != nil {
			return nil, err
		}
		if next < 0 {
			return insertTerraform(t, block, segs[i:], val)
		}
		block = next
	}
	a := t.attr(block, segs[len(segs)-1].name)
	if a == nil {
		return insertTerraform(t, block, segs[len(segs)-1:], val)
	}
	if !a.Literal {
		return nil, fmt.Errorf("%s is computed by an expression; change it where the expression's inputs are set", path)
	}
	return []rules.TextEdit{t.s.edit(t.off(a.Expr.Start), t.off(a.Expr.End), string(val.Bytes()))}, nil
}

// terraformName reports whether name is an identifier as HCL reads it.
// An ASCII name, the only kind the rules write, is checked byte by byte;
// any other is left to hclsyntax, but only when it is UTF-8, since
// hclsyntax takes some text that is not for an identifier.
func terraformName(name string) bool {
	for i := 0; i < len(name); i++ {
		switch c := name[i]; {
		case c >= utf8.RuneSelf:
			return utf8.ValidString(name) && hclsyntax.ValidIdentifier(name)
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_':
		case (c >= '0' && c <= '9' || c == '-') && i > 0:
		default:
			return false
		}
	}
	return name != ""
}

// blockTree is the layout of a resource block read against the source it
// is in: shift is what to take off the layout's offsets to have offsets of
// the source's body.
type blockTree struct {
	s     *source
	lay   *model.Layout
	shift int
}

// resourceTree is the layout of the resource block of c in s: lay, shift
// bytes off, when it is given and fits s, else that of s parsed.
func resourceTree(s *source, c *rules.Change, lay *model.Layout, shift int) (*blockTree, error) {
	if shift >= 0 && lay != nil {
		t := &blockTree{s: s, lay: lay, shift: shift}
		if t.valid() {
			return t, nil
		}
	}
	body, err := s.hcl()
	if err != nil {
		return nil, err
	}
	addr := c.Resource.BaseAddress()
	name := addr[strings.LastIndexByte(addr, '.')+1:]
	for _, b := range body.Blocks {
		if b.Type == "resource" && len(b.Labels) == 2 && b.Labels[0] == c.Resource.Type && b.Labels[1] == name {
			if lay := terraform.BlockLayout(b); lay != nil {
				return &blockTree{s: s, lay: lay}, nil
			}
		}
	}
	return nil, fmt.Errorf("resource %q %q is not in %s", c.Resource.Type, name, s.name)
}

// valid reports whether the layout's resource block is where it says in
// the source: a resource keyword and a body in braces.
func (t *blockTree) valid() bool {
	if len(t.lay.Blocks) == 0 {
		return false
	}
	root := t.lay.Blocks[0]
	typ, open, end := t.off(root.Type.Start), t.off(root.Body.Start), t.off(root.Body.End)
	return typ >= 0 && typ < open && open < end && end <= len(t.s.body) &&
		t.s.body[open] == '{' && t.s.body[end-1] == '}' && t.is(root.Type, "resource")
}

// off is the offset in the source's body of offset x of the layout.
func (t *blockTree) off(x int32) int { return int(x) - t.shift }

// bytes is the source text of span sp.
func (t *blockTree) bytes(sp model.Span) []byte { return t.s.body[t.off(sp.Start):t.off(sp.End)] }

// is reports whether the source text of span sp is name.
func (t *blockTree) is(sp model.Span, name string) bool { return string(t.bytes(sp)) == name }

// open and close are the offsets of the opening and the closing brace of
// block i.
func (t *blockTree) open(i int32) int  { return t.off(t.lay.Blocks[i].Body.Start) }
func (t *blockTree) close(i int32) int { return t.off(t.lay.Blocks[i].Body.End) - 1 }

// attr is the attribute called name of block i, or nil.
func (t *blockTree) attr(i int32, name string) *model.LayoutAttr {
	for k := range t.lay.Attrs {
		if a := &t.lay.Attrs[k]; a.Block == i && t.is(a.Name, name) {
			return a
		}
	}
	return nil
}

// nestedBlock returns the nested block of block i that segment seg names
// (for a keyed segment, the one whose region_name is the key), -1 when
// there is none, and an error when there are several.
func (t *blockTree) nestedBlock(i int32, seg segment) (int32, error) {
	var found []int32
	for k, b := range t.lay.Blocks {
		if b.Parent != i || !t.is(b.Type, seg.name) {
			continue
		}
		if seg.keyed {
			a := t.attr(int32(k), "region_name")
			if a == nil {
				continue
			}
			expr, diags := hclsyntax.ParseExpression(t.bytes(a.Expr), t.s.name, hcl.InitialPos)
			if diags.HasErrors() {
				continue
			}
			v, diags := expr.Value(nil)
			if diags.HasErrors() || !v.IsKnown() || v.Type() != cty.String || v.AsString() != seg.key {
				continue
			}
		}
		found = append(found, int32(k))
	}
	switch {
	case len(found) > 1:
		return -1, fmt.Errorf("%d %s blocks are written; change the one meant by hand", len(found), seg.name)
	case len(found) == 0 && seg.keyed:
		return -1, fmt.Errorf("no %s block with region_name %q is written literally", seg.name, seg.key)
	case len(found) == 0:
		return -1, nil
	}
	return found[0], nil
}

// insertTerraform writes the nested blocks and the attribute of segs into
// block i, before its closing brace.
func insertTerraform(t *blockTree, i int32, segs []segment, val hclwrite.Tokens) ([]rules.TextEdit, error) {
	snippet, err := terraformSnippet(segs, val)
	if err != nil {
		return nil, err
	}
	s := t.s
	outer, inner := blockIndent(t, i)
	step := "  "
	if strings.HasPrefix(inner, outer) && len(inner) > len(outer) {
		step = inner[len(outer):]
	}
	indented := func(snippet string) string {
		var lines []string
		for _, l := range strings.Split(snippet, "\n") {
			// hclwrite indents by two spaces; the file may use another step.
			trimmed := strings.TrimLeft(l, " ")
			depth := (len(l) - len(trimmed)) / 2
			lines = append(lines, inner+strings.Repeat(step, depth)+trimmed)
		}
		return strings.Join(lines, s.newline) + s.newline
	}
	text := indented(snippet)

	closeAt := t.close(i)
	lineStart := s.lineStart(closeAt)
	if strings.TrimSpace(string(s.body[lineStart:closeAt])) == "" && lineStart > t.open(i)+1 {
		// The closing brace is on its own line: insert the lines before it,
		// after a blank line so that terraform fmt does not realign the
		// attributes above.
		if len(segs) == 1 {
			if e, ok := alignedGroup(t, i, lineStart, inner, text); ok {
				return []rules.TextEdit{e}, nil
			}
		}
		if !s.blankBefore(lineStart, s.lineStart(t.open(i))) {
			text = s.newline + text
		}
		return []rules.TextEdit{s.edit(lineStart, lineStart, text)}, nil
	}
	open := t.open(i) + 1
	if inside := strings.TrimSpace(string(s.body[open:closeAt])); inside != "" && !strings.Contains(inside, "\n") {
		// A block on one line with its one attribute ({ name = "t" }),
		// which HCL requires to be closed on that line: the attribute
		// goes on a line of its own, and the new lines after it, aligned
		// as terraform fmt would.
		body := strings.TrimSuffix(string(hclwrite.Format([]byte(inside+"\n"+snippet+"\n"))), "\n")
		return []rules.TextEdit{s.edit(open, closeAt, s.newline+indented(body)+outer)}, nil
	}
	// A block on one line ("{}"): open it.
	return []rules.TextEdit{s.edit(closeAt, closeAt, s.newline+text+outer)}, nil
}

// realign is group, lines of one-line attributes as terraform fmt writes
// them, with the attribute line add after them, formatted as terraform fmt
// would format them: their equals signs aligned one space after the
// longest name. ok is false where that is not all terraform fmt would do
// (a comment, which it aligns too, or text other than ASCII, whose width
// it counts in characters).
func realign(group, add string) (string, bool) {
	lines := strings.Split(strings.TrimSuffix(group+add, "\n"), "\n")
	width := 0
	for _, l := range lines {
		if strings.Contains(l, "#") || strings.Contains(l, "//") || strings.Contains(l, "/*") || strings.ContainsFunc(l, func(r rune) bool { return r >= utf8.RuneSelf }) {
			return "", false
		}
		name, _, found := strings.Cut(l, "=")
		name = strings.TrimRight(name, " ")
		if !found || name == "" || strings.ContainsAny(name, " \t") {
			return "", false
		}
		width = max(width, len(name))
	}
	var b strings.Builder
	for _, l := range lines {
		name, value, _ := strings.Cut(l, "=")
		name = strings.TrimRight(name, " ")
		b.WriteString(name)
		b.WriteString(strings.Repeat(" ", width-len(name)))
		b.WriteString(" = ")
		b.WriteString(strings.TrimLeft(value, " "))
		b.WriteByte('\n')
	}
	return b.String(), true
}

// snippets are the formatted snippets terraformSnippet made, by path and
// value: the same few are written into many resources.
var snippets = memo.Bounded[string, string]{Max: 1024}

// terraformSnippet is the text that writes the nested blocks and the
// attribute of segs, set to val, formatted as terraform fmt writes it,
// indented by two spaces per depth, without a final newline.
func terraformSnippet(segs []segment, val hclwrite.Tokens) (string, error) {
	var key strings.Builder
	for i, seg := range segs {
		if seg.keyed && i < len(segs)-1 {
			return "", fmt.Errorf("no %s block for %q is written", seg.name, seg.key)
		}
		key.WriteString(seg.name)
		key.WriteByte(0)
	}
	if _, err := val.WriteTo(&key); err != nil {
		return "", err
	}
	if s, ok := snippets.Load(key.String()); ok {
		return s, nil
	}
	f := hclwrite.NewEmptyFile()
	body := f.Body()
	for _, seg := range segs[:len(segs)-1] {
		body = body.AppendNewBlock(seg.name, nil).Body()
	}
	body.SetAttributeRaw(segs[len(segs)-1].name, val)
	snippet := strings.TrimRight(string(hclwrite.Format(f.Bytes())), "\n")
	snippets.Store(key.String(), snippet)
	return snippet, nil
}

// blockIndent returns the indentation of the line that opens block i and
// the one its content uses: that of its first attribute or block written
// on a line of its own, else two spaces more.
func blockIndent(t *blockTree, i int32) (outer, inner string) {
	s := t.s
	open := t.open(i)
	outer = s.lineIndent(open)
	first := -1
	for _, a := range t.lay.Attrs {
		if b := t.off(a.Name.Start); a.Block == i && (first < 0 || b < first) {
			first = b
		}
	}
	for _, b := range t.lay.Blocks {
		if o := t.off(b.Type.Start); b.Parent == i && (first < 0 || o < first) {
			first = o
		}
	}
	if first >= 0 && s.lineStart(first) != s.lineStart(open) {
		if in := s.lineIndent(first); len(in) > len(outer) && s.lineStart(first)+len(in) == first {
			return outer, in
		}
	}
	return outer, outer + "  "
}

// alignedGroup joins a new attribute line to the attributes written on the
// lines just above the insertion point at, when terraform fmt has aligned
// their equals signs: the group is formatted again with the new line, as
// terraform fmt would. It reports false when there is no such group.
func alignedGroup(t *blockTree, i int32, at int, inner, text string) (rules.TextEdit, bool) {
	s := t.s
	starts := map[int]bool{}
	for _, a := range t.lay.Attrs {
		src := a.Src()
		start, end := t.off(src.Start), t.off(src.End)
		if a.Block == i && s.lineStart(start) == s.lineStart(end) {
			starts[s.lineStart(start)] = s.lineStart(start)+len(inner) == start
		}
	}
	from := at
	for from > 0 {
		prev := s.lineStart(from - 1)
		if !starts[prev] || s.lineIndent(prev) != inner {
			break
		}
		from = prev
	}
	if from == at {
		return rules.TextEdit{}, false
	}
	dedent := func(text string) string {
		var out []string
		for _, l := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
			out = append(out, strings.TrimPrefix(l, inner))
		}
		return strings.Join(out, "\n")
	}
	group := dedent(string(s.body[from:at]))
	if string(hclwrite.Format([]byte(group))) != group {
		return rules.TextEdit{}, false // not as terraform fmt writes it: leave it alone
	}
	formatted, ok := realign(group, dedent(text))
	if !ok {
		formatted = string(hclwrite.Format([]byte(group + dedent(text))))
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimSuffix(formatted, "\n"), "\n") {
		lines = append(lines, inner+l)
	}
	return s.edit(from, at, strings.Join(lines, s.newline)+s.newline), true
}
