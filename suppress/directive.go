package suppress

import (
	"regexp"
	"strings"
	"time"

	"github.com/dynamoguard/dynamoguard/model"
)

// Syntax names the form a suppression is written in.
type Syntax string

// The syntaxes read. Ours are Comment and Metadata; the others are peer
// tools' syntax, mapped through Peers.
const (
	Comment  Syntax = "dynamoguard"          // # dynamoguard:ignore DDB101 -- reason
	Metadata Syntax = "dynamoguard-metadata" // Metadata: {dynamoguard: {ignore: [...]}}
	Checkov  Syntax = "checkov"              // #checkov:skip=CKV_AWS_28:reason, Metadata.checkov.skip
	Trivy    Syntax = "trivy"                // #trivy:ignore:AVD-AWS-0024
	Tfsec    Syntax = "tfsec"                // #tfsec:ignore:aws-dynamodb-enable-recovery
	CfnNag   Syntax = "cfn_nag"              // Metadata.cfn_nag.rules_to_suppress
	Guard    Syntax = "guard"                // Metadata.guard.SuppressedRules
)

// peer reports whether the syntax is another tool's.
func (s Syntax) peer() bool { return s != Comment && s != Metadata }

// Directive is one suppression as written: the IDs it names, its reason
// and expiry, where it is written and what source it covers.
type Directive struct {
	Syntax Syntax
	// IDs are the rule IDs as written: ours (DDB201), or a peer's
	// (CKV_AWS_28, AVD-AWS-0024, W78).
	IDs []string
	// Reason is the justification; "" when none was given.
	Reason string
	// Expires is the last day the suppression applies (UTC); zero when it
	// does not expire.
	Expires time.Time
	// Problem says why the directive is malformed ("" when it is not): a
	// malformed directive suppresses nothing.
	Problem string
	// Range is where the directive is written.
	Range model.Range
	// Target is what it covers; its zero value covers nothing.
	Target Target
}

// Target is the source a directive covers: a span of a file (the block or
// attribute a comment is on or above, or the CloudFormation resource whose
// Metadata holds it), and for Metadata the logical ID of the resource.
type Target struct {
	Range model.Range
	// LogicalID is the CloudFormation resource whose Metadata holds the
	// directive.
	LogicalID string
	// What names the target for messages ("resource \"aws_dynamodb_table\" \"t\"").
	What string
}

// dateLayout is the form of expiry dates.
const dateLayout = "2006-01-02"

var (
	ourPrefix     = regexp.MustCompile(`(?i)^dynamoguard:ignore\b`)
	checkovSkip   = regexp.MustCompile(`(?i)checkov:skip=([A-Za-z0-9_,\s]+?)(?::(.*))?$`)
	trivyIgnore   = regexp.MustCompile(`(?i)(trivy|tfsec)?:?ignore:([A-Za-z0-9_-]+)((?::exp:[^\s:]*)?)`)
	trivyToolWord = regexp.MustCompile(`(?i)^(trivy|tfsec):ignore:`)
)

// parseComment reads the suppressions in the text of one comment, without
// its comment marker (#, // or /* */). The peers' syntax is read only when
// peers is set. A comment holds at most one directive of ours, or peer
// directives (several trivy ignores may share a line).
func parseComment(text string, peers bool) []Directive {
	text = strings.TrimSpace(text)
	if loc := ourPrefix.FindStringIndex(text); loc != nil {
		return []Directive{parseOurs(text[loc[1]:])}
	}
	if !peers {
		return nil
	}
	if m := checkovSkip.FindStringSubmatch(text); m != nil && strings.HasPrefix(strings.ToLower(text), "checkov:") {
		d := Directive{Syntax: Checkov, Reason: strings.TrimSpace(m[2])}
		for _, id := range strings.Split(m[1], ",") {
			if id = strings.TrimSpace(id); id != "" {
				d.IDs = append(d.IDs, id)
			}
		}
		return []Directive{d}
	}
	tool := trivyToolWord.FindStringSubmatch(text)
	if tool == nil {
		return nil
	}
	syntax := Trivy
	if strings.EqualFold(tool[1], "tfsec") {
		syntax = Tfsec
	}
	var out []Directive
	end := 0
	for _, m := range trivyIgnore.FindAllStringSubmatchIndex(text, -1) {
		d := Directive{Syntax: syntax, IDs: []string{text[m[4]:m[5]]}}
		if exp := text[m[6]:m[7]]; exp != "" {
			d.Expires, d.Problem = parseDate(strings.TrimPrefix(strings.ToLower(exp), ":exp:"))
		}
		out = append(out, d)
		end = m[1]
	}
	reason := strings.TrimLeft(strings.TrimSpace(text[end:]), "-:# ")
	for i := range out {
		out[i].Reason = strings.TrimSpace(reason)
	}
	return out
}

// parseOurs reads what follows "dynamoguard:ignore": IDs separated by
// commas, an optional exp:YYYY-MM-DD, then "--" and the reason.
func parseOurs(rest string) Directive {
	d := Directive{Syntax: Comment}
	head, reason, hasReason := strings.Cut(rest, "--")
	if hasReason {
		d.Reason = strings.TrimSpace(reason)
	}
	for _, field := range strings.FieldsFunc(head, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
		if date, ok := cutPrefixFold(field, "exp:"); ok {
			if !d.Expires.IsZero() || d.Problem != "" {
				d.Problem = "more than one exp: date"
				continue
			}
			d.Expires, d.Problem = parseDate(date)
			continue
		}
		d.IDs = append(d.IDs, strings.ToUpper(field))
	}
	if len(d.IDs) == 0 && d.Problem == "" {
		d.Problem = "no rule ID: write the IDs after dynamoguard:ignore, such as \"dynamoguard:ignore DDB201 -- reason\""
	}
	return d
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

// parseDate reads an expiry date, YYYY-MM-DD; the problem is "" when it is
// valid.
func parseDate(s string) (time.Time, string) {
	t, err := time.Parse(dateLayout, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, "the expiry date " + quote(s) + " is not a date in the form YYYY-MM-DD"
	}
	return t, ""
}

func quote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"` }
