package fix

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/dynamoguard/dynamoguard/model"
	"github.com/dynamoguard/dynamoguard/rules"
)

// template is a CloudFormation template being edited: its source, the
// layout of the nodes an edit reads, whether it is JSON, and its
// indentation step.
type template struct {
	*source
	json bool
	// lay is the layout of the resource, or of the whole template when
	// it was parsed; layShift is what to take off its offsets to have
	// offsets of the body of the source.
	lay      *model.TemplateLayout
	layShift int
	// step is the template's indentation step: how much deeper the
	// resources are than the Resources key.
	step string
	// graft is where the edit made puts the text it writes, when after
	// can lay that text out alone.
	graft graft
}

// templateAt is the layout of a template resource an edit reads, what to
// take off its offsets to have offsets of the body of the source, and the
// template's indentation step when the change before it found it; nil and
// -1 when the template is parsed.
type templateAt struct {
	lay   *model.TemplateLayout
	shift int
	step  string
}

// graft says where an edit of a template puts the text it writes: in
// place of scalar node, or as entries of mapping node, after its last
// entry or before its first. wrap, for an edit in a flow collection, is
// the bracket that opens the collection the text is read in ("{" for
// entries, "[" for a scalar), after the comma the text starts with when
// comma is set.
type graft struct {
	node  int32
	how   graftKind
	wrap  string
	comma bool
}

type graftKind uint8

const (
	graftNone graftKind = iota
	graftReplace
	graftAppend
	graftPrepend
)

// templateEdits makes the edits that set the change's attribute in the
// Properties of the resource of a CloudFormation template: a written
// scalar is replaced in place, in its quoting; a missing key is added to
// the innermost mapping that exists, at its indentation: after its last
// entry (a JSON or flow mapping, or a block mapping whose last value is a
// scalar), else before its first key. The template is never
// re-serialised, so comments, anchors and key order stay as they are. The
// resource is read on the layout of at when there is one, else s is
// parsed; t is the template the edits were made on.
func templateEdits(s *source, isJSON bool, c *rules.Change, at templateAt) (edits []rules.TextEdit, t *template, err error) {
	t = &template{source: s, json: isJSON, lay: at.lay, layShift: at.shift, step: "  "}
	edits, err = t.edits(c, at.step)
	return edits, t, err
}

// edits are the edits of templateEdits on t.
func (t *template) edits(c *rules.Change, step string) ([]rules.TextEdit, error) {
	segs, err := splitPath(c.At.Path)
	if err != nil {
		return nil, err
	}
	for _, seg := range segs {
		if !propertyName(seg.name) {
			return nil, fmt.Errorf("%q of %s is not a CloudFormation property name", seg.name, c.At.Path)
		}
	}
	res, err := t.resource(c.Resource.Address, step)
	if err != nil {
		return nil, err
	}
	segs = append([]segment{{name: "Properties"}}, segs...)
	cur, parentCol := res, 0
	for i, seg := range segs {
		val := t.mappingValue(cur, seg.name)
		if val < 0 {
			return t.insert(cur, parentCol, segs[i:], c.Value)
		}
		if i == len(segs)-1 {
			return t.replace(val, c.Value)
		}
		parentCol = t.column(t.mappingKey(cur, seg.name))
		if seg.keyed {
			parentCol = 0 // the item's keys are under a dash
			val, err = t.itemByRegion(val, seg)
			if err != nil {
				return nil, err
			}
		}
		if t.kind(val) != yaml.MappingNode || t.tag(val) != "!!map" || t.anchor(val) != "" {
			return nil, fmt.Errorf("%s is not a literal mapping (%s); change it by hand", seg.name, t.shortTag(val))
		}
		cur = val
	}
	return nil, errors.New("empty attribute path")
}

// propertyName reports whether name is a CloudFormation property name:
// letters and digits, which YAML and JSON write as they are.
func propertyName(name string) bool {
	for i := 0; i < len(name); i++ {
		switch c := name[i]; {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		default:
			return false
		}
	}
	return name != ""
}

// resource is the node of the value of the resource called address: in the
// layout given, whose first node is its key, when it fits the source, with
// step, or, when that is "", the depth of the key in its unit as the
// indentation step; else in the template parsed, whose Resources then give
// the step.
func (t *template) resource(address, step string) (int32, error) {
	if t.lay != nil && t.layShift >= 0 && t.fits() {
		if n := t.lay.Nodes; n[0].Kind == uint8(yaml.ScalarNode) && t.value(0) == address && n[1].Kind == uint8(yaml.MappingNode) {
			switch {
			case step != "":
				t.step = step
			case t.json:
				// JSON is not laid out in units of its own: the step is
				// that of the whole template.
				if t.lay.Step > 0 {
					t.step = strings.Repeat(" ", int(t.lay.Step))
				}
			case t.column(0) > 1:
				t.step = strings.Repeat(" ", t.column(0)-1)
			}
			return 1, nil
		}
	}
	lay, err := t.yamlLayout()
	if err != nil {
		return -1, err
	}
	t.lay, t.layShift = lay, 0
	resources := t.mappingValue(0, "Resources")
	if k := t.mappingKey(0, "Resources"); k >= 0 && t.kind(resources) == yaml.MappingNode && t.lay.Nodes[resources].Next > resources+1 {
		first := resources + 1
		if d := t.column(first) - t.column(k); d > 0 && t.lineStart(t.at(first)) > t.lineStart(t.at(k)) {
			t.step = strings.Repeat(" ", d)
		}
	}
	key := t.mappingKey(resources, address)
	res := int32(-1)
	if key >= 0 {
		res = t.lay.Nodes[key].Next
	}
	if res < 0 || t.kind(res) != yaml.MappingNode {
		return -1, fmt.Errorf("resource %s is not written in the Resources of %s (a transform, Fn::ForEach or another tool generates it)", address, t.name)
	}
	// The resource alone, its key first, as the loader lays it out.
	nodes := slices.Clone(t.lay.Nodes[key:t.lay.Nodes[res].Next])
	for i := range nodes {
		nodes[i].Next -= key
	}
	t.lay = &model.TemplateLayout{Nodes: nodes, Marks: t.lay.Marks, Names: t.lay.Names}
	return 1, nil
}

// fits reports whether the layout is of a resource, a key and its value,
// whose nodes and values are all in the body of the source.
func (t *template) fits() bool {
	n := t.lay.Nodes
	if len(n) < 2 || int(n[0].At) < t.layShift {
		return false
	}
	for i := range n {
		if int(n[i].At)-t.layShift >= len(t.body) || !n[i].InNames && int(n[i].Value.End)-t.layShift > len(t.body) ||
			n[i].Next <= int32(i) || int(n[i].Next) > len(n) {
			return false
		}
	}
	return true
}

// at is the offset in the body of node i.
func (t *template) at(i int32) int { return int(t.lay.Nodes[i].At) - t.layShift }

// column is the 1-based column, in characters, of node i.
func (t *template) column(i int32) int { return t.pos(t.at(i)).Column }

func (t *template) kind(i int32) yaml.Kind {
	if i < 0 {
		return 0
	}
	return yaml.Kind(t.lay.Nodes[i].Kind)
}

func (t *template) style(i int32) yaml.Style { return yaml.Style(t.lay.Nodes[i].Style) }

// textOf is the text of span sp of the names of the layout, or of the
// file.
func (t *template) textOf(sp model.Span, inNames bool) string {
	switch {
	case sp.Start == sp.End:
		return ""
	case inNames:
		return string(t.lay.Names[sp.Start:sp.End])
	}
	return string(t.body[int(sp.Start)-t.layShift : int(sp.End)-t.layShift])
}

// value is the value of scalar or alias i.
func (t *template) value(i int32) string {
	n := &t.lay.Nodes[i]
	return t.textOf(n.Value, n.InNames)
}

// tag and anchor are the tag and the anchor of node i, as yaml.v3 gives
// them.
func (t *template) tag(i int32) string {
	n := &t.lay.Nodes[i]
	if n.Core != model.TagOther {
		return n.Core.String()
	}
	return t.textOf(t.lay.Marks[n.Mark-1].Tag, true)
}

func (t *template) anchor(i int32) string {
	if m := t.lay.Nodes[i].Mark; m > 0 {
		return t.textOf(t.lay.Marks[m-1].Anchor, true)
	}
	return ""
}

// children are the nodes of the content of node i: a mapping's keys and
// values, in turn.
func (t *template) children(i int32) []int32 {
	var out []int32
	for j := i + 1; j < t.lay.Nodes[i].Next; j = t.lay.Nodes[j].Next {
		out = append(out, j)
	}
	return out
}

func (t *template) shortTag(i int32) string {
	switch {
	case t.kind(i) == yaml.AliasNode:
		return "an alias of &" + t.value(i) + ", shared with other resources"
	case t.anchor(i) != "":
		return "the anchor &" + t.anchor(i) + ", shared with other resources"
	}
	tag := t.tag(i)
	if strings.HasPrefix(tag, "!!") {
		return "a " + strings.TrimPrefix(tag, "!!")
	}
	return "tag " + tag
}

// mappingValue returns the value of key in mapping m, or -1.
func (t *template) mappingValue(m int32, key string) int32 {
	if k := t.mappingKey(m, key); k >= 0 {
		return t.lay.Nodes[k].Next
	}
	return -1
}

// mappingKey returns the key node named key of mapping m, or -1.
func (t *template) mappingKey(m int32, key string) int32 {
	if t.kind(m) != yaml.MappingNode {
		return -1
	}
	n := t.lay.Nodes
	for k := m + 1; k < n[m].Next && n[k].Next < n[m].Next; k = n[n[k].Next].Next {
		if (t.kind(k) == yaml.ScalarNode || t.kind(k) == yaml.AliasNode) && t.value(k) == key {
			return k
		}
	}
	return -1
}

// itemByRegion returns the item of sequence seq whose Region is the key of
// seg.
func (t *template) itemByRegion(seq int32, seg segment) (int32, error) {
	if t.kind(seq) != yaml.SequenceNode {
		return -1, fmt.Errorf("%s is not a literal list; change it by hand", seg.name)
	}
	found := int32(-1)
	for _, item := range t.children(seq) {
		r := t.mappingValue(item, "Region")
		if t.kind(r) == yaml.ScalarNode && t.tag(r) == "!!str" && t.value(r) == seg.key {
			if found >= 0 {
				return -1, fmt.Errorf("two items of %s are in region %s", seg.name, seg.key)
			}
			found = item
		}
	}
	if found < 0 {
		return -1, fmt.Errorf("no item of %s has Region %s written literally", seg.name, seg.key)
	}
	return found, nil
}

// scalarText is how value is written in the template; quote is the quote
// character of the scalar being replaced, or 0.
func (t *template) scalarText(value any, quote byte) (string, error) {
	switch v := value.(type) {
	case bool:
		s := strconv.FormatBool(v)
		if quote != 0 {
			s = string(quote) + s + string(quote)
		}
		return s, nil
	case rules.Ref:
		if t.json {
			return fmt.Sprintf(`{"Fn::GetAtt": [%q, %q]}`, v.Address, v.Attribute), nil
		}
		return v.String(), nil
	case string:
		switch {
		case t.json || quote == '"':
			b, err := json.Marshal(v)
			return string(b), err
		case quote == '\'':
			return "'" + strings.ReplaceAll(v, "'", "''") + "'", nil
		}
		var n yaml.Node
		n.SetString(v)
		if out, err := yaml.Marshal(&n); err == nil && strings.TrimSpace(string(out)) == v {
			return v, nil
		}
		b, err := json.Marshal(v)
		return string(b), err
	}
	return "", fmt.Errorf("cannot write a value of type %T", value)
}

// replace replaces the written scalar n with value.
func (t *template) replace(n int32, value any) ([]rules.TextEdit, error) {
	if t.kind(n) != yaml.ScalarNode || (t.tag(n) != "!!bool" && t.tag(n) != "!!str" && t.tag(n) != "!!null") || t.anchor(n) != "" {
		if t.kind(n) == yaml.AliasNode || t.anchor(n) != "" {
			return nil, fmt.Errorf("the value is %s; change it by hand", t.shortTag(n))
		}
		return nil, fmt.Errorf("the value is not a literal (%s); change it where it is computed", t.shortTag(n))
	}
	start := t.at(n)
	end, quote := t.scalarEnd(start)
	text, err := t.scalarText(value, quote)
	if err != nil {
		return nil, err
	}
	t.graft = graft{node: n, how: graftReplace}
	if t.json {
		t.graft.wrap = "["
	}
	return []rules.TextEdit{t.edit(start, end, text)}, nil
}

// scalarEnd returns the offset after the single-line scalar starting at
// off, and its quote character.
func (t *template) scalarEnd(off int) (int, byte) {
	b := t.body
	if off < len(b) && (b[off] == '"' || b[off] == '\'') {
		q := b[off]
		for i := off + 1; i < len(b); i++ {
			switch {
			case q == '"' && b[i] == '\\':
				i++
			case b[i] == q && q == '\'' && i+1 < len(b) && b[i+1] == '\'':
				i++
			case b[i] == q:
				return i + 1, q
			}
		}
		return len(b), q
	}
	i := off
	for i < len(b) && !strings.ContainsRune(" \t\r\n,}]", rune(b[i])) {
		i++
	}
	return i, 0
}

// insert writes the keys of segs, the last set to value, into mapping m
// (whose key is at column parentCol, 0 for none).
func (t *template) insert(m int32, parentCol int, segs []segment, value any) ([]rules.TextEdit, error) {
	for _, seg := range segs[:len(segs)-1] {
		if seg.keyed {
			return nil, fmt.Errorf("no %s item for %s is written", seg.name, seg.key)
		}
	}
	val, err := t.scalarText(value, 0)
	if err != nil {
		return nil, err
	}
	if t.kind(m) != yaml.MappingNode {
		return nil, errors.New("the mapping to add to is not literal; change it by hand")
	}
	at := t.at(m)
	content := t.children(m)
	if len(content) == 0 {
		if at >= len(t.body) || t.body[at] != '{' {
			return nil, errors.New("cannot locate the empty mapping in the file")
		}
		t.graft = graft{node: m, how: graftAppend, wrap: "{"}
		return []rules.TextEdit{t.edit(at+1, at+1, t.inline(segs, val))}, nil
	}
	first := content[0]
	firstAt := t.at(first)
	flow := t.style(m)&yaml.FlowStyle != 0 || t.json
	closing := -1
	if flow {
		closing = t.closingBrace(at)
	}
	if flow && t.lineStart(firstAt) == t.lineStart(at) {
		// One line: {A: b} becomes {A: b, New: v}.
		if closing > 0 {
			last := closing
			for last > at && strings.ContainsRune(" \t", rune(t.body[last-1])) {
				last--
			}
			t.graft = graft{node: m, how: graftAppend, wrap: "{", comma: true}
			return []rules.TextEdit{t.edit(last, last, ", "+t.inline(segs, val))}, nil
		}
		t.graft = graft{node: m, how: graftPrepend, wrap: "{"}
		return []rules.TextEdit{t.edit(firstAt, firstAt, t.inline(segs, val)+", ")}, nil
	}
	firstCol := t.column(first)
	indent := strings.Repeat(" ", firstCol-1)
	if strings.Contains(t.lineIndent(firstAt), "\t") {
		return nil, errors.New("the mapping is indented with tabs; change it by hand")
	}
	step := t.step
	if parentCol > 0 && firstCol > parentCol {
		step = strings.Repeat(" ", firstCol-parentCol)
	}
	var text string
	if t.json {
		if closing > 0 {
			// After the last entry: the value before the closing brace.
			last := closing
			for last > at && strings.ContainsRune(" \t\r\n", rune(t.body[last-1])) {
				last--
			}
			t.graft = graft{node: m, how: graftAppend, wrap: "{", comma: true}
			return []rules.TextEdit{t.edit(last, last, ","+t.newline+indent+t.jsonBlock(segs, val, indent, step))}, nil
		}
		text = t.jsonBlock(segs, val, indent, step) + "," + t.newline + indent
		t.graft = graft{node: m, how: graftPrepend, wrap: "{"}
	} else {
		var lines []string
		for i, seg := range segs {
			l := strings.Repeat(step, i) + seg.name + ":"
			if i == len(segs)-1 {
				l += " " + val
			}
			lines = append(lines, l)
		}
		if at, ok := t.afterLast(content); ok {
			// After the last key, when its value ends its line.
			text = indent + strings.Join(lines, t.newline+indent) + t.newline
			if at == len(t.body) && !strings.HasSuffix(string(t.body), "\n") {
				text = t.newline + text
			}
			t.graft = graft{node: m, how: graftAppend}
			return []rules.TextEdit{t.edit(at, at, text)}, nil
		}
		text = strings.Join(lines, t.newline+indent) + t.newline + indent
		t.graft = graft{node: m, how: graftPrepend}
	}
	return []rules.TextEdit{t.edit(firstAt, firstAt, text)}, nil
}

// key is a key as the template writes it.
func (t *template) key(name string) string {
	if t.json {
		return strconv.Quote(name)
	}
	return name
}

// inline renders segs as nested flow mappings on one line.
func (t *template) inline(segs []segment, val string) string {
	s := t.key(segs[0].name) + ": "
	if len(segs) == 1 {
		return s + val
	}
	return s + "{" + t.inline(segs[1:], val) + "}"
}

// jsonBlock renders segs as nested JSON objects, one key a line.
func (t *template) jsonBlock(segs []segment, val, indent, step string) string {
	s := t.key(segs[0].name) + ": "
	if len(segs) == 1 {
		return s + val
	}
	inner := indent + step
	return s + "{" + t.newline + inner + t.jsonBlock(segs[1:], val, inner, step) + t.newline + indent + "}"
}

// afterLast returns the offset of the line after the last entry of the
// block mapping whose content is content, when that entry is a key with a
// scalar on its own line.
func (t *template) afterLast(content []int32) (int, bool) {
	n := len(content)
	key, val := content[n-2], content[n-1]
	if t.kind(val) != yaml.ScalarNode || t.lineStart(t.at(val)) != t.lineStart(t.at(key)) || t.style(val)&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return 0, false
	}
	end, _ := t.scalarEnd(t.at(val))
	if i := bytes.IndexByte(t.body[end:], '\n'); i >= 0 {
		return end + i + 1, true
	}
	return len(t.body), true
}

// closingBrace returns the offset of the brace that closes the flow
// mapping opening at off, skipping quoted strings and nested brackets, or
// -1.
func (t *template) closingBrace(off int) int {
	b := t.body
	if off >= len(b) || b[off] != '{' {
		return -1
	}
	depth := 0
	for i := off; i < len(b); i++ {
		switch c := b[i]; c {
		case '"', '\'':
			end, _ := t.scalarEnd(i)
			i = end - 1
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				if c != '}' {
					return -1
				}
				return i
			}
		case '#':
			if !t.json && i > 0 && (b[i-1] == ' ' || b[i-1] == '\t') {
				return -1 // a comment inside a flow mapping: leave it alone
			}
		}
	}
	return -1
}
