package fix

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/dynamoguard/dynamoguard/rules"
)

// template is a CloudFormation template being edited: its source and node
// tree, and whether it is JSON.
type template struct {
	*source
	json bool
	// step is the template's indentation step: how much deeper the
	// resources are than the Resources key.
	step string
}

// templateEdits makes the edits that set the change's attribute in the
// Properties of the resource of a CloudFormation template: a written
// scalar is replaced in place, in its quoting; a missing key is added to
// the innermost mapping that exists, at its indentation: after its last
// entry (a JSON or flow mapping, or a block mapping whose last value is a
// scalar), else before its first key. The template is never re-serialised, so comments, anchors
// and key order stay as they are.
func templateEdits(s *source, isJSON bool, c *rules.Change) ([]rules.TextEdit, error) {
	t := &template{source: s, json: isJSON}
	segs, err := splitPath(c.At.Path)
	if err != nil {
		return nil, err
	}
	doc, err := s.yaml()
	if err != nil {
		return nil, err
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, fmt.Errorf("%s is empty", s.name)
	}
	resources := mappingValue(doc.Content[0], "Resources")
	t.step = "  "
	if k := mappingKey(doc.Content[0], "Resources"); k != nil && resources != nil && resources.Kind == yaml.MappingNode && len(resources.Content) > 0 {
		if d := resources.Content[0].Column - k.Column; d > 0 && resources.Content[0].Line > k.Line {
			t.step = strings.Repeat(" ", d)
		}
	}
	res := mappingValue(resources, c.Resource.Address)
	if res == nil || res.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("resource %s is not written in the Resources of %s (a transform, Fn::ForEach or another tool generates it)", c.Resource.Address, s.name)
	}
	segs = append([]segment{{name: "Properties"}}, segs...)
	cur, parentCol := res, 0
	for i, seg := range segs {
		val := mappingValue(cur, seg.name)
		if val == nil {
			return t.insert(cur, parentCol, segs[i:], c.Value)
		}
		if i == len(segs)-1 {
			return t.replace(val, c.Value)
		}
		key := mappingKey(cur, seg.name)
		parentCol = key.Column
		if seg.keyed {
			parentCol = 0 // the item's keys are under a dash
			val, err = itemByRegion(val, seg)
			if err != nil {
				return nil, err
			}
		}
		if val.Kind != yaml.MappingNode || val.Tag != "!!map" || val.Anchor != "" {
			return nil, fmt.Errorf("%s is not a literal mapping (%s); change it by hand", seg.name, shortTag(val))
		}
		cur = val
	}
	return nil, errors.New("empty attribute path")
}

func shortTag(n *yaml.Node) string {
	switch {
	case n.Kind == yaml.AliasNode:
		return "an alias of &" + n.Value + ", shared with other resources"
	case n.Anchor != "":
		return "the anchor &" + n.Anchor + ", shared with other resources"
	}
	if strings.HasPrefix(n.Tag, "!!") {
		return "a " + strings.TrimPrefix(n.Tag, "!!")
	}
	return "tag " + n.Tag
}

// mappingValue returns the value of key in mapping m, or nil.
func mappingValue(m *yaml.Node, key string) *yaml.Node {
	if k := mappingKey(m, key); k != nil {
		for i := 0; i+1 < len(m.Content); i += 2 {
			if m.Content[i] == k {
				return m.Content[i+1]
			}
		}
	}
	return nil
}

// mappingKey returns the key node named key of mapping m, or nil.
func mappingKey(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i]
		}
	}
	return nil
}

// itemByRegion returns the item of sequence seq whose Region is the key of
// seg.
func itemByRegion(seq *yaml.Node, seg segment) (*yaml.Node, error) {
	if seq.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("%s is not a literal list; change it by hand", seg.name)
	}
	var found *yaml.Node
	for _, item := range seq.Content {
		r := mappingValue(item, "Region")
		if r != nil && r.Kind == yaml.ScalarNode && r.Tag == "!!str" && r.Value == seg.key {
			if found != nil {
				return nil, fmt.Errorf("two items of %s are in region %s", seg.name, seg.key)
			}
			found = item
		}
	}
	if found == nil {
		return nil, fmt.Errorf("no item of %s has Region %s written literally", seg.name, seg.key)
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
func (t *template) replace(n *yaml.Node, value any) ([]rules.TextEdit, error) {
	if n.Kind != yaml.ScalarNode || (n.Tag != "!!bool" && n.Tag != "!!str" && n.Tag != "!!null") || n.Anchor != "" {
		if n.Kind == yaml.AliasNode || n.Anchor != "" {
			return nil, fmt.Errorf("the value is %s; change it by hand", shortTag(n))
		}
		return nil, fmt.Errorf("the value is not a literal (%s); change it where it is computed", shortTag(n))
	}
	start := t.offset(n.Line, n.Column)
	if start < 0 {
		return nil, errors.New("cannot locate the value in the file")
	}
	end, quote := t.scalarEnd(start)
	text, err := t.scalarText(value, quote)
	if err != nil {
		return nil, err
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
func (t *template) insert(m *yaml.Node, parentCol int, segs []segment, value any) ([]rules.TextEdit, error) {
	for _, seg := range segs[:len(segs)-1] {
		if seg.keyed {
			return nil, fmt.Errorf("no %s item for %s is written", seg.name, seg.key)
		}
	}
	val, err := t.scalarText(value, 0)
	if err != nil {
		return nil, err
	}
	if m.Kind != yaml.MappingNode {
		return nil, errors.New("the mapping to add to is not literal; change it by hand")
	}
	at := t.offset(m.Line, m.Column)
	if len(m.Content) == 0 {
		if at < 0 || at >= len(t.body) || t.body[at] != '{' {
			return nil, errors.New("cannot locate the empty mapping in the file")
		}
		return []rules.TextEdit{t.edit(at+1, at+1, t.inline(segs, val))}, nil
	}
	first := m.Content[0]
	firstAt := t.offset(first.Line, first.Column)
	if at < 0 || firstAt < 0 {
		return nil, errors.New("cannot locate the mapping in the file")
	}
	flow := m.Style&yaml.FlowStyle != 0 || t.json
	closing := -1
	if flow {
		closing = t.closingBrace(at)
	}
	if flow && first.Line == m.Line {
		// One line: {A: b} becomes {A: b, New: v}.
		if closing > 0 {
			last := closing
			for last > at && strings.ContainsRune(" \t", rune(t.body[last-1])) {
				last--
			}
			return []rules.TextEdit{t.edit(last, last, ", "+t.inline(segs, val))}, nil
		}
		return []rules.TextEdit{t.edit(firstAt, firstAt, t.inline(segs, val)+", ")}, nil
	}
	indent := strings.Repeat(" ", first.Column-1)
	if strings.Contains(t.lineIndent(firstAt), "\t") {
		return nil, errors.New("the mapping is indented with tabs; change it by hand")
	}
	step := t.step
	if parentCol > 0 && first.Column > parentCol {
		step = strings.Repeat(" ", first.Column-parentCol)
	}
	var text string
	if t.json {
		if closing > 0 {
			// After the last entry: the value before the closing brace.
			last := closing
			for last > at && strings.ContainsRune(" \t\r\n", rune(t.body[last-1])) {
				last--
			}
			return []rules.TextEdit{t.edit(last, last, ","+t.newline+indent+t.jsonBlock(segs, val, indent, step))}, nil
		}
		text = t.jsonBlock(segs, val, indent, step) + "," + t.newline + indent
	} else {
		var lines []string
		for i, seg := range segs {
			l := strings.Repeat(step, i) + seg.name + ":"
			if i == len(segs)-1 {
				l += " " + val
			}
			lines = append(lines, l)
		}
		if at, ok := t.afterLast(m); ok {
			// After the last key, when its value ends its line.
			text = indent + strings.Join(lines, t.newline+indent) + t.newline
			if at == len(t.body) && !strings.HasSuffix(string(t.body), "\n") {
				text = t.newline + text
			}
			return []rules.TextEdit{t.edit(at, at, text)}, nil
		}
		text = strings.Join(lines, t.newline+indent) + t.newline + indent
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

// afterLast returns the offset of the line after the last entry of block
// mapping m, when that entry is a key with a scalar on its own line.
func (t *template) afterLast(m *yaml.Node) (int, bool) {
	n := len(m.Content)
	key, val := m.Content[n-2], m.Content[n-1]
	if val.Kind != yaml.ScalarNode || val.Line != key.Line || val.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return 0, false
	}
	off := t.offset(val.Line, val.Column)
	if off < 0 {
		return 0, false
	}
	end, _ := t.scalarEnd(off)
	if i := strings.IndexByte(string(t.body[end:]), '\n'); i >= 0 {
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
