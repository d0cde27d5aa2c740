package policy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/dynamoguard/dynamoguard/model"
)

// maxDepth bounds the nesting of a JSON policy: a policy is at most five
// levels deep, so anything much deeper is not a policy and must not
// exhaust the stack.
const maxDepth = 64

// Text is JSON text together with where each of its bytes was written. A
// document read from a file or a literal string is one literal segment; a
// Terraform heredoc with interpolations or a rendered template alternates
// literal segments (copied from the source) with computed ones (what an
// interpolation produced).
type Text struct {
	Data []byte
	// Filename is the file the literal segments are written in.
	Filename string
	// Segments, ordered by Offset, cover Data; the first has Offset 0.
	Segments []Segment
}

// Segment is a run of the bytes of a Text, from Offset up to the next
// segment's Offset.
type Segment struct {
	Offset int
	// Start is, for a literal segment, the source position of its first
	// byte; the positions of the following bytes advance from it.
	Start model.Pos
	// Computed is set for bytes an expression produced: they all map to
	// Range, and a string made from them carries Refs and Origins, and is
	// unknown when Unknown is set (with Reason).
	Computed bool
	Range    model.Range
	Refs     []model.Ref
	Origins  []model.Origin
	Unknown  bool
	Reason   string
}

// Literal returns data as one literal segment written in filename from
// start on (model.Pos{Line: 1, Column: 1} for a whole file).
func Literal(data []byte, filename string, start model.Pos) Text {
	return Text{Data: data, Filename: filename, Segments: []Segment{{Offset: 0, Start: start}}}
}

// FromJSON parses a JSON policy document and builds it at attribute path;
// whole is the range of the expression that set the document.
func FromJSON(t Text, whole model.Range, path string) (model.PolicyDocument, model.Diagnostics) {
	root, diags := ParseJSON(t, whole)
	doc, more := Document(root, path)
	if root.Kind == KindUnknown || doc.Range.IsZero() {
		doc.Range = whole
	}
	return doc, append(diags, more...)
}

// ParseJSON parses JSON text into a node tree, every value at its own
// range. Invalid JSON is an error diagnostic at the offending line and an
// Unknown node at whole, unless the text holds unknown computed parts (then
// the reason is theirs and there is no diagnostic). It is linear in the
// size of the text.
func ParseJSON(t Text, whole model.Range) (*Node, model.Diagnostics) {
	p := &jsonParser{t: t, dec: json.NewDecoder(bytes.NewReader(t.Data))}
	p.dec.UseNumber()
	p.index()
	if len(bytes.TrimSpace(t.Data)) == 0 {
		return p.fail(whole, 0, "the policy is empty")
	}
	root, err := p.value(0)
	if err == nil {
		if _, extra := p.dec.Token(); extra != io.EOF {
			err = p.errorAt(p.next(), "there is more text after the policy document")
		}
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		err = p.errorAt(len(t.Data), "the text ends before the policy does")
	}
	if err != nil {
		var se *syntaxError
		off := len(t.Data)
		if errors.As(err, &se) {
			off = se.offset
		} else {
			var je *json.SyntaxError
			if errors.As(err, &je) {
				off = int(je.Offset)
			}
		}
		return p.fail(whole, off, err.Error())
	}
	return root, nil
}

type syntaxError struct {
	offset int
	msg    string
}

func (e *syntaxError) Error() string { return e.msg }

type jsonParser struct {
	t   Text
	dec *json.Decoder
	// the position cursor: pos is the position of byte off, in segment seg.
	seg, off int
	pos      model.Pos
}

// index makes sure the text has a first segment.
func (p *jsonParser) index() {
	if len(p.t.Segments) == 0 || p.t.Segments[0].Offset != 0 {
		p.t.Segments = append([]Segment{{Offset: 0, Start: model.Pos{Line: 1, Column: 1}}}, p.t.Segments...)
	}
	p.pos = p.t.Segments[0].Start
}

// fail is the unknown node for text that is not a valid policy.
func (p *jsonParser) fail(whole model.Range, off int, msg string) (*Node, model.Diagnostics) {
	for _, s := range p.t.Segments {
		if s.Computed && s.Unknown {
			return Unknown(whole, s.Reason), nil
		}
	}
	reason := "the policy is not valid JSON: " + msg
	at := whole
	if len(p.t.Data) > 0 {
		at = model.Range{Filename: p.t.Filename, Start: p.posAt(min(off, len(p.t.Data))), End: p.posAt(min(off, len(p.t.Data)))}
		if at.Filename == "" {
			at.Filename = whole.Filename
		}
		at.End = at.Start
	}
	return Unknown(whole, reason), model.Diagnostics{{
		Severity: model.DiagError, Summary: "Invalid policy JSON",
		Detail:  upperFirst(reason) + ". AWS rejects the policy; it is not analysed.",
		Subject: at,
	}}
}

// next returns the offset of the next token: past white space and the
// separators the decoder consumes with the token.
func (p *jsonParser) next() int {
	off := int(p.dec.InputOffset())
	for off < len(p.t.Data) {
		switch p.t.Data[off] {
		case ' ', '\t', '\n', '\r', ',', ':':
			off++
			continue
		}
		break
	}
	return off
}

func (p *jsonParser) errorAt(off int, format string, args ...any) error {
	return &syntaxError{offset: off, msg: fmt.Sprintf(format, args...)}
}

// segmentAt returns the index of the segment holding byte off.
func (p *jsonParser) segmentAt(off int) int {
	segs := p.t.Segments
	if p.seg < len(segs) && segs[p.seg].Offset <= off && (p.seg+1 == len(segs) || off < segs[p.seg+1].Offset) {
		return p.seg
	}
	return sort.Search(len(segs), func(i int) bool { return segs[i].Offset > off }) - 1
}

// posAt returns the source position of byte off. Offsets are asked in
// increasing order within a literal segment, so the cursor only moves
// forward and the whole parse stays linear.
func (p *jsonParser) posAt(off int) model.Pos {
	i := p.segmentAt(off)
	s := p.t.Segments[i]
	if s.Computed {
		return s.Range.Start
	}
	if i != p.seg || off < p.off {
		p.seg, p.off, p.pos = i, s.Offset, s.Start
	}
	for p.off < off {
		r, size := utf8.DecodeRune(p.t.Data[p.off:])
		if r == '\n' {
			p.pos.Line++
			p.pos.Column = 1
		} else {
			p.pos.Column++
		}
		if p.pos.Byte >= 0 {
			p.pos.Byte += size
		}
		p.off += size
	}
	return p.pos
}

// rangeOf returns the range of the bytes [start, end), asked for as soon
// as the token at start is read.
func (p *jsonParser) rangeOf(start, end int) model.Range {
	return p.span(start, p.posAt(start), end)
}

// span returns the range of the bytes [start, end) whose start position
// sp was taken when the token at start was read.
func (p *jsonParser) span(start int, sp model.Pos, end int) model.Range {
	si, ei := p.segmentAt(start), p.segmentAt(max(start, end-1))
	r := model.Range{Filename: p.t.Filename, Start: sp}
	if s := p.t.Segments[si]; s.Computed {
		r.Filename = s.Range.Filename
	}
	switch e := p.t.Segments[ei]; {
	case e.Computed && si == ei:
		r.End = e.Range.End
	case e.Computed:
		r.End = p.posAt(e.Offset)
		if p.t.Segments[si].Computed {
			r.End = e.Range.End
		}
	default:
		r.End = p.posAt(end)
	}
	return r
}

// provenance sets the refs, origins and known-ness of a string node from
// the computed segments within [start, end).
func (p *jsonParser) provenance(n *Node, start, end int) {
	i := p.segmentAt(start)
	for ; i < len(p.t.Segments) && p.t.Segments[i].Offset < end; i++ {
		s := p.t.Segments[i]
		if !s.Computed {
			continue
		}
		n.Refs = append(n.Refs, s.Refs...)
		n.Origins = append(n.Origins, s.Origins...)
		if s.Unknown && n.Kind != KindUnknown {
			n.Kind, n.Reason = KindUnknown, s.Reason
		}
	}
}

// value reads one JSON value.
func (p *jsonParser) value(depth int) (*Node, error) {
	start := p.next()
	tok, err := p.dec.Token()
	if err != nil {
		if err == io.EOF {
			return nil, p.errorAt(len(p.t.Data), "the text ends before the policy does")
		}
		return nil, err
	}
	if depth > maxDepth {
		return nil, p.errorAt(start, "the document is nested more than %d levels deep", maxDepth)
	}
	switch tok := tok.(type) {
	case json.Delim:
		switch tok {
		case '{':
			return p.object(start, p.posAt(start), depth)
		case '[':
			return p.list(start, p.posAt(start), depth)
		}
		return nil, p.errorAt(start, "unexpected %q", string(tok))
	case string:
		end := int(p.dec.InputOffset())
		n := &Node{Kind: KindString, Str: tok, Range: p.rangeOf(start, end)}
		p.provenance(n, start, end)
		return n, nil
	case json.Number:
		return &Node{Kind: KindScalar, Str: tok.String(), Range: p.rangeOf(start, int(p.dec.InputOffset()))}, nil
	case bool:
		return &Node{Kind: KindScalar, Str: fmt.Sprint(tok), Range: p.rangeOf(start, int(p.dec.InputOffset()))}, nil
	case nil:
		return &Node{Kind: KindScalar, Str: "null", Null: true, Range: p.rangeOf(start, int(p.dec.InputOffset()))}, nil
	}
	return nil, p.errorAt(start, "unexpected token")
}

func (p *jsonParser) object(start int, sp model.Pos, depth int) (*Node, error) {
	n := &Node{Kind: KindObject}
	var seen map[string]int
	for p.dec.More() {
		ks := p.next()
		kt, err := p.dec.Token()
		if err != nil {
			return nil, err
		}
		key, ok := kt.(string)
		if !ok {
			return nil, p.errorAt(ks, "an object key must be a string")
		}
		kr := p.rangeOf(ks, int(p.dec.InputOffset()))
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		if seen == nil {
			seen = map[string]int{}
		}
		if i, dup := seen[key]; dup {
			// Which of the two values AWS keeps is not documented.
			n.Fields[i].Value = Unknown(v.Range, fmt.Sprintf("%q is written twice in the same object", key))
			continue
		}
		seen[key] = len(n.Fields)
		n.Fields = append(n.Fields, Field{Key: key, KeyRange: kr, Value: v})
	}
	if _, err := p.dec.Token(); err != nil { // '}'
		return nil, err
	}
	n.Range = p.span(start, sp, int(p.dec.InputOffset()))
	return n, nil
}

func (p *jsonParser) list(start int, sp model.Pos, depth int) (*Node, error) {
	n := &Node{Kind: KindList}
	for p.dec.More() {
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		n.Items = append(n.Items, v)
	}
	if _, err := p.dec.Token(); err != nil { // ']'
		return nil, err
	}
	n.Range = p.span(start, sp, int(p.dec.InputOffset()))
	return n, nil
}

// Append adds the bytes s, which come from where seg says (its Offset is
// set here).
func (t *Text) Append(s string, seg Segment) {
	if s == "" {
		return
	}
	seg.Offset = len(t.Data)
	t.Segments = append(t.Segments, seg)
	t.Data = append(t.Data, s...)
}

// AppendLiteral adds the value val of a literal written as raw from start
// on, whole being its range. Where val is not raw (escapes, the
// indentation a YAML block scalar or an indented heredoc strips), lines are
// mapped one by one when each line of val ends its line of raw; failing
// that, the literal maps to whole as a computed part.
func (t *Text) AppendLiteral(val string, raw []byte, start model.Pos, whole model.Range) {
	if string(raw) == val {
		t.Append(val, Segment{Start: start})
		return
	}
	vlines := strings.SplitAfter(val, "\n")
	rlines := bytes.SplitAfter(raw, []byte("\n"))
	ok := len(vlines) <= len(rlines)
	for i := 0; ok && i < len(vlines); i++ {
		ok = bytes.HasSuffix(bytes.TrimRight(rlines[i], "\r\n"), []byte(strings.TrimRight(vlines[i], "\n")))
	}
	if !ok {
		t.Append(val, Segment{Computed: true, Range: whole})
		return
	}
	pos := start
	for i, v := range vlines {
		r := rlines[i]
		body := bytes.TrimRight(r, "\r\n")
		skip := len(body) - len(strings.TrimRight(v, "\n"))
		p := pos
		p.Column += utf8.RuneCount(r[:skip])
		if p.Byte >= 0 {
			p.Byte += skip
		}
		t.Append(v, Segment{Start: p})
		pos = model.Pos{Line: pos.Line + 1, Column: 1, Byte: -1}
		if start.Byte >= 0 {
			pos.Byte = p.Byte - skip + len(r)
		}
	}
}
