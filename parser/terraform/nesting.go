package terraform

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// HCL's parser and evaluator recurse once per level of brackets, template
// sequences and operators, and a goroutine that exhausts its stack kills the
// process: recover cannot catch it. A text that nests deeper than real
// configurations ever do is refused before it is parsed. The cost of a
// position is the sum, over the groups open there, of groupCost plus the
// operators and closed groups seen in the group since its last separator
// (comma, or newline where newlines separate items).
//
// Checking lexes the text once more, which costs about half of what parsing
// it does; a text shorter than minCheckedSize is not checked: it cannot hold
// the tens of thousands of levels that exhaust the stack (every level takes
// at least two bytes and at most about 20 KiB of stack).
const (
	maxNestingCost = 10000
	groupCost      = 10
	minCheckedSize = 16 << 10
)

// nestingLevel is one open group of a token stream.
type nestingLevel struct {
	open hclsyntax.TokenType
	// terms counts the operators and closed groups since the last separator.
	terms int
	// directives counts the if and for directives open in literal text,
	// each a level as deep as a group.
	directives int
}

// tooDeep returns where the tokens nest deeper than maxNestingCost, if they
// do. The tokens are those of a template when template is set, else of a
// configuration or an expression.
func tooDeep(tokens hclsyntax.Tokens, template bool) (hcl.Range, bool) {
	root := nestingLevel{open: hclsyntax.TokenNil}
	if template {
		root.open = hclsyntax.TokenOHeredoc // literal text, like a heredoc's
	}
	stack := []nestingLevel{root}
	cost := 0
	for _, t := range tokens {
		top := &stack[len(stack)-1]
		switch t.Type {
		case hclsyntax.TokenOBrace, hclsyntax.TokenOBrack, hclsyntax.TokenOParen, hclsyntax.TokenOQuote,
			hclsyntax.TokenOHeredoc, hclsyntax.TokenTemplateInterp, hclsyntax.TokenTemplateControl:
			stack = append(stack, nestingLevel{open: t.Type})
			cost += groupCost
		case hclsyntax.TokenCBrace, hclsyntax.TokenCBrack, hclsyntax.TokenCParen, hclsyntax.TokenCQuote,
			hclsyntax.TokenCHeredoc, hclsyntax.TokenTemplateSeqEnd:
			if len(stack) == 1 {
				continue
			}
			cost -= groupCost + top.terms + groupCost*top.directives
			closed := top.open
			stack = stack[:len(stack)-1]
			cost += countTerm(&stack[len(stack)-1], closed)
		case hclsyntax.TokenComma:
			cost -= top.terms
			top.terms = 0
		case hclsyntax.TokenNewline, hclsyntax.TokenComment:
			if separatesItems(top.open) && (t.Type == hclsyntax.TokenNewline || bytes.HasSuffix(t.Bytes, []byte("\n"))) {
				cost -= top.terms
				top.terms = 0
			}
		case hclsyntax.TokenIdent:
			cost += templateDirective(stack, t)
		case hclsyntax.TokenNumberLit, hclsyntax.TokenDot, hclsyntax.TokenQuotedLit, hclsyntax.TokenStringLit,
			hclsyntax.TokenQuotedNewline, hclsyntax.TokenEOF:
			// Operands and literal text: they do not nest.
		default:
			cost += countTerm(top, t.Type)
		}
		if cost > maxNestingCost {
			return t.Range, true
		}
	}
	return hcl.Range{}, false
}

// countTerm counts an operator, or a closed group, in the group lv and
// returns the cost added. Literal text is a flat sequence of parts: its
// nesting is that of its if and for directives (templateDirective).
func countTerm(lv *nestingLevel, _ hclsyntax.TokenType) int {
	if isTemplateLevel(lv.open) {
		return 0
	}
	lv.terms++
	return 1
}

// templateDirective counts the opening (if, for) and closing (endif,
// endfor) of template directives in the enclosing template, and returns the
// cost added or removed.
func templateDirective(stack []nestingLevel, t hclsyntax.Token) int {
	n := len(stack)
	if n < 2 || stack[n-1].open != hclsyntax.TokenTemplateControl || !isTemplateLevel(stack[n-2].open) {
		return 0
	}
	tmpl := &stack[n-2]
	switch string(t.Bytes) {
	case "if", "for":
		tmpl.directives++
		return groupCost
	case "endif", "endfor":
		if tmpl.directives > 0 {
			tmpl.directives--
			return -groupCost
		}
	}
	return 0
}

// isTemplateLevel reports whether a group opened by tok holds literal text.
func isTemplateLevel(tok hclsyntax.TokenType) bool {
	return tok == hclsyntax.TokenOQuote || tok == hclsyntax.TokenOHeredoc
}

// separatesItems reports whether a newline ends an item in a group opened by
// tok: in a body or an object, not within brackets or parentheses.
func separatesItems(tok hclsyntax.TokenType) bool {
	return tok == hclsyntax.TokenNil || tok == hclsyntax.TokenOBrace
}

// checkNesting returns an error diagnostic when src, a configuration file
// (native or JSON) or a template, nests too deeply to be parsed safely.
func checkNesting(src []byte, name string, template bool) *hcl.Diagnostic {
	if len(src) < minCheckedSize {
		return nil
	}
	var rng hcl.Range
	var deep bool
	switch {
	case template:
		tokens, _ := hclsyntax.LexTemplate(src, name, hcl.InitialPos)
		rng, deep = tooDeep(tokens, true)
	case isJSONName(name):
		rng, deep = jsonTooDeep(src, name)
	default:
		tokens, _ := hclsyntax.LexConfig(src, name, hcl.InitialPos)
		rng, deep = tooDeep(tokens, false)
	}
	if !deep {
		return nil
	}
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Nesting too deep",
		Detail: fmt.Sprintf("Brackets, templates or operators nest deeper here than dynamoguard can safely "+
			"evaluate (at most %d groups, or %d operators in one expression); %s is not analysed.", maxNestingCost/groupCost, maxNestingCost, name),
		Subject: rng.Ptr(),
	}
}

// jsonTooDeep checks the nesting of a JSON file's arrays and objects, and of
// the templates in its strings.
func jsonTooDeep(src []byte, name string) (hcl.Range, bool) {
	depth := 0
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '[', '{':
			depth++
			if depth*groupCost > maxNestingCost {
				return byteRange(src, name, i), true
			}
		case ']', '}':
			depth = max(depth-1, 0)
		case '"':
			end := jsonStringEnd(src, i)
			if jsonTemplateTooDeep(src[i:end]) {
				return byteRange(src, name, i), true
			}
			i = end - 1
		}
	}
	return hcl.Range{}, false
}

// jsonStringEnd returns the index after the JSON string that starts at
// src[start].
func jsonStringEnd(src []byte, start int) int {
	for i := start + 1; i < len(src); i++ {
		switch src[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(src)
}

// jsonTemplateTooDeep checks a JSON string literal, which HCL parses as a
// template when it is evaluated.
func jsonTemplateTooDeep(lit []byte) bool {
	if !bytes.Contains(lit, []byte("{")) {
		return false
	}
	var s string
	if json.Unmarshal(lit, &s) != nil {
		return false
	}
	tokens, _ := hclsyntax.LexTemplate([]byte(s), "", hcl.InitialPos)
	_, deep := tooDeep(tokens, true)
	return deep
}

// byteRange is the range of the byte at offset i of src.
func byteRange(src []byte, name string, i int) hcl.Range {
	line := 1 + bytes.Count(src[:i], []byte("\n"))
	col := i - bytes.LastIndexByte(src[:i], '\n')
	start := hcl.Pos{Line: line, Column: col, Byte: i}
	return hcl.Range{Filename: name, Start: start, End: hcl.Pos{Line: line, Column: col + 1, Byte: i + 1}}
}
