package rules

import (
	"slices"
	"strings"

	"github.com/dynamoguard/dynamoguard/model"
)

// This file holds what the resource-policy rules (bucket, table, key and
// endpoint policies) share: which statements are public, which accounts
// they grant, and which of a project's documents apply.

// actionMatches reports whether the Action pattern matches action
// (service:Name) as IAM matches it.
func actionMatches(pattern, action string) bool {
	svc, name, _ := strings.Cut(action, ":")
	return matchAction(pattern, svc, name)
}

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
			if actionMatches(v.Value, action) {
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
		case v.IsKnown() && len(v.Refs) == 0 && actionMatches(v.Value, action):
			by = append(by, v.Meta)
		}
	}
	return by, unknown && len(by) == 0
}

// restricted reports whether a condition of s limits who the statement
// applies to (see restriction), or, with kms, the KMS key kms:CallerAccount
// does; unknown is set when that cannot be decided.
func restricted(s *model.Statement, kms bool) (ok, unknown bool) {
	c, known := restriction(s)
	if c != nil {
		return true, false
	}
	if kms {
		for i := range s.Conditions.Items {
			k := &s.Conditions.Items[i]
			if strings.EqualFold(k.Key.Value, "kms:CallerAccount") && restrictingOperators[k.Base] && !k.IfExists &&
				k.SetQualifier != "ForAllValues" && len(k.Values.Values) > 0 {
				if k.Values.HasUnknown() {
					return false, true
				}
				if fixedValues("kms:calleraccount", k.Values.Values) {
					return true, false
				}
			}
		}
	}
	return false, !known
}

// openStatement is an Allow statement of a document that everyone may use
// without a restricting condition: where its "*" is.
type openStatement struct {
	stmt      *model.Statement
	principal model.Meta
}

// openStatements returns the public, unrestricted Allow statements of doc,
// and records as not analysed the statements or document that cannot be
// decided.
// With kms, kms:CallerAccount restricts too (key policies).
func openStatements(p *Pass, res model.Resource, doc *model.PolicyDocument, kms bool) []openStatement {
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
		public, at, known := principalPublic(s)
		if !public {
			if !known {
				p.Skip(res, at)
			}
			continue
		}
		switch ok, unknown := restricted(s, kms); {
		case ok:
			continue
		case unknown:
			p.Skip(res, unknownCondition(s))
			continue
		}
		if deniedToOthers(doc, s) {
			continue
		}
		out = append(out, openStatement{stmt: s, principal: at})
	}
	return out
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
		if public, _, _ := principalPublic(d); !public || d.NotActions.Written() || !deniesAllOf(d, s) {
			continue
		}
		for _, c := range d.Conditions.Items {
			neg := strings.Replace(strings.Replace(c.Base, "NotEquals", "Equals", 1), "NotLike", "Like", 1)
			if neg == c.Base || !c.Key.IsKnown() || c.IfExists ||
				!restrictingKeys[strings.ToLower(c.Key.Value)] || c.Values.HasUnknown() {
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
			if v.IsKnown() && wildcardMatch(v.Value, a.Value, true) {
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
			if a, ok := arnAccount(v.Value); ok && accountIDPattern.MatchString(a) {
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

// unknownCondition returns the Meta of the first condition value of s that
// could not be resolved, or that of the Condition element.
func unknownCondition(s *model.Statement) model.Meta {
	for _, c := range s.Conditions.Items {
		if c.Values.IsUnknown() {
			return c.Values.Meta
		}
		for _, v := range c.Values.Values {
			if v.IsUnknown() {
				return v.Meta
			}
		}
	}
	return s.Conditions.Meta
}
