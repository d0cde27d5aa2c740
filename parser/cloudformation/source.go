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
//
// yaml.v3 and people count lines differently: yaml.v3 breaks lines at CR LF,
// CR, LF, NEL, LS and PS, editors and the text report at LF only. Node
// positions are converted to byte offsets with yaml.v3's lines, and byte
// offsets to output positions with LF lines, so that a line separator in a
// string does not shift every range after it.
type source struct {
	name string
	data []byte
	yaml lineIndex // lines as yaml.v3 counts them, for reading node positions
	text lineIndex // lines as LF separates them, for output positions
	// transcoded is set when data is not the file's bytes (UTF-16 input
	// converted to UTF-8): byte offsets are then reported as -1.
	transcoded bool
	// parts are the sources of the nodes read from other files into this
	// template (the resources files of a Serverless Framework service).
	parts map[*yaml.Node]*source
}

// adopt records that n and the nodes below it come from the file from.
func (s *source) adopt(n *yaml.Node, from *source) {
	if s.parts == nil {
		s.parts = map[*yaml.Node]*source{}
	}
	stack := []*yaml.Node{n}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n == nil || s.parts[n] != nil {
			continue
		}
		s.parts[n] = from
		stack = append(stack, n.Content...)
	}
}

// same records that node c, made from orig, is in the file orig is in.
func (s *source) same(c, orig *yaml.Node) {
	if from := s.parts[orig]; from != nil {
		s.parts[c] = from
	}
}

// lineIndex locates the lines of a text.
type lineIndex struct {
	start []int         // byte offset at which each line starts
	end   []int         // byte offset at which each line's content ends (its break)
	ascii []bool        // whether the line's content is ASCII: one byte a column
	runes map[int][]int // lineRunes of the non-ASCII lines used so far
}

func (x *lineIndex) add(start int) {
	x.start = append(x.start, start)
	x.ascii = append(x.ascii, true)
}

// yamlBreak returns the length of the yaml.v3 line break at data[i:], or 0.
func yamlBreak(data []byte, i int) int {
	switch c := data[i]; {
	case c == '\r' && i+1 < len(data) && data[i+1] == '\n':
		return 2
	case c == '\r' || c == '\n':
		return 1
	case c == 0xC2 && i+1 < len(data) && data[i+1] == 0x85: // NEL
		return 2
	case c == 0xE2 && i+2 < len(data) && data[i+1] == 0x80 && (data[i+2] == 0xA8 || data[i+2] == 0xA9): // LS, PS
		return 3
	}
	return 0
}

// newSource indexes the lines of data, UTF-16 input converted to UTF-8.
func newSource(name string, data []byte) *source {
	text, transcoded := decodeUTF16(data)
	return indexSource(name, text, transcoded)
}

// indexSource indexes the lines of UTF-8 data; transcoded says that data is
// not the file's bytes.
func indexSource(name string, data []byte, transcoded bool) *source {
	s := &source{name: name, data: data, transcoded: transcoded}
	first := 0
	if bytes.HasPrefix(data, []byte("\uFEFF")) {
		first = 3 // yaml.v3 does not count the byte order mark as a column
	}
	s.yaml.add(first)
	s.text.add(first)
	for i := first; i < len(data); i++ {
		c := data[i]
		if c == '\n' {
			s.text.end = append(s.text.end, i)
			s.text.add(i + 1)
		} else if c >= 0x80 {
			s.text.ascii[len(s.text.ascii)-1] = false
		}
		if w := yamlBreak(data, i); w > 0 {
			s.yaml.end = append(s.yaml.end, i)
			s.yaml.add(i + w)
			if c == '\n' || w == 1 {
				continue
			}
			if c == '\r' {
				i++ // the LF of CR LF breaks a text line too
				s.text.end = append(s.text.end, i)
				s.text.add(i + 1)
				continue
			}
			s.text.ascii[len(s.text.ascii)-1] = false
			i += w - 1
			continue
		}
		if c >= 0x80 {
			s.yaml.ascii[len(s.yaml.ascii)-1] = false
		}
	}
	s.yaml.end = append(s.yaml.end, len(data))
	s.text.end = append(s.text.end, len(data))
	return s
}

// lineRunes returns the byte offset of each character of line i (0-based)
// of a line that is not ASCII, and of its end.
func (x *lineIndex) lineRunes(data []byte, i int) []int {
	if r, ok := x.runes[i]; ok {
		return r
	}
	var offs []int
	for off := x.start[i]; off < x.end[i]; {
		offs = append(offs, off)
		_, w := utf8.DecodeRune(data[off:x.end[i]])
		off += w
	}
	offs = append(offs, x.end[i])
	if x.runes == nil {
		x.runes = map[int][]int{}
	}
	x.runes[i] = offs
	return offs
}

// offset returns the byte offset of a 1-based line and character column as
// yaml.v3 counts them, or -1 when the position is outside the data. The
// column may be one past the line's last character.
func (s *source) offset(line, col int) int {
	x := &s.yaml
	if line < 1 || line > len(x.start) || col < 1 {
		return -1
	}
	i := line - 1
	if x.ascii[i] {
		if off := x.start[i] + col - 1; off <= x.end[i] {
			return off
		}
		return -1
	}
	if offs := x.lineRunes(s.data, i); col <= len(offs) {
		return offs[col-1]
	}
	return -1
}

// yamlLine returns the 1-based yaml.v3 line of a byte offset.
func (s *source) yamlLine(off int) int {
	return max(sort.SearchInts(s.yaml.start, off+1), 1)
}

// pos returns the output position of a byte offset.
func (s *source) pos(off int) model.Pos {
	x := &s.text
	line := sort.SearchInts(x.start, off+1)
	if line == 0 {
		return model.Pos{Line: 1, Column: 1, Byte: off}
	}
	i := line - 1
	start := x.start[i]
	switch {
	case off <= start:
		return model.Pos{Line: line, Column: 1, Byte: off}
	case off > x.end[i]: // inside the line break: the end of the line
		off = x.end[i]
	}
	col := off - start + 1
	if !x.ascii[i] {
		offs := x.lineRunes(s.data, i)
		col = sort.SearchInts(offs, off) + 1
	}
	return model.Pos{Line: line, Column: col, Byte: off}
}

// finish drops the byte offsets of a range of transcoded data.
func (s *source) finish(r model.Range) model.Range {
	if s.transcoded {
		r.Start.Byte, r.End.Byte = -1, -1
	}
	return r
}

// lineRange is the whole of a 1-based line as yaml.v3 counts them, for
// diagnostics that only know the line.
func (s *source) lineRange(line int) model.Range {
	off := s.offset(line, 1)
	if off < 0 {
		p := model.Pos{Line: line, Column: 1, Byte: -1}
		return model.Range{Filename: s.name, Start: p, End: p}
	}
	return s.finish(model.Range{Filename: s.name, Start: s.pos(off), End: s.pos(s.yaml.end[line-1])})
}

// rng is the range of a node: from its first character (its tag, when it has
// one) to the end of its text.
func (s *source) rng(n *yaml.Node) model.Range {
	if n == nil {
		return model.Range{Filename: s.name}
	}
	if from := s.parts[n]; from != nil {
		return from.rng(n)
	}
	off := s.offset(n.Line, n.Column)
	if off < 0 {
		start := model.Pos{Line: n.Line, Column: n.Column, Byte: -1}
		return model.Range{Filename: s.name, Start: start, End: start}
	}
	end := max(s.end(n, off), off)
	return s.finish(model.Range{Filename: s.name, Start: s.pos(off), End: s.pos(end)})
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
	return s.plainEnd(n.Value, p)
}

// blockEnd approximates the end of a literal or folded block scalar whose
// header starts at off: the end of its last line of content.
func (s *source) blockEnd(n *yaml.Node, off int) int {
	header := s.yamlLine(off)
	last := min(header+strings.Count(strings.TrimRight(n.Value, "\n"), "\n")+1, len(s.yaml.start))
	return s.lineEnd(s.yaml.start[last-1])
}

// lineEnd returns the offset of the end of the line containing off, blanks
// at its end excluded.
func (s *source) lineEnd(off int) int {
	end := max(s.yaml.end[s.yamlLine(off)-1], off)
	for end > off && (s.data[end-1] == ' ' || s.data[end-1] == '\t') {
		end--
	}
	return end
}

// plainEnd returns the end of a plain scalar whose text starts at off and
// whose value is value: a plain scalar may be folded over several lines,
// each line break read as one space (or, after blank lines, as line
// breaks), so the value is matched line by line. It falls back to the end
// of the first line.
func (s *source) plainEnd(value string, off int) int {
	first, rest := off, value
	for line := s.yamlLine(off); line <= len(s.yaml.start); line++ {
		// seg is compared in place, not copied: the line of a minified
		// template is the whole file.
		seg := s.data[off:s.lineEnd(off)]
		if len(seg) >= len(rest) && string(seg[:len(rest)]) == rest {
			return off + len(rest)
		}
		if len(rest) < len(seg) || rest[:len(seg)] != string(seg) || line == len(s.yaml.start) {
			break
		}
		rest = strings.TrimLeft(rest[len(seg):], " \n")
		off = s.yaml.start[line]
		for off < s.yaml.end[line] && (s.data[off] == ' ' || s.data[off] == '\t') {
			off++
		}
	}
	return s.lineEnd(first)
}
