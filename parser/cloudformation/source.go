package cloudformation

import (
	"bytes"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/dynamoguard/dynamoguard/model"
	"go.yaml.in/yaml/v3"
)

// source turns yaml.v3 node positions (1-based line and character column)
// into model ranges with byte offsets.
type source struct {
	name  string
	data  []byte
	lines []int // byte offset at which each line starts
}

func newSource(name string, data []byte) *source {
	lines := []int{0}
	if bytes.HasPrefix(data, []byte("\uFEFF")) {
		lines[0] = 3 // yaml.v3 does not count the byte order mark as a column
	}
	for i, c := range data {
		if c == '\n' {
			lines = append(lines, i+1)
		}
	}
	return &source{name: name, data: data, lines: lines}
}

// offset returns the byte offset of a 1-based line and character column, or
// -1 when the position is outside the data.
func (s *source) offset(line, col int) int {
	if line < 1 || line > len(s.lines) || col < 1 {
		return -1
	}
	off := s.lines[line-1]
	for i := 1; i < col; i++ {
		if off >= len(s.data) || s.data[off] == '\n' {
			return -1
		}
		_, w := utf8.DecodeRune(s.data[off:])
		off += w
	}
	if off > len(s.data) {
		return -1
	}
	return off
}

// pos returns the position of a byte offset.
func (s *source) pos(off int) model.Pos {
	line := sort.Search(len(s.lines), func(i int) bool { return s.lines[i] > off })
	if line == 0 {
		return model.Pos{Line: 1, Column: 1, Byte: off}
	}
	start := s.lines[line-1]
	if start > off {
		start = off
	}
	return model.Pos{Line: line, Column: utf8.RuneCount(s.data[start:off]) + 1, Byte: off}
}

// lineRange is the whole of a 1-based line, for diagnostics that only know
// the line.
func (s *source) lineRange(line int) model.Range {
	off := s.offset(line, 1)
	if off < 0 {
		p := model.Pos{Line: line, Column: 1, Byte: -1}
		return model.Range{Filename: s.name, Start: p, End: p}
	}
	end := off
	for end < len(s.data) && s.data[end] != '\n' && s.data[end] != '\r' {
		end++
	}
	return model.Range{Filename: s.name, Start: s.pos(off), End: s.pos(end)}
}

// rng is the range of a node: from its first character (its tag, when it has
// one) to the end of its text.
func (s *source) rng(n *yaml.Node) model.Range {
	if n == nil {
		return model.Range{Filename: s.name}
	}
	start := model.Pos{Line: n.Line, Column: n.Column, Byte: -1}
	off := s.offset(n.Line, n.Column)
	if off < 0 {
		return model.Range{Filename: s.name, Start: start, End: start}
	}
	start.Byte = off
	end := s.end(n, off)
	if end < off {
		end = off
	}
	return model.Range{Filename: s.name, Start: start, End: s.pos(end)}
}

// end returns the byte offset just after node n, which starts at off.
func (s *source) end(n *yaml.Node, off int) int {
	switch n.Kind {
	case yaml.ScalarNode:
		return s.scalarEnd(n, off)
	case yaml.AliasNode:
		return min(off+1+len(n.Value), len(s.data))
	case yaml.MappingNode, yaml.SequenceNode:
		end := s.skipProperties(off)
		if len(n.Content) > 0 {
			last := n.Content[len(n.Content)-1]
			if lo := s.offset(last.Line, last.Column); lo >= 0 {
				end = max(end, s.end(last, lo))
			}
		} else if end < len(s.data) {
			end++ // the opening bracket of an empty flow collection
		}
		if n.Style&yaml.FlowStyle != 0 {
			end = s.closeBracket(end)
		}
		return end
	}
	return off
}

// skipProperties skips a node's explicit tag and anchor.
func (s *source) skipProperties(off int) int {
	for off < len(s.data) && (s.data[off] == '!' || s.data[off] == '&') {
		for off < len(s.data) && !isSpace(s.data[off]) {
			off++
		}
		for off < len(s.data) && isSpace(s.data[off]) {
			off++
		}
	}
	return off
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// closeBracket returns the offset after the flow collection's closing
// bracket, which follows off after blanks, commas and comments.
func (s *source) closeBracket(off int) int {
	for i := off; i < len(s.data); i++ {
		switch c := s.data[i]; {
		case isSpace(c) || c == ',':
		case c == '#':
			for i < len(s.data) && s.data[i] != '\n' {
				i++
			}
		case c == '}' || c == ']':
			return i + 1
		default:
			return off
		}
	}
	return off
}

func (s *source) scalarEnd(n *yaml.Node, off int) int {
	p := s.skipProperties(off)
	if p >= len(s.data) {
		return off
	}
	switch s.data[p] {
	case '"':
		for i := p + 1; i < len(s.data); i++ {
			switch s.data[i] {
			case '\\':
				i++
			case '"':
				return i + 1
			}
		}
		return len(s.data)
	case '\'':
		for i := p + 1; i < len(s.data); i++ {
			if s.data[i] == '\'' {
				if i+1 < len(s.data) && s.data[i+1] == '\'' {
					i++
					continue
				}
				return i + 1
			}
		}
		return len(s.data)
	case '|', '>':
		return s.blockEnd(n, p)
	}
	if bytes.HasPrefix(s.data[p:], []byte(n.Value)) {
		return p + len(n.Value)
	}
	return s.lineEnd(p) // a plain scalar folded over several lines
}

// blockEnd approximates the end of a literal or folded block scalar whose
// header starts at off: the end of its last line of content.
func (s *source) blockEnd(n *yaml.Node, off int) int {
	header := s.pos(off).Line
	last := header + strings.Count(strings.TrimRight(n.Value, "\n"), "\n") + 1
	if last > len(s.lines) {
		last = len(s.lines)
	}
	return s.lineEnd(s.lines[last-1])
}

// lineEnd returns the offset of the end of the line containing off, blanks
// at its end excluded.
func (s *source) lineEnd(off int) int {
	end := off
	for end < len(s.data) && s.data[end] != '\n' && s.data[end] != '\r' {
		end++
	}
	for end > off && (s.data[end-1] == ' ' || s.data[end-1] == '\t') {
		end--
	}
	return end
}
