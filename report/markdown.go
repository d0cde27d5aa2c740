package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/dynamoguard/dynamoguard/rules"
)

// MarkdownLimit is the most characters WriteMarkdown writes: GitHub takes
// up to 65,536 in a pull-request comment or a step summary, and the report
// stays below with room to spare.
const MarkdownLimit = 60000

// MarkdownOptions configures WriteMarkdown.
type MarkdownOptions struct {
	// LinkBase is put before "path#Lline" in the links to findings, such
	// as "https://github.com/OWNER/REPO/blob/SHA/"; "" gives links
	// relative to the scan root.
	LinkBase string
	// Limit caps the length of the report; 0 means MarkdownLimit.
	Limit int
}

// WriteMarkdown writes the scan for a pull-request comment or
// $GITHUB_STEP_SUMMARY: a table of the findings by severity (new, in the
// baseline, suppressed in the source), the baseline entries that no longer
// occur, then the new findings grouped by file, each with a link to its
// line, its message and its rule's documentation. When the report would be
// longer than the limit, the findings that do not fit are counted instead.
func WriteMarkdown(w io.Writer, s *Scan, opts MarkdownOptions) error {
	limit := opts.Limit
	if limit <= 0 {
		limit = MarkdownLimit
	}
	var head strings.Builder
	tally := s.Tally()
	head.WriteString("## " + ToolName + "\n\n")
	switch tally.New {
	case 0:
		head.WriteString("No new findings.")
	case 1:
		head.WriteString("**1 new finding.**")
	default:
		fmt.Fprintf(&head, "**%d new findings.**", tally.New)
	}
	fmt.Fprintf(&head, " %s scanned.\n\n", plural(len(s.Files), "file"))
	var rows [rules.Critical + 1][3]int
	for _, f := range s.Result.Findings {
		if int(f.Severity) >= len(rows) {
			continue
		}
		col := 0
		switch {
		case f.Suppression == nil:
		case f.Suppression.Kind == rules.External:
			col = 1
		default:
			col = 2
		}
		rows[f.Severity][col]++
	}
	head.WriteString("| severity | new | baselined | suppressed |\n|---|---:|---:|---:|\n")
	for sev := rules.Critical; sev >= rules.Note; sev-- {
		r := rows[sev]
		fmt.Fprintf(&head, "| %s | %d | %d | %d |\n", sev, r[0], r[1], r[2])
	}
	fmt.Fprintf(&head, "| **total** | **%d** | **%d** | **%d** |\n", tally.New, tally.Baselined, tally.InSource)
	if gone := s.GoneMessage(); gone != "" {
		head.WriteString("\n" + strings.Replace(gone, "dynamoguard baseline", "`dynamoguard baseline`", 1) + ".\n")
	}
	var extra []string
	if n := len(s.Diagnostics); n > 0 {
		extra = append(extra, plural(n, "diagnostic"))
	}
	if n := len(s.Result.Skipped) + len(s.NotAnalysed); n > 0 {
		extra = append(extra, strconv.Itoa(n)+" not analysed (checks whose values are unknown, input not read)")
	}
	if len(extra) > 0 {
		head.WriteString("\n" + strings.Join(extra, ", ") + " (see the text, JSON or SARIF report).\n")
	}

	// The findings, by file in the order of the scan (sorted by file).
	var body []string
	file := "\x00"
	for _, f := range s.Result.Findings {
		if f.Suppression != nil {
			continue
		}
		r := FindingRange(f)
		var block strings.Builder
		if r.Filename != file {
			file = r.Filename
			fmt.Fprintf(&block, "\n### `%s`\n\n", codeSpan(file))
		}
		where := "file"
		link := opts.LinkBase + linkPath(r.Filename)
		if r.Start.Line > 0 {
			where = "line " + strconv.Itoa(r.Start.Line)
			link += "#L" + strconv.Itoa(r.Start.Line)
		}
		fmt.Fprintf(&block, "- **%s** [%s](%s) [%s](%s): %s", f.Severity, f.RuleID, DocURL(f.RuleID), where, link, escapeMarkdown(f.Message))
		if f.Resource.Address != "" {
			fmt.Fprintf(&block, " (`%s`)", codeSpan(f.Resource.Address))
		}
		block.WriteString("\n")
		body = append(body, block.String())
	}
	out := head.String()
	for i, b := range body {
		left := len(body) - i
		more := fmt.Sprintf("\n… and %d more new findings not shown here: see the SARIF, JSON or text report.\n", left)
		need := len(b)
		if left > 1 {
			need += len(more)
		}
		if len(out)+need > limit {
			out += more
			break
		}
		out += b
	}
	if _, err := io.WriteString(w, out); err != nil {
		return fmt.Errorf("write Markdown report: %w", err)
	}
	return nil
}

// linkPath escapes a file name for a link target.
func linkPath(name string) string {
	return strings.NewReplacer(" ", "%20", "(", "%28", ")", "%29", "#", "%23", "?", "%3F").Replace(name)
}

// escapeMarkdown escapes what Markdown would read as markup in a message.
func escapeMarkdown(s string) string {
	var b strings.Builder
	for _, c := range clean(s) {
		if strings.ContainsRune("\\`*_[]<>|~", c) {
			b.WriteByte('\\')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// codeSpan makes s safe inside a single-backtick code span.
func codeSpan(s string) string { return strings.ReplaceAll(clean(s), "`", "'") }
