package rules

import (
	"regexp"
	"strings"
)

// markerPattern matches the expectation markers at the end of a line:
// `# want "DDB101"`, `// skip "DDB102" "DDB103"`, `# want col=5 "DDB101"`,
// `# diag "warning …"`, several of them, and the blanks before them.
var markerPattern = regexp.MustCompile(`(?:[ \t]*(?:#|//)[ \t]*(?:want|skip|diag)(?:[ \t]+col=[0-9]+)?(?:[ \t]+"(?:[^"\\\n]|\\.)*")+)+[ \t]*$`)

// StripMarkers removes the expectation markers of a snippet, for showing it
// to people; a line that held nothing but a marker goes too.
func StripMarkers(snippet string) string {
	lines := strings.Split(snippet, "\n")
	out := lines[:0]
	for _, l := range lines {
		s := markerPattern.ReplaceAllString(l, "")
		if s != l && strings.TrimSpace(s) == "" {
			continue
		}
		out = append(out, s)
	}
	return strings.Join(out, "\n")
}

// Markdown renders the rule's documentation page: the page in docs/rules,
// the Markdown help of the SARIF rule descriptor, and what `explain
// --format markdown` prints. Text renders the same pieces in the same order
// as plain text.
func (r *Rule) Markdown() string { return r.docPieces().render(markdownStyle{}) }

// Text renders the rule's documentation as plain text: the text help of the
// SARIF rule descriptor and what `explain` prints. It holds what Markdown
// holds, in the same order, and ends with the address of the docs page.
func (r *Rule) Text() string { return r.docPieces().render(textStyle{}) }

// pieceKind says what a piece of documentation is.
type pieceKind uint8

const (
	pieceTitle    pieceKind = iota + 1 // the page title
	pieceFacts                         // the rule's metadata, as name/value pairs
	pieceHeading                       // a section heading
	pieceSubhead                       // a subsection heading
	pieceText                          // a paragraph
	pieceLabelled                      // a paragraph led by a label
	pieceCode                          // a code snippet
	pieceLinks                         // a list of addresses
	pieceDocLink                       // the docs page's address, for renderings other than the page
)

// piece is one part of a rule's documentation.
type piece struct {
	kind  pieceKind
	label string // the label of a labelled paragraph; the language of code
	text  string
	facts []fact
	links []string
}

// fact is one line of the rule's metadata; code marks a value that is an
// identifier, url the address a value links to.
type fact struct {
	name, value, url string
	code             bool
}

type docPieces []piece

// docPieces lays out the documentation of the rule, in the order every
// rendering shows it.
func (r *Rule) docPieces() docPieces {
	facts := []fact{
		{name: "ID", value: r.ID, code: true},
		{name: "Name", value: r.Name, code: true},
		{name: "Severity", value: r.Severity.String()},
		{name: "CWE", value: r.CWE, url: "https://cwe.mitre.org/data/definitions/" + strings.TrimPrefix(r.CWE, "CWE-") + ".html"},
		{name: "Precision", value: r.Precision},
	}
	for _, c := range r.Controls {
		facts = append(facts, fact{name: "Security Hub", value: c, url: ControlURL(c)})
	}
	ps := docPieces{
		{kind: pieceTitle, text: r.ID + ": " + r.Title},
		{kind: pieceFacts, facts: facts},
		{kind: pieceHeading, text: "Why it matters"},
		{kind: pieceText, text: r.Doc.Why},
		{kind: pieceHeading, text: "How to fix it"},
		{kind: pieceLabelled, label: "Terraform", text: r.Doc.FixTerraform},
		{kind: pieceLabelled, label: "CloudFormation", text: r.Doc.FixCloudFormation},
		{kind: pieceLabelled, label: "Automatic fix", text: autoFixText(r.Doc.AutoFix)},
		{kind: pieceHeading, text: "Examples"},
	}
	for _, ex := range []struct {
		format, lang string
		ex           Example
	}{
		{"Terraform", "hcl", r.Doc.Terraform},
		{"CloudFormation", cfnLang(r.Doc.CloudFormation.Bad), r.Doc.CloudFormation},
	} {
		if ex.ex.Bad == "" {
			continue // the format has no such resource
		}
		ps = append(ps,
			piece{kind: pieceSubhead, text: ex.format},
			piece{kind: pieceText, text: "Reported:"},
			piece{kind: pieceCode, label: ex.lang, text: snippet(ex.ex.Bad)},
			piece{kind: pieceText, text: "Not reported:"},
			piece{kind: pieceCode, label: ex.lang, text: snippet(ex.ex.Good)},
		)
	}
	ps = append(ps,
		piece{kind: pieceHeading, text: "Suppressing"},
		piece{kind: pieceText, text: "Findings of this rule fail the gate from `--fail-on " + r.Severity.String() +
			"` or lower. Run only some rules with `--rule`, or leave this one out with `--skip-rule " + r.ID + "`."},
	)
	if len(r.Doc.References) > 0 {
		ps = append(ps,
			piece{kind: pieceHeading, text: "References"},
			piece{kind: pieceLinks, links: r.Doc.References},
		)
	}
	return append(ps, piece{kind: pieceDocLink, text: r.DocURL()})
}

// cfnLang is the language of a CloudFormation snippet: JSON or YAML.
func cfnLang(code string) string {
	if strings.HasPrefix(strings.TrimSpace(code), "{") {
		return "json"
	}
	return "yaml"
}

// snippet is an example as people see it: without markers, and without the
// blank lines around it.
func snippet(code string) string {
	return strings.Trim(StripMarkers(code), "\n")
}

// style renders the pieces of one kind in one output format, each without
// a trailing newline; "" leaves a piece out.
type style interface {
	piece(p piece) string
}

// render renders the pieces in order, separated by blank lines.
func (ps docPieces) render(s style) string {
	blocks := make([]string, 0, len(ps))
	for _, p := range ps {
		if b := s.piece(p); b != "" {
			blocks = append(blocks, b)
		}
	}
	return strings.Join(blocks, "\n\n") + "\n"
}

type markdownStyle struct{}

func (markdownStyle) piece(p piece) string {
	switch p.kind {
	case pieceTitle:
		return "# " + p.text
	case pieceFacts:
		lines := []string{"| | |", "|---|---|"}
		for _, f := range p.facts {
			v := f.value
			switch {
			case f.code:
				v = "`" + v + "`"
			case f.url != "":
				v = "[" + v + "](" + f.url + ")"
			}
			lines = append(lines, "| "+f.name+" | "+v+" |")
		}
		return strings.Join(lines, "\n")
	case pieceHeading:
		return "## " + p.text
	case pieceSubhead:
		return "### " + p.text
	case pieceText:
		return p.text
	case pieceLabelled:
		return "**" + p.label + ".** " + p.text
	case pieceCode:
		f := fence(p.text)
		return f + p.label + "\n" + p.text + "\n" + f
	case pieceLinks:
		lines := make([]string, len(p.links))
		for i, l := range p.links {
			lines[i] = "- <" + l + ">"
		}
		return strings.Join(lines, "\n")
	}
	return "" // the page is the docs page: no link to itself
}

// fence returns a code fence longer than any run of backquotes in code.
func fence(code string) string {
	f := "```"
	for strings.Contains(code, f) {
		f += "`"
	}
	return f
}

type textStyle struct{}

func (textStyle) piece(p piece) string {
	switch p.kind {
	case pieceTitle:
		return underline(p.text, "=")
	case pieceFacts:
		width := 0
		for _, f := range p.facts {
			width = max(width, len(f.name))
		}
		lines := make([]string, len(p.facts))
		for i, f := range p.facts {
			lines[i] = f.name + ":" + strings.Repeat(" ", width-len(f.name)+1) + f.value
			if f.url != "" {
				lines[i] += " (" + f.url + ")"
			}
		}
		return strings.Join(lines, "\n")
	case pieceHeading:
		return underline(p.text, "-")
	case pieceSubhead:
		return p.text + ":"
	case pieceText:
		return p.text
	case pieceLabelled:
		return p.label + ": " + p.text
	case pieceCode:
		lines := strings.Split(p.text, "\n")
		for i, l := range lines {
			if l != "" {
				lines[i] = "    " + l
			}
		}
		return strings.Join(lines, "\n")
	case pieceLinks:
		lines := make([]string, len(p.links))
		for i, l := range p.links {
			lines[i] = "- " + l
		}
		return strings.Join(lines, "\n")
	case pieceDocLink:
		return "Documentation: " + p.text
	}
	return ""
}

// underline returns s over a line of c as long as s.
func underline(s, c string) string {
	return s + "\n" + strings.Repeat(c, len([]rune(s)))
}

// autoFixText is the documentation's line about the automatic fix.
func autoFixText(s string) string {
	if s == "" {
		return "None: `dynamoguard fix` has no automatic fix for this rule."
	}
	return s
}
