package report

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/dynamoguard/dynamoguard/rules"
)

// WriteGitHub writes the findings that count as GitHub Actions workflow
// commands, one line each, so that they show as annotations on the diff of
// a pull request without code scanning:
//
//	::error file=infra/main.tf,line=20,col=1,endLine=20,endColumn=38,title=DDB101 table-aws-owned-key::table "orders" …
//
// The level follows the severity: critical and high are errors, medium
// warnings, low and note notices. Property values and the message are
// escaped as GitHub documents (% as %25, CR as %0D, LF as %0A, and in
// properties : as %3A and , as %2C). File names are relative to the scan
// root, the repository root in a checkout. Suppressed findings are left
// out; the last line, a plain one, is the summary.
func WriteGitHub(w io.Writer, s *Scan) error {
	var b bytes.Buffer
	names := map[string]string{}
	for _, r := range s.Rules {
		names[r.ID] = r.Name
	}
	for _, f := range s.Result.Findings {
		if f.Suppression != nil {
			continue
		}
		r := FindingRange(f)
		props := []string{}
		if r.Filename != "" {
			props = append(props, "file="+escapeProperty(r.Filename))
			if r.Start.Line > 0 {
				props = append(props, "line="+strconv.Itoa(r.Start.Line))
				single := r.End.Line == r.Start.Line
				if single && r.Start.Column > 0 {
					props = append(props, "col="+strconv.Itoa(r.Start.Column))
				}
				if r.End.Line >= r.Start.Line {
					props = append(props, "endLine="+strconv.Itoa(r.End.Line))
				}
				if single && r.End.Column > r.Start.Column {
					props = append(props, "endColumn="+strconv.Itoa(r.End.Column))
				}
			}
		}
		title := strings.TrimSpace(f.RuleID + " " + names[f.RuleID])
		props = append(props, "title="+escapeProperty(title))
		msg := fmt.Sprintf("[%s] %s (%s; docs: %s)", f.Severity, f.Message, f.Resource.Address, DocURL(f.RuleID))
		if f.Resource.Address == "" {
			msg = fmt.Sprintf("[%s] %s (docs: %s)", f.Severity, f.Message, DocURL(f.RuleID))
		}
		fmt.Fprintf(&b, "::%s %s::%s\n", annotationLevel(f.Severity), strings.Join(props, ","), escapeData(msg))
	}
	b.WriteString(ToolName + ": " + summary(s, len(s.Diagnostics), len(s.NotAnalysed)) + "\n")
	if _, err := w.Write(b.Bytes()); err != nil {
		return fmt.Errorf("write GitHub annotations: %w", err)
	}
	return nil
}

func annotationLevel(sev rules.Severity) string {
	switch sev {
	case rules.Critical, rules.High:
		return "error"
	case rules.Medium:
		return "warning"
	}
	return "notice"
}

// escapeData escapes a workflow command's message.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a workflow command's property value.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
