// Package rules holds the rule catalogue, the engine that runs rules over a
// model.Project, and the findings they report. A rule is data plus a pure
// check function; the registry is the explicit, sorted slice All.
package rules

import (
	"fmt"
	"strings"

	"github.com/dynamoguard/dynamoguard/model"
)

// Severity ranks findings; it maps to SARIF levels and GitHub's
// security-severity.
type Severity uint8

// The severities, lowest first.
const (
	Note Severity = iota
	Low
	Medium
	High
	Critical
)

var severityNames = [...]string{"note", "low", "medium", "high", "critical"}

// String names the severity in lower case.
func (s Severity) String() string {
	if int(s) < len(severityNames) {
		return severityNames[s]
	}
	return fmt.Sprintf("Severity(%d)", uint8(s))
}

// MarshalText renders the severity by name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// ParseSeverity reads a severity name, case-insensitively.
func ParseSeverity(name string) (Severity, error) {
	for i, n := range severityNames {
		if strings.EqualFold(name, n) {
			return Severity(i), nil
		}
	}
	return 0, fmt.Errorf("unknown severity %q (valid: %s)", name, strings.Join(severityNames[:], ", "))
}

// SecurityScore is GitHub's security-severity for the severity.
func (s Severity) SecurityScore() string {
	switch s {
	case Critical:
		return "9.5"
	case High:
		return "8.0"
	case Medium:
		return "5.5"
	case Low:
		return "3.0"
	}
	return "0.0"
}

// Example is a pair of snippets in one format: Bad produces the rule's
// finding on the lines marked in it, Good produces none.
type Example struct {
	Bad  string
	Good string
}

// Doc is a rule's documentation; it becomes the docs page and the SARIF help.
type Doc struct {
	// Why says what the rule detects and why it matters, in a paragraph.
	Why string
	// FixTerraform and FixCloudFormation say how to fix it in each format.
	FixTerraform      string
	FixCloudFormation string
	// Terraform and CloudFormation are runnable snippets; Bad lines that
	// must be reported end with a `want "ID"` marker comment.
	Terraform      Example
	CloudFormation Example
	// References are links to the platform documentation.
	References []string
}

// Rule is one check of the catalogue.
type Rule struct {
	// ID is permanent: DDB + family digit + two digits.
	ID string
	// Name is the kebab-case name, for humans.
	Name string
	// Title is a one-line summary.
	Title string
	// Severity is the default severity.
	Severity Severity
	// CWE is the weakness the rule detects, as "CWE-311".
	CWE string
	// Precision is SARIF's precision: very-high, high, medium or low.
	Precision string
	Doc       Doc
	// Check inspects the project and reports through the pass. It must be
	// pure: no I/O, no state, deterministic.
	Check func(*Pass)
}

// DocURL is the address of the rule's documentation page.
func (r *Rule) DocURL() string {
	return DocsBaseURL + r.ID + ".md"
}

// DocsBaseURL is where the rule pages are published.
const DocsBaseURL = "https://github.com/dynamoguard/dynamoguard/blob/main/docs/rules/"

// Finding is one problem a rule found.
type Finding struct {
	RuleID   string         `json:"rule_id"`
	Severity Severity       `json:"severity"`
	Resource model.Resource `json:"resource"`
	// Attribute is the attribute path in the file's own dialect
	// ("server_side_encryption.enabled", "replica[eu-west-1].kms_key_arn",
	// "SSESpecification.SSEEnabled"). With RuleID and the resource address
	// it identifies the finding across unrelated edits.
	Attribute string      `json:"attribute"`
	Range     model.Range `json:"range"`
	// Message is one line: what is wrong, why it matters, how to fix it.
	Message string `json:"message"`
}

// Skipped records a check that could not be made because a value was
// unknown: no finding, but the user is told what was not analysed.
type Skipped struct {
	// RuleIDs are the rules that could not decide, sorted.
	RuleIDs   []string       `json:"rule_ids"`
	Resource  model.Resource `json:"resource"`
	Attribute string         `json:"attribute"`
	Range     model.Range    `json:"range"`
	Reason    string         `json:"reason"`
}

// Pass is what a rule's Check is given: the project, and where to report.
type Pass struct {
	Project *model.Project
	rule    *Rule
	result  *Result
}

// Report records a finding of the running rule at r.
func (p *Pass) Report(res model.Resource, attribute string, r model.Range, format string, args ...any) {
	p.result.Findings = append(p.result.Findings, Finding{
		RuleID:    p.rule.ID,
		Severity:  p.rule.Severity,
		Resource:  res,
		Attribute: attribute,
		Range:     r,
		Message:   fmt.Sprintf(format, args...),
	})
}

// Skip records that the running rule could not decide on attribute of res
// because its value is unknown.
func (p *Pass) Skip(res model.Resource, attribute string, r model.Range, reason string) {
	p.result.Skipped = append(p.result.Skipped, Skipped{
		RuleIDs:   []string{p.rule.ID},
		Resource:  res,
		Attribute: attribute,
		Range:     r,
		Reason:    reason,
	})
}
