package sarif

import (
	"strings"

	"github.com/dynamoguard/dynamoguard/rules"
)

// example is one snippet of a rule's help.
type example struct {
	title, lang, code string
}

func examples(r *rules.Rule) []example {
	var ex []example
	add := func(title, lang, code string) {
		if strings.TrimSpace(code) != "" {
			ex = append(ex, example{title, lang, strings.Trim(rules.StripMarkers(code), "\n")})
		}
	}
	add("Terraform, flagged", "hcl", r.Doc.Terraform.Bad)
	add("Terraform, fixed", "hcl", r.Doc.Terraform.Good)
	cfn := func(code string) string {
		if strings.HasPrefix(strings.TrimSpace(code), "{") {
			return "json"
		}
		return "yaml"
	}
	add("CloudFormation, flagged", cfn(r.Doc.CloudFormation.Bad), r.Doc.CloudFormation.Bad)
	add("CloudFormation, fixed", cfn(r.Doc.CloudFormation.Good), r.Doc.CloudFormation.Good)
	return ex
}

// helpText is the plain-text help: why, the fixes, the examples indented.
func helpText(r *rules.Rule) string {
	var b strings.Builder
	b.WriteString(strings.TrimSpace(r.Doc.Why) + "\n")
	if fix := strings.TrimSpace(r.Doc.FixTerraform); fix != "" {
		b.WriteString("\nFix (Terraform): " + fix + "\n")
	}
	if fix := strings.TrimSpace(r.Doc.FixCloudFormation); fix != "" {
		b.WriteString("\nFix (CloudFormation): " + fix + "\n")
	}
	for _, e := range examples(r) {
		b.WriteString("\n" + e.title + ":\n\n")
		for _, l := range strings.Split(e.code, "\n") {
			if l == "" {
				b.WriteString("\n")
			} else {
				b.WriteString("    " + l + "\n")
			}
		}
	}
	for i, ref := range r.Doc.References {
		if i == 0 {
			b.WriteString("\nReferences:\n")
		}
		b.WriteString("- " + ref + "\n")
	}
	b.WriteString("\nDocumentation: " + r.DocURL() + "\n")
	return b.String()
}

// helpMarkdown is the Markdown help GitHub shows beside an alert.
func helpMarkdown(r *rules.Rule) string {
	var b strings.Builder
	b.WriteString("**" + r.ID + " " + r.Name + "**: " + strings.TrimSpace(r.Title) + "\n\n")
	b.WriteString(strings.TrimSpace(r.Doc.Why) + "\n")
	if fix := strings.TrimSpace(r.Doc.FixTerraform); fix != "" {
		b.WriteString("\n## Fix in Terraform\n\n" + fix + "\n")
	}
	if fix := strings.TrimSpace(r.Doc.FixCloudFormation); fix != "" {
		b.WriteString("\n## Fix in CloudFormation\n\n" + fix + "\n")
	}
	if ex := examples(r); len(ex) > 0 {
		b.WriteString("\n## Examples\n")
		for _, e := range ex {
			f := fence(e.code)
			b.WriteString("\n" + e.title + ":\n\n" + f + e.lang + "\n" + e.code + "\n" + f + "\n")
		}
	}
	for i, ref := range r.Doc.References {
		if i == 0 {
			b.WriteString("\n## References\n\n")
		}
		b.WriteString("- <" + ref + ">\n")
	}
	return b.String()
}

// fence returns a code fence longer than any run of backquotes in code.
func fence(code string) string {
	f := "```"
	for strings.Contains(code, f) {
		f += "`"
	}
	return f
}
