package rules

import "github.com/dynamoguard/dynamoguard/model"

// SuppressionKind says who accepted a finding: a suppression written in
// the source, or the baseline file. The zero kind is invalid.
type SuppressionKind uint8

const (
	// SuppressionInvalid is the zero kind: nobody set it.
	SuppressionInvalid SuppressionKind = iota
	// InSource is a suppression written next to the code: a
	// dynamoguard:ignore comment, CloudFormation resource Metadata, or a
	// peer tool's syntax mapped to this rule.
	InSource
	// External is an entry of the baseline file.
	External
)

// String names the kind as SARIF does: inSource or external.
func (k SuppressionKind) String() string {
	switch k {
	case InSource:
		return "inSource"
	case External:
		return "external"
	}
	return "invalid"
}

// MarshalText renders the kind by name.
func (k SuppressionKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// Suppression records why a finding does not count: it stays in the
// machine-readable reports, is counted apart, and never fails the gate.
type Suppression struct {
	Kind SuppressionKind `json:"kind"`
	// Justification is the reason given, or for the baseline the file
	// that lists the finding.
	Justification string `json:"justification"`
	// Syntax names the form of an in-source suppression:
	// "dynamoguard", "dynamoguard-metadata", "checkov", "trivy", "tfsec",
	// "cfn_nag" or "guard"; "baseline" for the baseline.
	Syntax string `json:"syntax"`
	// Location is where the suppression is written, as file:line (the
	// comment, the Metadata entry); for the baseline, the baseline file.
	Location string `json:"location"`
	// Range is where the suppression is written; for the baseline, the
	// file only (relative to the scan root, or absolute).
	Range model.Range `json:"-"`
}
