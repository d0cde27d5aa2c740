package report

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/dynamoguard/dynamoguard/model"
	"github.com/dynamoguard/dynamoguard/rules"
)

// TextOptions configures WriteText. The zero value writes plain text without
// source snippets.
type TextOptions struct {
	// Color turns on ANSI colours; leave it off unless writing to a
	// terminal.
	Color bool
	// Source reads a file, for snippets; nil means no snippets. It is
	// given the file's path: the scan's name for it joined to Scan.Root
	// (an absolute path, as Root is), or the name itself when that is
	// absolute. os.ReadFile will do. A file that cannot be read gets no
	// snippet.
	Source func(path string) ([]byte, error)
	// Context is how many lines to show before and after a finding's lines.
	Context int
}

// maxSnippetLines caps how many lines of a long range a snippet shows.
const maxSnippetLines = 5

// maxSnippetWidth is the longest line, in bytes, a snippet shows.
const maxSnippetWidth = 1000

// ANSI escape sequences.
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiBlue   = "\x1b[34m"
	ansiCyan   = "\x1b[36m"
)

func severityColor(s rules.Severity) string {
	switch s {
	case rules.Critical:
		return ansiBold + ansiRed
	case rules.High:
		return ansiRed
	case rules.Medium:
		return ansiYellow
	case rules.Low:
		return ansiCyan
	}
	return ansiBlue
}

// textWriter accumulates the report; paint wraps text in a colour when
// colours are on.
type textWriter struct {
	buf    bytes.Buffer
	scan   *Scan
	opts   TextOptions
	source map[string][]string
}

func (t *textWriter) paint(color, s string) string {
	if !t.opts.Color || color == "" {
		return s
	}
	return color + s + ansiReset
}

// WriteText writes the scan for people: each finding with its location,
// severity, rule ID and message, then (with opts.Source) the source lines it
// points at, the related locations that explain it (the module calls that
// instantiated the resource, the inputs its value came from), then its
// resource and documentation link; after the findings, the diagnostics,
// what was not analysed, and a summary line. File names are shown relative
// to s.Cwd (see Scan.DisplayPath), so that they can be opened from the
// directory the scan ran in.
func WriteText(w io.Writer, s *Scan, opts TextOptions) error {
	t := &textWriter{scan: s, opts: opts, source: map[string][]string{}}
	for _, f := range s.Result.Findings {
		if f.Suppression == nil {
			t.finding(f)
		}
	}
	diags := s.SortedDiagnostics()
	for _, d := range diags {
		t.diagnostic(d)
	}
	notAnalysed := s.SortedNotAnalysed()
	if len(s.Result.Skipped)+len(notAnalysed) > 0 {
		if len(diags) > 0 {
			t.buf.WriteString("\n")
		}
		t.buf.WriteString(t.paint(ansiBold, "not analysed:") + "\n")
		for _, sk := range s.Result.Skipped {
			fmt.Fprintf(&t.buf, "  %s [%s] %s %s: %s\n", t.position(sk.Range), strings.Join(sk.RuleIDs, ", "),
				clean(sk.Resource.Address), clean(sk.Attribute), clean(sk.Reason))
		}
		for _, na := range notAnalysed {
			fmt.Fprintf(&t.buf, "  %s %s: %s\n", t.position(na.Range), clean(na.What), clean(na.Reason))
		}
	}
	var out bytes.Buffer
	if body := bytes.TrimRight(t.buf.Bytes(), "\n"); len(body) > 0 {
		out.Write(body)
		out.WriteString("\n\n")
	}
	out.WriteString(summary(s, len(diags), len(notAnalysed)))
	out.WriteString("\n")
	if _, err := w.Write(out.Bytes()); err != nil {
		return fmt.Errorf("write text report: %w", err)
	}
	return nil
}

func (t *textWriter) finding(f rules.Finding) {
	r := FindingRange(f)
	fmt.Fprintf(&t.buf, "%s %s [%s] %s\n", t.paint(ansiBold, t.position(r)),
		t.paint(severityColor(f.Severity), f.Severity.String()), f.RuleID, clean(f.Message))
	t.snippet(r, severityColor(f.Severity))
	for _, rel := range f.Related {
		t.buf.WriteString("  " + clean(RelatedMessage(rel)))
		if rel.Range.Filename != "" {
			t.buf.WriteString(" (" + t.location(rel.Range) + ")")
		}
		t.buf.WriteString("\n")
	}
	if f.Fix != nil {
		path := r.Filename
		if f.Fix.AtOrigin || len(f.Resource.CalledFrom) > 0 {
			// The fix is made from the root module or template that gives
			// the value.
			path = f.Resource.Scope
		}
		fmt.Fprintf(&t.buf, "  fix: %s\n", FixCommand(f, clean(t.scan.DisplayPath(path))))
	}
	if f.Resource.Address == "" {
		fmt.Fprintf(&t.buf, "  docs: %s\n\n", DocURL(f.RuleID))
		return
	}
	fmt.Fprintf(&t.buf, "  resource: %s   docs: %s\n\n", clean(f.Resource.Address), DocURL(f.RuleID))
}

func (t *textWriter) diagnostic(d model.Diagnostic) {
	color := ansiYellow
	if d.Severity == model.DiagError {
		color = ansiRed
	}
	if d.Subject.Filename != "" {
		t.buf.WriteString(t.paint(ansiBold, t.position(d.Subject)) + " ")
	}
	t.buf.WriteString(t.paint(color, d.Severity.String()+":") + " " + clean(d.Summary))
	if d.Detail != "" {
		t.buf.WriteString(": " + clean(d.Detail))
	}
	t.buf.WriteString("\n")
}

// position renders a range as "file:line:col:", leaving out what is unknown.
func (t *textWriter) position(r model.Range) string { return t.location(r) + ":" }

// location renders a range as "file:line:col", the file relative to the
// working directory, leaving out what is unknown.
func (t *textWriter) location(r model.Range) string {
	var b strings.Builder
	b.WriteString(clean(t.scan.DisplayPath(r.Filename)))
	if r.Start.Line > 0 {
		b.WriteString(":" + strconv.Itoa(r.Start.Line))
		if r.Start.Column > 0 {
			b.WriteString(":" + strconv.Itoa(r.Start.Column))
		}
	}
	return b.String()
}

// lines returns the lines of a file, read once per report.
func (t *textWriter) lines(name string) []string {
	if ls, ok := t.source[name]; ok {
		return ls
	}
	var ls []string
	if src, err := t.opts.Source(t.scan.sourcePath(name)); err == nil {
		ls = strings.Split(decodeText(src), "\n")
		for i, l := range ls {
			ls[i] = strings.TrimSuffix(l, "\r")
		}
		if n := len(ls); n > 0 && ls[n-1] == "" {
			ls = ls[:n-1]
		}
	}
	t.source[name] = ls
	return ls
}

// decodeText returns the text of a source file: UTF-8 without its byte order
// mark, or UTF-16 with one converted, as the parsers read them, so that
// columns line up.
func decodeText(src []byte) string {
	if !bytes.HasPrefix(src, []byte{0xFF, 0xFE}) && !bytes.HasPrefix(src, []byte{0xFE, 0xFF}) {
		return strings.TrimPrefix(string(src), "\uFEFF")
	}
	out, _, err := transform.Bytes(unicode.BOMOverride(unicode.UTF8.NewDecoder()), src)
	if err != nil {
		return string(src)
	}
	return string(out)
}

// snippet writes the lines r covers (at most maxSnippetLines of them) with
// Context lines around, and underlines r on its first line.
func (t *textWriter) snippet(r model.Range, color string) {
	if t.opts.Source == nil || r.Filename == "" || r.Start.Line <= 0 {
		return
	}
	ls := t.lines(r.Filename)
	if r.Start.Line > len(ls) || len(ls[r.Start.Line-1]) > maxSnippetWidth {
		return // a minified file, such as a Terraform plan, has no lines to show
	}
	last := r.Start.Line
	if r.End.Line > last {
		last = r.End.Line
		if r.End.Column <= 1 {
			last-- // the range ends at the start of that line
		}
	}
	last = min(last, r.Start.Line+maxSnippetLines-1, len(ls))
	ctx := max(t.opts.Context, 0)
	from, to := max(1, r.Start.Line-ctx), min(len(ls), last+ctx)
	width := len(strconv.Itoa(to))
	gutter := func(label string) string {
		return t.paint(ansiDim, fmt.Sprintf("  %*s | ", width, label))
	}
	for n := from; n <= to; n++ {
		t.buf.WriteString(strings.TrimRight(gutter(strconv.Itoa(n))+clean(ls[n-1]), " "))
		t.buf.WriteString("\n")
		if n == r.Start.Line {
			if u := underline(ls[n-1], r); u != "" {
				t.buf.WriteString(gutter("") + t.paint(color, u) + "\n")
			}
		}
	}
}

// underline returns the marker line for r on its first line: blanks up to
// the start column (tabs kept, so that it lines up), then a caret and tildes
// to the end column, or to the end of the line when r spans several lines.
func underline(line string, r model.Range) string {
	runes := []rune(clean(line))
	start := r.Start.Column - 1
	if start < 0 || start > len(runes) {
		return ""
	}
	end := start + 1 // a caret alone, when the range is empty or odd
	switch {
	case r.End.Line > r.Start.Line:
		end = len([]rune(strings.TrimRight(string(runes), " \t")))
	case r.End.Line == r.Start.Line && r.End.Column > r.Start.Column:
		end = min(r.End.Column-1, len(runes))
	}
	var b strings.Builder
	for _, c := range runes[:start] {
		if c == '\t' {
			b.WriteRune('\t')
		} else {
			b.WriteRune(' ')
		}
	}
	b.WriteString("^")
	if end-start > 1 {
		b.WriteString(strings.Repeat("~", end-start-1))
	}
	return b.String()
}

// clean replaces control characters (other than tab) and invalid UTF-8, so
// that input text cannot send escape sequences to a terminal.
func clean(s string) string {
	ok := true
	for _, c := range s {
		if isControl(c) || c == utf8.RuneError {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	for _, c := range s {
		if isControl(c) {
			c = utf8.RuneError
		}
		b.WriteRune(c)
	}
	return b.String()
}

func isControl(c rune) bool {
	return (c < 0x20 && c != '\t') || (c >= 0x7f && c < 0xa0)
}

// summary is the last line of the text report.
func summary(s *Scan, diags, inputs int) string {
	c := s.CountFindings()
	var b strings.Builder
	tally := s.Tally()
	fmt.Fprintf(&b, "%s (critical %d, high %d, medium %d, low %d, note %d) in %s; %s; %s not analysed",
		plural(tally.New, "finding"),
		c[rules.Critical], c[rules.High], c[rules.Medium], c[rules.Low], c[rules.Note],
		plural(len(s.Files), "file"), plural(diags, "diagnostic"), plural(len(s.Result.Skipped), "check"))
	if inputs > 0 {
		fmt.Fprintf(&b, "; %s not analysed", plural(inputs, "input"))
	}
	if tally.InSource+tally.Baselined > 0 {
		fmt.Fprintf(&b, "; %d suppressed (%d in the source, %d in the baseline)", tally.InSource+tally.Baselined, tally.InSource, tally.Baselined)
	}
	if gone := s.GoneMessage(); gone != "" {
		b.WriteString("\n" + gone)
	}
	return b.String()
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// FixCommand is the command line that applies the automatic fix of a
// finding in file: "dynamoguard fix --rule DDB201 main.tf".
func FixCommand(f rules.Finding, file string) string {
	args := []string{"dynamoguard", "fix", "--rule", f.RuleID}
	if f.Fix != nil && f.Fix.AtOrigin {
		args = append(args, "--at-origin")
	}
	if f.Fix != nil && f.Fix.ReplacesResource {
		args = append(args, "--allow-replacement")
	}
	return strings.Join(append(args, file), " ")
}
