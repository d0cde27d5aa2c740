package rules

import (
	"regexp"
	"slices"
	"strings"

	"github.com/dynamoguard/dynamoguard/model"
)

// This file holds what the resource-policy rules (bucket, table, key and
// endpoint policies) share: which statements are public, which accounts
// they grant, and which of a project's documents apply.

// accessGlob reports whether the IAM pattern (with * and ?) matches s, case
// insensitively, as IAM matches actions.
func accessGlob(pattern, s string) bool {
	p, str := strings.ToLower(pattern), strings.ToLower(s)
	// Iterative wildcard matching: * any run, ? one character.
	pi, si, star, mark := 0, 0, -1, 0
	for si < len(str) {
		switch {
		case pi < len(p) && (p[pi] == '?' || p[pi] == str[si]):
			pi++
			si++
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, si
			pi++
		case star >= 0:
			pi, mark = star+1, mark+1
			si = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}

// isWildcardText reports whether an IAM string has a wildcard.
func isWildcardText(s string) bool { return strings.ContainsAny(s, "*?") }

// grants returns the known action strings of a statement that grant
// action (service:Name): those of Action that match it, or, for a
// NotAction statement that does not exclude it, the NotAction element
// itself. unknown is set when the statement could not be decided.
func grants(s *model.Statement, action string) (by []model.Meta, unknown bool) {
	if s.NotActions.Written() {
		if s.NotActions.HasUnknown() {
			return nil, true
		}
		for _, v := range s.NotActions.Values {
			if accessGlob(v.Value, action) {
				return nil, false
			}
		}
		return []model.Meta{s.NotActions.Meta}, false
	}
	if s.Actions.IsUnknown() {
		return nil, true
	}
	for _, v := range s.Actions.Values {
		switch {
		case v.IsUnknown():
			unknown = true
		case v.IsKnown() && len(v.Refs) == 0 && accessGlob(v.Value, action):
			by = append(by, v.Meta)
		}
	}
	return by, unknown && len(by) == 0
}

// grantsAny reports whether the statement grants one of the actions.
func grantsAny(s *model.Statement, actions ...string) (model.Meta, bool) {
	for _, a := range actions {
		if by, _ := grants(s, a); len(by) > 0 {
			return by[0], true
		}
	}
	return model.Meta{}, false
}

// publicPrincipal returns the "*" that makes a statement's principal
// everyone: Principal "*" or an AWS principal "*". NotPrincipal (everyone
// but some) counts too, at the NotPrincipal element.
func publicPrincipal(s *model.Statement) (model.Meta, bool) {
	if s.NotPrincipals.IsKnown() {
		return s.NotPrincipals.Meta, true
	}
	if w := s.Principals.Wildcard; w.IsKnown() && w.Value {
		return w.Meta, true
	}
	for _, e := range s.Principals.Entries {
		if !e.Type.IsKnown() || e.Type.Value != model.PrincipalAWS {
			continue
		}
		for _, id := range e.IDs.Values {
			if id.IsKnown() && len(id.Refs) == 0 && id.Value == "*" {
				return id.Meta, true
			}
		}
	}
	return model.Meta{}, false
}

// restrictingKeys are the condition keys that, compared with specific
// values, limit a statement to principals or requests of known accounts,
// organisations or networks.
var restrictingKeys = []string{
	"aws:sourceaccount", "aws:sourcearn", "aws:sourceorgid", "aws:sourceorgpaths", "aws:principalorgid",
	"aws:principalorgpaths", "aws:principalaccount", "aws:sourcevpce", "aws:sourcevpc", "aws:principalarn",
	"aws:sourceowner", "kms:calleraccount",
}

// positiveOperators are the condition operators that a request must
// satisfy by matching one of the values.
var positiveOperators = []string{"StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnEquals", "ArnLike"}

var accountRE = regexp.MustCompile(`^[0-9]{12}$`)

// restricts reports whether one condition limits who the statement applies
// to: a positive operator without IfExists on a restricting key, every
// value known and specific (aws:PrincipalArn naming a literal account).
// unknown is set when it might, but a value could not be resolved.
func restricts(c *model.Condition) (ok, unknown bool) {
	if !c.Key.IsKnown() || !slices.Contains(restrictingKeys, strings.ToLower(c.Key.Value)) ||
		!slices.Contains(positiveOperators, c.Base) || c.IfExists || c.SetQualifier == "ForAllValues" {
		return false, !c.Key.IsKnown() || !c.Operator.IsKnown()
	}
	if c.Values.IsUnknown() || slices.ContainsFunc(c.Values.Values, undecided) {
		return false, true
	}
	if len(c.Values.Values) == 0 {
		return false, false
	}
	for _, v := range c.Values.Values {
		if computed(v) {
			continue
		}
		if v.Value == "*" || v.Value == "" {
			return false, false
		}
		if strings.EqualFold(c.Key.Value, "aws:PrincipalArn") {
			if acct := arnAccount(v.Value); acct == "" || isWildcardText(acct) {
				return false, false
			}
		}
	}
	return true, false
}

// restricted reports whether the statement's conditions limit it (any one
// restricting condition does, as all must hold), and whether that could
// not be decided.
func restricted(s *model.Statement) (ok, unknown bool) {
	if s.Conditions.IsUnknown() {
		return false, true
	}
	for i := range s.Conditions.Items {
		r, u := restricts(&s.Conditions.Items[i])
		if r {
			return true, false
		}
		unknown = unknown || u
	}
	return false, unknown
}

// openStatement is an Allow statement of a document that everyone may use
// without a restricting condition: where its "*" is.
type openStatement struct {
	stmt      *model.Statement
	principal model.Meta
}

// openStatements returns the public, unrestricted Allow statements of doc
// that grant one of actions (any action when none is given), and records
// as not analysed the statements or document that cannot be decided.
func openStatements(p *Pass, res model.Resource, doc *model.PolicyDocument, actions ...string) []openStatement {
	if doc.IsUnknown() {
		p.Skip(res, doc.Meta)
		return nil
	}
	var out []openStatement
	for i := range doc.Statements {
		s := &doc.Statements[i]
		if s.IsUnknown() {
			p.Skip(res, s.Meta)
			continue
		}
		if !s.IsAllow() {
			continue
		}
		at, public := publicPrincipal(s)
		if !public {
			if at, unknown := principalsUnknown(s); unknown {
				p.Skip(res, at)
			}
			continue
		}
		if len(actions) > 0 {
			if _, ok := grantsAny(s, actions...); !ok {
				continue
			}
		}
		switch ok, unknown := restricted(s); {
		case ok:
			continue
		case unknown:
			p.Skip(res, s.Conditions.Meta)
			continue
		}
		if deniedToOthers(doc, s) {
			continue
		}
		out = append(out, openStatement{stmt: s, principal: at})
	}
	return out
}

// principalsUnknown reports whether a principal ID could not be resolved
// at all (a computed ID, such as a role's ARN or one with the account
// filled in, is never "*").
func principalsUnknown(s *model.Statement) (model.Meta, bool) {
	if s.NotPrincipals.IsUnknown() {
		return s.NotPrincipals.Meta, true
	}
	ps := &s.Principals
	if ps.IsUnknown() {
		return ps.Meta, true
	}
	for _, e := range ps.Entries {
		if e.IDs.IsUnknown() {
			return e.IDs.Meta, true
		}
		for _, id := range e.IDs.Values {
			if undecided(id) {
				return id.Meta, true
			}
		}
	}
	return model.Meta{}, false
}

// undecided reports whether a policy string could not be resolved at all:
// unknown, and neither computed from a resource nor with parts of its text
// known (arn:aws:iam::${AWS::AccountId}:root).
func undecided(v model.Value[string]) bool {
	return v.IsUnknown() && len(v.Refs) == 0 && !strings.Contains(v.Value, "${")
}

// computed reports whether a policy string is computed from references:
// a specific value, never a wildcard.
func computed(v model.Value[string]) bool {
	return len(v.Refs) > 0 || (v.State != model.Absent && strings.Contains(v.Value, "${"))
}

// deniedToOthers reports whether a Deny statement of doc for everyone,
// unless a restricting condition key has the given values
// (StringNotEquals aws:PrincipalOrgID), cancels the public statement s:
// the Deny covers the actions of s (it denies every action, or all of
// those s grants).
func deniedToOthers(doc *model.PolicyDocument, s *model.Statement) bool {
	for i := range doc.Statements {
		d := &doc.Statements[i]
		if !d.IsDeny() {
			continue
		}
		if _, public := publicPrincipal(d); !public || d.NotActions.Written() || !deniesAllOf(d, s) {
			continue
		}
		for _, c := range d.Conditions.Items {
			neg := strings.Replace(strings.Replace(c.Base, "NotEquals", "Equals", 1), "NotLike", "Like", 1)
			if neg == c.Base || !c.Key.IsKnown() || c.IfExists ||
				!slices.Contains(restrictingKeys, strings.ToLower(c.Key.Value)) || c.Values.HasUnknown() {
				continue
			}
			return true
		}
	}
	return false
}

// deniesAllOf reports whether every action s grants is denied by d.
func deniesAllOf(d, s *model.Statement) bool {
	if s.NotActions.Written() {
		return slices.ContainsFunc(d.Actions.Values, func(v model.Value[string]) bool { return v.Value == "*" })
	}
	for _, a := range s.Actions.Values {
		covered := false
		for _, v := range d.Actions.Values {
			if v.IsKnown() && accessGlob(v.Value, a.Value) {
				covered = true
				break
			}
		}
		if !covered {
			return false
		}
	}
	return len(s.Actions.Values) > 0
}

// arnAccount returns the account of an ARN (arn:aws:iam::ACCOUNT:role/x),
// "" when s is not an ARN with one.
func arnAccount(s string) string {
	parts := strings.SplitN(s, ":", 6)
	if len(parts) < 6 || parts[0] != "arn" {
		return ""
	}
	return parts[4]
}

// principalAccount returns the account an AWS principal ID names: a bare
// account ID, or the account of an ARN; "" for anything else.
func principalAccount(id string) string {
	if accountRE.MatchString(id) {
		return id
	}
	if a := arnAccount(id); accountRE.MatchString(a) {
		return a
	}
	return ""
}

// trustedAccounts returns the accounts that may be granted access: those
// of trusted_accounts and the project's own, which are those written
// literally in the ARNs of its DynamoDB tables and streams (a table's ARN
// names the account that owns it).
func trustedAccounts(p *Pass) map[string]bool {
	out := map[string]bool{}
	for _, a := range p.Settings.TrustedAccounts {
		out[a] = true
	}
	own := func(v model.Value[string]) {
		if v.IsKnown() && len(v.Refs) == 0 && strings.HasPrefix(v.Value, "arn:") && strings.Contains(v.Value, ":dynamodb:") {
			if a := arnAccount(v.Value); accountRE.MatchString(a) {
				out[a] = true
			}
		}
	}
	for _, rp := range p.Project.DynamoDB.ResourcePolicies {
		own(rp.ResourceARN)
		for _, s := range rp.Policy.Statements {
			for _, r := range s.Resources.Values {
				own(r)
			}
		}
	}
	for _, e := range p.Project.DynamoDB.TableExports {
		own(e.TableARN)
	}
	return out
}

// bucketPolicies returns the policy documents that apply to a bucket: the
// one written on it and those of its bucket policy resources, each with
// the resource it is declared in.
func bucketPolicies(b *model.Bucket) []declaredPolicy {
	var out []declaredPolicy
	if b.Policy.State != model.Absent {
		out = append(out, declaredPolicy{res: b.Resource, doc: &b.Policy})
	}
	for _, bp := range b.Policies {
		out = append(out, declaredPolicy{res: bp.Resource, doc: &bp.Policy})
	}
	return out
}

// declaredPolicy is a policy document and the resource that declares it.
type declaredPolicy struct {
	res model.Resource
	doc *model.PolicyDocument
}
