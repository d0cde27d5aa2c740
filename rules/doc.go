package rules

import (
	"fmt"
	"regexp"
	"strings"
)

// markerPattern matches an expectation marker comment at the end of a line:
// `# want "DDB101"`, `// skip "DDB102" "DDB103"`, and the blanks before it.
var markerPattern = regexp.MustCompile(`[ \t]*(?:#|//)[ \t]*(?:want|skip)(?:[ \t]+"(?:[^"\\\n]|\\.)*")+[ \t]*$`)

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

// Markdown renders the rule's documentation page.
func (r *Rule) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s: %s\n\n", r.ID, r.Title)
	fmt.Fprintf(&b, "| | |\n|---|---|\n| ID | `%s` |\n| Name | `%s` |\n| Severity | %s |\n| CWE | [%s](https://cwe.mitre.org/data/definitions/%s.html) |\n| Precision | %s |\n\n",
		r.ID, r.Name, r.Severity, r.CWE, strings.TrimPrefix(r.CWE, "CWE-"), r.Precision)
	fmt.Fprintf(&b, "## Why it matters\n\n%s\n\n", r.Doc.Why)
	fmt.Fprintf(&b, "## How to fix it\n\n**Terraform.** %s\n\n**CloudFormation.** %s\n\n", r.Doc.FixTerraform, r.Doc.FixCloudFormation)
	b.WriteString("## Examples\n\n")
	for _, ex := range []struct {
		format, lang string
		ex           Example
	}{{"Terraform", "hcl", r.Doc.Terraform}, {"CloudFormation", "yaml", r.Doc.CloudFormation}} {
		fmt.Fprintf(&b, "### %s\n\nReported:\n\n```%s\n%s```\n\nNot reported:\n\n```%s\n%s```\n\n",
			ex.format, ex.lang, StripMarkers(ex.ex.Bad), ex.lang, StripMarkers(ex.ex.Good))
	}
	b.WriteString("## Suppressing\n\n")
	fmt.Fprintf(&b, "Findings of this rule fail the gate from `--fail-on %s` or lower. Run only some rules with `--rule`, or leave this one out with `--skip-rule %s`.\n",
		r.Severity, r.ID)
	if len(r.Doc.References) > 0 {
		b.WriteString("\n## References\n\n")
		for _, ref := range r.Doc.References {
			fmt.Fprintf(&b, "- <%s>\n", ref)
		}
	}
	return b.String()
}
