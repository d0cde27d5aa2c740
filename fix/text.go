package fix

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2/hclsyntax"
	"go.yaml.in/yaml/v3"

	"github.com/dynamoguard/dynamoguard/model"
	"github.com/dynamoguard/dynamoguard/rules"
)

// bom is the UTF-8 byte order mark some editors write first.
var bom = []byte{0xEF, 0xBB, 0xBF}

// source is a file's bytes with what an edit must honour: the byte order
// mark (kept out of body, whose offsets are shifted past it) and the line
// ending.
type source struct {
	name string
	// data is the whole file; body is data without the byte order mark.
	data, body []byte
	shift      int
	newline    string
	lines      []int
	// the syntax tree of body, parsed on first use (see hcl and yaml)
	hclBody *hclsyntax.Body
	hclErr  error
	yamlDoc *yaml.Node
	yamlErr error
	// the layout of yamlDoc's top-level node, made on first use (see
	// yamlLayout)
	yamlLay    *model.TemplateLayout
	yamlLayErr error
}

func newSource(name string, data []byte) *source {
	s := &source{name: name, data: data, body: data, newline: "\n"}
	if bytes.HasPrefix(data, bom) {
		s.body, s.shift = data[len(bom):], len(bom)
	}
	if bytes.Contains(s.body, []byte("\r\n")) {
		s.newline = "\r\n"
	}
	s.lines = make([]int, 1, bytes.Count(s.body, []byte("\n"))+1)
	for off := 0; ; {
		i := bytes.IndexByte(s.body[off:], '\n')
		if i < 0 {
			break
		}
		off += i + 1
		s.lines = append(s.lines, off)
	}
	return s
}

// offset converts a 1-based line and a 1-based column counted in
// characters into a byte offset of body, or -1.
func (s *source) offset(line, col int) int {
	if line < 1 || line > len(s.lines) || col < 1 {
		return -1
	}
	off := s.lines[line-1]
	for i := 1; i < col; i++ {
		if off >= len(s.body) || s.body[off] == '\n' {
			return -1
		}
		_, n := utf8.DecodeRune(s.body[off:])
		off += n
	}
	return off
}

// pos converts a byte offset of body into a model position of the file.
func (s *source) pos(off int) model.Pos {
	line := sort.Search(len(s.lines), func(i int) bool { return s.lines[i] > off })
	col := utf8.RuneCount(s.body[s.lines[line-1]:off]) + 1
	return model.Pos{Line: line, Column: col, Byte: off + s.shift}
}

// edit is a replacement of body[start:end] with text, as a TextEdit of the
// file.
func (s *source) edit(start, end int, text string) rules.TextEdit {
	return rules.TextEdit{
		Range: model.Range{Filename: s.name, Start: s.pos(start), End: s.pos(end)},
		Old:   string(s.body[start:end]),
		New:   text,
	}
}

// lineIndent is the leading white space of the line holding offset off.
func (s *source) lineIndent(off int) string {
	line := sort.Search(len(s.lines), func(i int) bool { return s.lines[i] > off })
	start := s.lines[line-1]
	end := start
	for end < len(s.body) && (s.body[end] == ' ' || s.body[end] == '\t') {
		end++
	}
	return string(s.body[start:end])
}

// lineStart is the offset of the start of the line holding off.
func (s *source) lineStart(off int) int {
	line := sort.Search(len(s.lines), func(i int) bool { return s.lines[i] > off })
	return s.lines[line-1]
}

// blankBefore reports whether the line before the one starting at off is
// empty or is the line starting at open.
func (s *source) blankBefore(off, open int) bool {
	if off == 0 {
		return true
	}
	prev := s.lineStart(off - 1)
	return prev == open || strings.TrimSpace(string(s.body[prev:off])) == ""
}

// ApplyEdits applies the edits of one file to its content: each edit's
// range must still hold its Old text (else the file changed since the edit
// was made), and no two edits may overlap. Two insertions at one offset are
// applied in the order given. content is not modified.
func ApplyEdits(content []byte, edits []rules.TextEdit) ([]byte, error) {
	sorted := append([]rules.TextEdit(nil), edits...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Range.Start.Byte < sorted[j].Range.Start.Byte })
	var out bytes.Buffer
	last := 0
	for i, e := range sorted {
		start, end := e.Range.Start.Byte, e.Range.End.Byte
		if start < 0 || end < start || end > len(content) {
			return nil, fmt.Errorf("%s: edit at %d-%d is outside the file (%d bytes)", e.Range, start, end, len(content))
		}
		if start < last {
			return nil, fmt.Errorf("%s: edit overlaps the edit at %s", e.Range, sorted[i-1].Range)
		}
		if string(content[start:end]) != e.Old {
			return nil, fmt.Errorf("%s: the file changed since the scan (expected %q, found %q)", e.Range, e.Old, content[start:end])
		}
		out.Write(content[last:start])
		out.WriteString(e.New)
		last = end
	}
	out.Write(content[last:])
	return out.Bytes(), nil
}
