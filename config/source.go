package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/dynamoguard/dynamoguard/internal/yamltree"
	"github.com/dynamoguard/dynamoguard/model"
)

// source is the text of a configuration file and what is needed to turn
// yaml.Node positions into model ranges.
type source struct {
	name  string
	data  []byte
	lines [][]byte // data split at '\n', without the newline
}

func newSource(name string, data []byte) *source {
	return &source{name: name, data: data, lines: bytes.Split(data, []byte("\n"))}
}

// parse reads the one YAML document of the file. It returns nil, without
// diagnostics, for an empty document (nothing, only comments, or null).
func (s *source) parse() (*yaml.Node, model.Diagnostics) {
	dec := yaml.NewDecoder(bytes.NewReader(s.data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		return nil, model.Diagnostics{s.syntaxError(err)}
	}
	var diags model.Diagnostics
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == nil:
		if !emptyDocument(&next) {
			diags = append(diags, s.errorAt(&next, "more than one YAML document",
				"A configuration file holds one YAML document; remove the --- separator and merge the two, or move the second to a file of its own."))
		}
	case !errors.Is(err, io.EOF):
		diags = append(diags, s.syntaxError(err))
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if root.Kind == yaml.ScalarNode && root.ShortTag() == "!!null" {
		return nil, diags
	}
	return root, diags
}

// emptyDocument reports whether a document holds nothing but null, as a
// trailing "---" does.
func emptyDocument(doc *yaml.Node) bool {
	return len(doc.Content) == 1 && doc.Content[0].Kind == yaml.ScalarNode &&
		doc.Content[0].ShortTag() == "!!null" && doc.Content[0].Value == ""
}

// yamlLine matches the position yaml.v3 puts into most syntax errors.
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// unknownAnchor matches yaml.v3's error for an alias without an anchor.
var unknownAnchor = regexp.MustCompile(`^unknown anchor '(.*)' referenced$`)

// syntaxError turns a yaml.v3 parse error into a diagnostic. yaml.v3 never
// gives a column, and the line it gives is that of the enclosing collection
// for some errors (counted from 0) and is left out when it is the first, so
// the line is found again: it is the first line at which the file, cut
// after that line, fails with the same error. The subject is that whole
// line. The errors that carry no position at all (control characters,
// invalid UTF-8, an alias without anchor) are located exactly.
func (s *source) syntaxError(err error) model.Diagnostic {
	msg := yamlMessage(err)
	line, col := 1, 1
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
	}
	if l := s.problemLine(msg); l > 0 {
		line = l
	}
	detail := "The file is not valid YAML, so none of its settings apply; fix the syntax on this line."
	switch {
	case unknownAnchor.MatchString(msg):
		anchor := unknownAnchor.FindStringSubmatch(msg)[1]
		if off := s.findAlias(anchor); off >= 0 {
			line, col = s.lineCol(off)
		}
		detail = fmt.Sprintf("In YAML a value that starts with * refers to an anchor (&name), and there is no anchor &%s. A glob that starts with * must be quoted: \"*%s\".", anchor, anchor)
	case strings.Contains(msg, "expected alphabetic or numeric character"):
		detail = "In YAML * starts an alias (*name) and & an anchor (&name), and a name must follow; quote a value that starts with * or &, such as \"*\"."
	case strings.Contains(msg, "control characters"):
		if off := bytes.IndexFunc(s.data, isControl); off >= 0 {
			line, col = s.lineCol(off)
		}
		detail = "YAML text may not contain control characters (other than tab and newline); remove this one."
	case strings.Contains(msg, "UTF-8"):
		if off := invalidUTF8(s.data); off >= 0 {
			line, col = s.lineCol(off)
		}
		detail = "The file must be UTF-8 text; re-save it as UTF-8."
	}
	start := model.Pos{Line: line, Column: col, Byte: -1}
	end := start
	if col == 1 && line-1 < len(s.lines) {
		end.Column = utf8.RuneCount(bytes.TrimRight(s.lines[line-1], "\r")) + 1
	}
	return model.Diagnostic{
		Severity: model.DiagError,
		Summary:  "invalid YAML: " + msg,
		Detail:   detail,
		Subject:  model.Range{Filename: s.name, Start: start, End: end},
	}
}

// yamlMessage is the text of a yaml.v3 error without its "yaml: line N: ".
func yamlMessage(err error) string {
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		return m[2]
	}
	return strings.TrimPrefix(err.Error(), "yaml: ")
}

// problemLine returns the first line L such that the lines up to L fail to
// parse with msg, or 0. It bisects, taking "fails with msg" to hold from
// some line on: parsing goes from the start, and a cut file fails where
// the whole one does, or earlier with another message (end of stream).
func (s *source) problemLine(msg string) int {
	lo, hi := 1, len(s.lines)
	if !s.failsWith(hi, msg) {
		return 0
	}
	for lo < hi {
		mid := (lo + hi) / 2
		if s.failsWith(mid, msg) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

// failsWith reports whether the first n lines of the file fail to parse
// with msg.
func (s *source) failsWith(n int, msg string) bool {
	end := 0
	for _, l := range s.lines[:n] {
		end += len(l) + 1
	}
	err := parseAll(s.data[:min(end, len(s.data))])
	return err != nil && yamlMessage(err) == msg
}

// parseAll parses every document of data and returns the first error.
func parseAll(data []byte) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var n yaml.Node
		if err := dec.Decode(&n); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
	}
}

func isControl(r rune) bool {
	return (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0x7f
}

func invalidUTF8(b []byte) int {
	for off := 0; off < len(b); {
		r, size := utf8.DecodeRune(b[off:])
		if r == utf8.RuneError && size <= 1 {
			return off
		}
		off += size
	}
	return -1
}

// findAlias returns the byte offset of the first "*anchor" alias in the
// source, or -1.
func (s *source) findAlias(anchor string) int {
	needle := []byte("*" + anchor)
	for from := 0; ; {
		i := bytes.Index(s.data[from:], needle)
		if i < 0 {
			return -1
		}
		off := from + i
		after := off + len(needle)
		if after == len(s.data) || !isAnchorChar(s.data[after]) {
			return off
		}
		from = off + 1
	}
}

func isAnchorChar(c byte) bool {
	return c > ' ' && !strings.ContainsRune(",[]{}", rune(c))
}

// lineCol returns the 1-based line and column (in characters) of a byte
// offset.
func (s *source) lineCol(off int) (line, col int) {
	before := s.data[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	lineStart := bytes.LastIndexByte(before, '\n') + 1
	return line, utf8.RuneCount(before[lineStart:]) + 1
}

// maxAliasNodes is how many nodes, beyond those written in the file, the
// expansion of its aliases may add. A configuration file that needs more is
// an alias bomb ("billion laughs"), not a configuration.
const maxAliasNodes = 10000

// checkAliases refuses a document whose aliases refer to a node that
// contains them, or whose expansion would be far larger than the file: the
// loader follows aliases, and either would make it loop or blow up.
func (s *source) checkAliases(root *yaml.Node) model.Diagnostics {
	c := aliasCheck{size: map[*yaml.Node]int{}, busy: map[*yaml.Node]bool{}}
	expanded := c.expand(root)
	if c.cycle != nil {
		return model.Diagnostics{s.errorAt(c.cycle, fmt.Sprintf("alias *%s refers to a node that contains it", c.cycle.Value),
			"An alias may only refer to an anchored node that does not contain the alias itself; write the value out instead.")}
	}
	if extra := expanded - yamltree.Size(root); extra > maxAliasNodes {
		return model.Diagnostics{s.errorAt(c.largest, "excessive aliasing",
			fmt.Sprintf("Expanding the aliases of this file would add more than %d nodes to it (the largest expansion is this *%s), so the file is refused; write the values out or use fewer nested aliases.",
				maxAliasNodes, c.largest.Value))}
	}
	return nil
}

// aliasCheck computes the size of each node with its aliases expanded,
// saturating so that no expansion overflows.
type aliasCheck struct {
	size    map[*yaml.Node]int
	busy    map[*yaml.Node]bool // the nodes being expanded: an alias to one of them is a cycle
	cycle   *yaml.Node
	largest *yaml.Node // the alias with the largest expansion
}

const sizeCap = 1 << 40

func (c *aliasCheck) expand(n *yaml.Node) int {
	if v, ok := c.size[n]; ok {
		return v
	}
	c.busy[n] = true
	total := 1
	if n.Kind == yaml.AliasNode {
		switch {
		case n.Alias == nil:
		case c.busy[n.Alias]:
			if c.cycle == nil {
				c.cycle = n
			}
		default:
			total = c.expand(n.Alias)
			if c.largest == nil || total > c.size[c.largest] {
				c.largest = n
			}
		}
	} else {
		for _, k := range n.Content {
			total = min(total+c.expand(k), sizeCap)
		}
	}
	delete(c.busy, n)
	c.size[n] = total
	return total
}

// deref follows aliases to the node they stand for.
func deref(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

// errorAt is an error diagnostic at node n.
func (s *source) errorAt(n *yaml.Node, summary, detail string) model.Diagnostic {
	return model.Diagnostic{Severity: model.DiagError, Summary: summary, Detail: detail, Subject: s.rng(n)}
}

// warningAt is a warning diagnostic at node n.
func (s *source) warningAt(n *yaml.Node, summary, detail string) model.Diagnostic {
	return model.Diagnostic{Severity: model.DiagWarning, Summary: summary, Detail: detail, Subject: s.rng(n)}
}

// rng is the range of node n: from its first character (its tag or anchor,
// when it has one) to just past its last. For a multi-line block scalar the
// range ends at the end of its first line.
func (s *source) rng(n *yaml.Node) model.Range {
	start := model.Pos{Line: n.Line, Column: n.Column, Byte: -1}
	return model.Range{Filename: s.name, Start: start, End: s.end(n)}
}

// end returns the position just past node n.
func (s *source) end(n *yaml.Node) model.Pos {
	start := model.Pos{Line: n.Line, Column: n.Column, Byte: -1}
	if n.Line < 1 || n.Line > len(s.lines) {
		return start
	}
	line := s.lines[n.Line-1]
	off := byteIndex(line, n.Column)
	if off < 0 {
		return start
	}
	switch n.Kind {
	case yaml.AliasNode:
		off += 1 + len(n.Value)
	case yaml.ScalarNode:
		off = scalarEnd(line, skipProperties(line, off), n)
	case yaml.MappingNode, yaml.SequenceNode:
		if len(n.Content) > 0 {
			return s.end(n.Content[len(n.Content)-1])
		}
		off = skipProperties(line, off)
		if n.Style&yaml.FlowStyle != 0 {
			if i := bytes.IndexAny(line[off:], "]}"); i >= 0 {
				off += i + 1
			}
		}
	default:
		return start
	}
	off = min(off, len(line))
	return model.Pos{Line: n.Line, Column: utf8.RuneCount(line[:off]) + 1, Byte: -1}
}

// byteIndex converts a 1-based column in characters into a byte offset in
// line, or -1 when the line is shorter.
func byteIndex(line []byte, col int) int {
	off := 0
	for c := 1; c < col; c++ {
		if off >= len(line) {
			return -1
		}
		_, size := utf8.DecodeRune(line[off:])
		off += size
	}
	return off
}

// skipProperties skips the tag (!x) and anchor (&x) written before a value.
func skipProperties(line []byte, off int) int {
	for off < len(line) && (line[off] == '!' || line[off] == '&') {
		for off < len(line) && line[off] != ' ' && line[off] != '\t' {
			off++
		}
		for off < len(line) && (line[off] == ' ' || line[off] == '\t') {
			off++
		}
	}
	return off
}

// scalarEnd returns the offset just past the scalar that starts at off in
// line, or the end of the line when it goes on to the next.
func scalarEnd(line []byte, off int, n *yaml.Node) int {
	switch {
	case n.Style&yaml.DoubleQuotedStyle != 0:
		for i := off + 1; i < len(line); i++ {
			switch line[i] {
			case '\\':
				i++
			case '"':
				return i + 1
			}
		}
	case n.Style&yaml.SingleQuotedStyle != 0:
		for i := off + 1; i < len(line); i++ {
			if line[i] == '\'' {
				if i+1 < len(line) && line[i+1] == '\'' {
					i++
					continue
				}
				return i + 1
			}
		}
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
	default:
		if bytes.HasPrefix(line[off:], []byte(n.Value)) {
			return off + len(n.Value)
		}
	}
	return len(bytes.TrimRight(line, " \t\r"))
}
