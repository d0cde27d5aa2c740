package suppress

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/dynamoguard/dynamoguard/model"
)

// hclNode is a block or attribute of an HCL file: its whole range, and
// how to name it.
type hclNode struct {
	rng      hcl.Range
	what     string
	topLevel bool
}

// readHCL returns the directives in the comments of a Terraform file. The
// comments come from hclsyntax's lexer, the blocks and attributes they
// apply to from its parser (a file with syntax errors gives what parses).
// A comment applies to the block or attribute that starts on its line
// (after code) or, on a line of its own, to the one that starts on the line
// right below it (or below the comments stacked under it); a Checkov skip
// applies, as in Checkov, to the top-level block it is written in.
func readHCL(name string, src []byte, peers bool) []Directive {
	if !mayHold(src, peers) {
		return nil
	}
	tokens, _ := hclsyntax.LexConfig(src, name, hcl.InitialPos)
	file, _ := hclsyntax.ParseConfig(src, name, hcl.InitialPos)
	var nodes []hclNode
	if body, ok := file.Body.(*hclsyntax.Body); ok {
		nodes = walkBody(body, nodes, true)
	}
	var out []Directive
	for i, tok := range tokens {
		if tok.Type != hclsyntax.TokenComment {
			continue
		}
		ds := parseComment(commentText(tok.Bytes), peers)
		if len(ds) == 0 {
			continue
		}
		trailing := i > 0 && tokens[i-1].Type != hclsyntax.TokenNewline && tokens[i-1].Type != hclsyntax.TokenComment &&
			tokens[i-1].Range.End.Line == tok.Range.Start.Line
		line := tok.Range.Start.Line
		if !trailing {
			line = nextCodeLine(tokens, i)
		}
		for _, d := range ds {
			d.Range = commentRange(tok)
			var n *hclNode
			if d.Syntax == Checkov {
				n = enclosingTop(nodes, tok.Range.Start)
			}
			if n == nil && line > 0 {
				n = startingOn(nodes, line)
			}
			if n != nil {
				d.Target = Target{Range: rangeOf(n.rng), What: n.what}
			}
			out = append(out, d)
		}
	}
	return out
}

// mayHold is a cheap test that src may hold a directive, so that files
// without one are not parsed again.
func mayHold(src []byte, peers bool) bool {
	lower := bytes.ToLower(src)
	if bytes.Contains(lower, []byte("dynamoguard")) {
		return true
	}
	return peers && (bytes.Contains(lower, []byte("checkov")) || bytes.Contains(lower, []byte("ignore:")) ||
		bytes.Contains(lower, []byte("cfn_nag")) || bytes.Contains(lower, []byte("guard")))
}

func walkBody(body *hclsyntax.Body, nodes []hclNode, top bool) []hclNode {
	type item struct {
		rng   hcl.Range
		block *hclsyntax.Block
		name  string
	}
	var items []item
	for name, a := range body.Attributes {
		items = append(items, item{rng: a.SrcRange, name: name})
	}
	for _, b := range body.Blocks {
		items = append(items, item{rng: b.Range(), block: b})
	}
	// Source order, so that the first node starting on a line is the
	// outermost one.
	sortItems(items, func(a, b item) bool { return a.rng.Start.Byte < b.rng.Start.Byte })
	for _, it := range items {
		if it.block == nil {
			nodes = append(nodes, hclNode{rng: it.rng, what: "attribute " + it.name, topLevel: top})
			continue
		}
		what := it.block.Type
		for _, l := range it.block.Labels {
			what += fmt.Sprintf(" %q", l)
		}
		nodes = append(nodes, hclNode{rng: it.rng, what: what, topLevel: top})
		nodes = walkBody(it.block.Body, nodes, false)
	}
	return nodes
}

// commentText strips the comment markers.
func commentText(b []byte) string {
	s := strings.TrimSpace(string(b))
	switch {
	case strings.HasPrefix(s, "#"):
		s = s[1:]
	case strings.HasPrefix(s, "//"):
		s = s[2:]
	case strings.HasPrefix(s, "/*"):
		s = strings.TrimSuffix(s[2:], "*/")
	}
	return strings.TrimSpace(s)
}

// nextCodeLine is the line of the first token after the comment
// tokens[i] and the comments right below it, 0 when that token is not on
// the line right after them (a blank line comes between: the comment is
// about nothing in particular) or closes a block.
func nextCodeLine(tokens hclsyntax.Tokens, i int) int {
	last := commentLastLine(tokens[i])
	for _, t := range tokens[i+1:] {
		switch t.Type {
		case hclsyntax.TokenNewline:
			continue
		case hclsyntax.TokenComment:
			if t.Range.Start.Line != last+1 {
				return 0
			}
			last = commentLastLine(t)
			continue
		case hclsyntax.TokenCBrace, hclsyntax.TokenEOF:
			return 0
		}
		if t.Range.Start.Line != last+1 {
			return 0
		}
		return t.Range.Start.Line
	}
	return 0
}

// commentLastLine is the last line a comment's text is on (a line comment
// token ends at the start of the next line).
func commentLastLine(t hclsyntax.Token) int {
	if bytes.HasSuffix(t.Bytes, []byte("\n")) {
		return t.Range.End.Line - 1
	}
	return t.Range.End.Line
}

func startingOn(nodes []hclNode, line int) *hclNode {
	for i := range nodes {
		if nodes[i].rng.Start.Line == line {
			return &nodes[i]
		}
	}
	return nil
}

func enclosingTop(nodes []hclNode, p hcl.Pos) *hclNode {
	for i := range nodes {
		if n := &nodes[i]; n.topLevel && n.rng.Start.Byte <= p.Byte && p.Byte < n.rng.End.Byte {
			return n
		}
	}
	return nil
}

func rangeOf(r hcl.Range) model.Range {
	return model.Range{
		Filename: r.Filename,
		Start:    model.Pos{Line: r.Start.Line, Column: r.Start.Column, Byte: r.Start.Byte},
		End:      model.Pos{Line: r.End.Line, Column: r.End.Column, Byte: r.End.Byte},
	}
}

// commentRange is the comment's range without the newline a line comment
// token ends with.
func commentRange(tok hclsyntax.Token) model.Range {
	r := rangeOf(tok.Range)
	text := strings.TrimRight(string(tok.Bytes), "\r\n")
	if !strings.Contains(text, "\n") {
		r.End = model.Pos{Line: r.Start.Line, Column: r.Start.Column + len([]rune(text)), Byte: r.Start.Byte + len(text)}
	}
	return r
}
