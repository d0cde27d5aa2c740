// Package suppress holds the suppressions written in the source: the
// `# dynamoguard:ignore DDB201 exp:2027-01-31 -- reason` comments of
// Terraform and CloudFormation YAML, the CloudFormation resource Metadata
// (`dynamoguard: {ignore: [{id, reason, expires}]}`), and the peer tools'
// syntax mapped to our rules through the Peers table (Checkov, Trivy and
// tfsec comments; Checkov, cfn_nag and Guard Metadata). Read finds them
// in a file; Apply marks the findings they cover and reports, as findings of
// the DDB0xx rules (Rules), the suppressions that give no reason, match
// nothing, name an unknown rule, cannot be read or have expired.
package suppress

import (
	"fmt"
	"path"
	"strings"
	"time"

	"github.com/dynamoguard/dynamoguard/model"
	"github.com/dynamoguard/dynamoguard/rules"
)

// Read returns the directives written in one file: name is the file's name
// as findings name it, kind its format. With peers, the peer tools' syntax
// is read too. A .tf.json file has no comments and gives none.
func Read(name string, kind model.SourceKind, src []byte, peers bool) []Directive {
	switch kind {
	case model.Terraform:
		if strings.HasSuffix(name, ".json") {
			return nil
		}
		return readHCL(name, src, peers)
	case model.CloudFormation:
		return readYAML(name, src, peers)
	}
	return nil
}

// Options tune Apply.
type Options struct {
	// Now is the time expiry dates are compared with.
	Now time.Time
	// Known reports whether a rule ID is in the catalogue; Ran whether the
	// rule ran in this scan (a suppression of a rule that did not run is
	// not reported as unused).
	Known, Ran func(id string) bool
}

// Apply sets the Suppression of every finding a directive covers (the
// first directive in the order given wins) and returns the notes about the
// directives, sorted by position. A directive covers a finding of one of its
// rules whose range, resource header or calling module block lies in its
// target (for Metadata: the finding's resource is the one of the
// Metadata). An expired or malformed directive covers nothing.
func Apply(findings []rules.Finding, ds []Directive, opts Options) []rules.Finding {
	today := opts.Now.UTC().Truncate(24 * time.Hour)
	var notes []rules.Finding
	for _, d := range ds {
		ours := !d.Syntax.peer()
		if d.Problem != "" {
			notes = append(notes, note(Malformed, d, strings.Join(d.IDs, ","),
				"suppression cannot be read: %s; it suppresses nothing", d.Problem))
			continue
		}
		expired := !d.Expires.IsZero() && today.After(d.Expires)
		var ruleIDs []string
		for _, id := range d.IDs {
			switch {
			case !ours:
				for _, r := range mapPeer(d.Syntax, id) {
					if opts.Known(r) {
						ruleIDs = append(ruleIDs, r)
					}
				}
			case opts.Known(id):
				ruleIDs = append(ruleIDs, id)
			default:
				notes = append(notes, note(UnknownRule, d, id,
					"suppression names %s, which is not a rule of dynamoguard, so it suppresses nothing; use an ID that dynamoguard rules lists", quote(id)))
			}
		}
		if ours && d.Reason == "" && len(ruleIDs) > 0 {
			how := `write the reason after "--"`
			if d.Syntax == Metadata {
				how = "give the entry a reason"
			}
			notes = append(notes, note(NoReason, d, strings.Join(ruleIDs, ","),
				"suppression of %s gives no reason, so reviewers cannot judge it; %s", strings.Join(ruleIDs, ", "), how))
		}
		used := map[string]bool{}
		for i := range findings {
			f := &findings[i]
			if f.Suppression != nil || !contains(ruleIDs, f.RuleID) || !covers(d.Target, f) {
				continue
			}
			used[f.RuleID] = true
			if expired {
				continue
			}
			f.Suppression = &rules.Suppression{
				Kind:          rules.InSource,
				Justification: justification(d),
				Syntax:        string(d.Syntax),
				Location:      fmt.Sprintf("%s:%d", d.Range.Filename, d.Range.Start.Line),
				Range:         d.Range,
			}
		}
		if expired {
			notes = append(notes, note(Expired, d, strings.Join(ruleIDs, ","),
				"suppression of %s expired on %s, so the findings it covered count again; fix them or review and extend the date",
				strings.Join(ruleIDs, ", "), d.Expires.Format(dateLayout)))
			continue
		}
		if !ours {
			continue // a peer's suppression of a check we do not match exactly is that tool's business
		}
		for _, id := range ruleIDs {
			if used[id] || (opts.Ran != nil && !opts.Ran(id)) {
				continue
			}
			if d.Target.Range.Filename == "" {
				notes = append(notes, note(Unused, d, id,
					"suppression of %s is not on or directly above a block, attribute or resource, so it applies to nothing; move it there", id))
				continue
			}
			notes = append(notes, note(Unused, d, id,
				"suppression of %s matches no finding of %s; remove it, or move it onto or directly above the block or attribute reported", id, d.Target.What))
		}
	}
	sortItems(notes, func(a, b rules.Finding) bool {
		if a.Range != b.Range {
			return model.RangeLess(a.Range, b.Range)
		}
		if a.RuleID != b.RuleID {
			return a.RuleID < b.RuleID
		}
		return a.Message < b.Message
	})
	return notes
}

func justification(d Directive) string {
	if d.Reason != "" {
		return d.Reason
	}
	return fmt.Sprintf("suppressed with %s %s, without a reason", d.Syntax, strings.Join(d.IDs, ","))
}

func contains(ids []string, id string) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// covers reports whether the finding lies in the target.
func covers(t Target, f *rules.Finding) bool {
	if t.Range.Filename == "" {
		return false
	}
	if t.LogicalID != "" {
		return f.Resource.Kind == model.CloudFormation && f.Resource.Address == t.LogicalID &&
			f.Resource.Range.Filename == t.Range.Filename
	}
	if in(t.Range, f.Range) || in(t.Range, f.Resource.Range) {
		return true
	}
	for _, c := range f.Resource.CalledFrom {
		if in(t.Range, c.Range) {
			return true
		}
	}
	return false
}

// in reports whether r starts inside t.
func in(t, r model.Range) bool {
	return r.Filename == t.Filename && r.Start.Line > 0 && !posLess(r.Start, t.Start) && posLess(r.Start, t.End)
}

func posLess(a, b model.Pos) bool {
	if a.Line != b.Line {
		return a.Line < b.Line
	}
	return a.Column < b.Column
}

// note is a finding of a suppression rule at the directive.
func note(r *rules.Rule, d Directive, ids, format string, args ...any) rules.Finding {
	kind := model.CloudFormation
	if ext := path.Ext(d.Range.Filename); ext == ".tf" || ext == ".hcl" {
		kind = model.Terraform
	}
	return rules.Finding{
		RuleID:    r.ID,
		Severity:  r.Severity,
		Resource:  model.Resource{Kind: kind, Address: d.Target.LogicalID},
		Attribute: string(d.Syntax) + " " + ids + " " + d.Target.What,
		Range:     d.Range,
		Message:   fmt.Sprintf(format, args...),
	}
}
