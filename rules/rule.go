// Package rules holds the rule catalogue, the engine that runs rules over a
// model.Project, and the findings they report. A rule is data plus a pure
// check function; the registry is the explicit, sorted slice All.
package rules

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/dynamoguard/dynamoguard/model"
)

// Severity ranks findings; it maps to SARIF levels and GitHub's
// security-severity.
type Severity uint8

// The severities, lowest first.
const (
	// SeverityInvalid is the zero Severity: nobody set it.
	SeverityInvalid Severity = iota
	Note
	Low
	Medium
	High
	Critical
)

// SeverityNames are the valid severity names, lowest first.
var SeverityNames = []string{"note", "low", "medium", "high", "critical"}

// String names the severity in lower case.
func (s Severity) String() string {
	if s > SeverityInvalid && int(s) <= len(SeverityNames) {
		return SeverityNames[s-1]
	}
	return "invalid"
}

// MarshalText renders the severity by name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// ParseSeverity reads a severity name, case-insensitively.
func ParseSeverity(name string) (Severity, error) {
	for i, n := range SeverityNames {
		if strings.EqualFold(name, n) {
			return Severity(i + 1), nil
		}
	}
	return SeverityInvalid, fmt.Errorf("unknown severity %q (valid: %s)", name, strings.Join(SeverityNames, ", "))
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
	// must be reported end with a `want "ID"` marker comment. A format that
	// has no such resource has neither (its Fix text says so).
	Terraform      Example
	CloudFormation Example
	// References are links to the platform documentation.
	References []string
	// AutoFix says what `dynamoguard fix` changes for a finding of the
	// rule, and when it needs a flag; "" for a rule without automatic fix.
	AutoFix string
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
	// Controls are the AWS Security Hub controls the rule evidences
	// ("DynamoDB.2"), sorted; none for most rules.
	Controls []string
	Doc      Doc
	// Check inspects the project and reports through the pass. It must be
	// pure: no I/O, no state, deterministic.
	Check func(*Pass)
}

// DocURL is the address of the rule's documentation page.
func (r *Rule) DocURL() string {
	return DocsBaseURL + r.ID + ".md"
}

// ControlURL is the address of the documentation of a Security Hub control
// of DynamoDB ("DynamoDB.2").
func ControlURL(control string) string {
	anchor := strings.ToLower(strings.ReplaceAll(control, ".", "-"))
	return "https://docs.aws.amazon.com/securityhub/latest/userguide/dynamodb-controls.html#" + anchor
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
	// Related are the places that explain the finding: the module calls
	// that instantiated the resource, innermost first, then the inputs its
	// value came from.
	Related []model.Related `json:"related,omitempty"`
	// Fingerprint identifies the finding across unrelated edits; the scan
	// pipeline sets it from the scan root.
	Fingerprint string `json:"fingerprint,omitempty"`
	// Suppression is set by the scan pipeline when a suppression or the
	// baseline accepts the finding; nil for a finding that counts.
	Suppression *Suppression `json:"suppression,omitempty"`
	// Changes are what the rule asks to change to fix the finding; none
	// when the rule offers no automatic fix.
	Changes []Change `json:"-"`
	// Fix is the fix the scan pipeline made of Changes for this source;
	// nil when none is offered, and NoFix then says why.
	Fix   *SuggestedFix `json:"fix,omitempty"`
	NoFix string        `json:"no_fix,omitempty"`
}

// fingerprintVersion is hashed first, so that a change of scheme changes
// every fingerprint; bump it together with the SARIF key's suffix.
const fingerprintVersion = "dynamoguard/v1"

// ComputeFingerprint identifies the finding across runs: the first 32 hex
// digits of the SHA-256 of the rule ID, the file (relative to the scan
// root, as every model range is), the resource address and the attribute
// path, and for a resource of a child module the root module it was
// reached from. Positions are left out, so the fingerprint survives edits
// elsewhere in the file; it changes when the finding moves to another
// resource, attribute or file.
func (f *Finding) ComputeFingerprint() string {
	parts := []string{fingerprintVersion, f.RuleID, f.Range.Filename, f.Resource.Address, f.Attribute}
	if len(f.Resource.CalledFrom) > 0 {
		// Module code: the same module instance address may be reached
		// from two root modules.
		parts = append(parts, f.Resource.Scope)
	}
	h := sha256.New()
	for _, part := range parts {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
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

// Settings are the organisation's choices, from the configuration file,
// that some rules read.
type Settings struct {
	// AllowedRegions are the regions replicas may be in; empty: any.
	AllowedRegions []string
	// TrustedAccounts are the AWS accounts outside the project's own that
	// may receive data or access.
	TrustedAccounts []string
	// RequireReplicas makes every table need a replica, not only critical
	// ones.
	RequireReplicas bool
	// RequireBackupPlan makes tables need a backup plan even when the
	// project has none.
	RequireBackupPlan bool
	// ExportBuckets are bucket-name globs that receive table exports.
	ExportBuckets []string
	// IsCritical reports whether a table, by name and tags, is critical,
	// and whether that is decided when the name is not known or not every
	// tag is in tags; nil: none is.
	IsCritical func(name string, nameKnown bool, tags map[string]string, tagsComplete bool) (critical, decided bool)
	// FixKMSKey is the customer managed key that fixes naming a key use
	// (dynamoguard fix --kms-key): a key's address or logical ID, or an
	// ARN; "" lets them use the only key of the module or template.
	FixKMSKey string
}

// Pass is what a rule's Check is given: the project, the settings, and
// where to report.
type Pass struct {
	Project  *model.Project
	Settings *Settings
	rule     *Rule
	severity Severity
	result   *ruleResult
	// running are the rules of the run.
	running []*Rule
	// shared is what the rules of the run compute once for all of them.
	shared *runShared
}

// Runs reports whether rule r is part of this run: a rule leaves to
// another that runs a finding both would make about one root cause.
func (p *Pass) Runs(r *Rule) bool {
	for _, x := range p.running {
		if x == r {
			return true
		}
	}
	return false
}

// last is the finding the running rule reported last.
func (p *Pass) last() *Finding { return p.result.found.last() }

// Report records a finding of the running rule on the attribute described
// by at (its path, range and origins) of resource res. The finding's
// related locations are the module calls that instantiated res and the
// inputs at came from.
func (p *Pass) Report(res model.Resource, at model.Meta, format string, args ...any) {
	p.ReportRelated(res, at, nil, format, args...)
}

// ReportRelated is Report with further related locations (a replica's
// primary), listed after the module calls and before the inputs.
func (p *Pass) ReportRelated(res model.Resource, at model.Meta, extra []model.Related, format string, args ...any) {
	var related []model.Related
	for i := len(res.CalledFrom) - 1; i >= 0; i-- {
		c := res.CalledFrom[i]
		related = append(related, model.Related{Range: c.Range, Message: "called from " + c.Address})
	}
	related = append(related, extra...)
	for _, o := range at.Origins {
		if !o.Range.IsZero() {
			related = append(related, model.Related{Range: o.Range, Message: "value from " + o.String()})
		}
	}
	p.result.found.add(Finding{
		RuleID:    p.rule.ID,
		Severity:  p.severity,
		Resource:  res,
		Attribute: at.Path,
		Range:     at.Range,
		Message:   qualify(res, fmt.Sprintf(format, args...)),
		Related:   related,
	})
}

// qualify prefixes a message with what tells the user which variant of a
// resource it is about: the conditions it is created under, and the CDK
// construct that synthesized it.
func qualify(res model.Resource, msg string) string {
	if c := res.Construct(); c != "" {
		msg = "in CDK construct " + c + ", " + msg
	}
	switch n := len(res.Conditions); {
	case n == 1:
		msg = "when condition " + res.Conditions[0] + " holds, " + msg
	case n > 1:
		msg = "when conditions " + strings.Join(res.Conditions[:n-1], ", ") + " and " + res.Conditions[n-1] + " hold, " + msg
	}
	return msg
}

// Skip records that the running rule could not decide on the attribute
// described by at of res because its value is unknown.
func (p *Pass) Skip(res model.Resource, at model.Meta) {
	p.result.skipped = append(p.result.skipped, Skipped{
		RuleIDs:   []string{p.rule.ID},
		Resource:  res,
		Attribute: at.Path,
		Range:     at.Range,
		Reason:    at.Reason,
	})
}
