package rules

import (
	"strings"

	"github.com/dynamoguard/dynamoguard/model"
)

// ResourcePolicyCrossAccount is DDB406.
var ResourcePolicyCrossAccount = &Rule{
	ID:        "DDB406",
	Name:      "resource-policy-cross-account",
	Title:     "Table or stream resource policy grants an untrusted account",
	Severity:  Medium,
	CWE:       "CWE-284",
	Precision: "high",
	Doc: Doc{
		Why: "A table resource policy can grant principals of other accounts direct access to the table or its " +
			"stream. Access for your own accounts is expected: list them in `trusted_accounts` (the accounts " +
			"written in your tables' ARNs count as your own). A principal of any other account can read or change " +
			"the data with no control on your side of who, in that account, uses the grant.",
		FixTerraform: "In the `aws_dynamodb_resource_policy`, grant only principals of your own or trusted accounts, " +
			"or add the account to `trusted_accounts` in `.dynamoguard.yml` when it is yours.",
		FixCloudFormation: "In the table's `ResourcePolicy.PolicyDocument`, grant only principals of your own or " +
			"trusted accounts, or add the account to `trusted_accounts` in `.dynamoguard.yml` when it is yours.",
		Terraform:      Example{Bad: example("DDB406", "bad.tf"), Good: example("DDB406", "good.tf")},
		CloudFormation: Example{Bad: example("DDB406", "bad.yaml"), Good: example("DDB406", "good.yaml")},
		References: []string{
			"https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/rbac-cross-account-access.html",
		},
	},
	Check: checkResourcePolicyCrossAccount,
}

func checkResourcePolicyCrossAccount(p *Pass) {
	trusted := trustedAccounts(p)
	for _, rp := range p.Project.DynamoDB.ResourcePolicies {
		if rp.Policy.IsUnknown() {
			p.Skip(rp.Resource, rp.Policy.Meta)
			continue
		}
		for i := range rp.Policy.Statements {
			s := &rp.Policy.Statements[i]
			if !s.IsAllow() {
				continue
			}
			accounts, known := principalAccounts(&s.Principals)
			if !known {
				p.Skip(rp.Resource, unknownPrincipal(&s.Principals))
			}
			accounts = append(accounts, conditionAccounts(s)...)
			for _, a := range accounts {
				if a.Account != "" && !trusted[a.Account] {
					p.Report(rp.Resource, a.Value.Meta,
						"resource policy of %s grants %q (account %s, not in trusted_accounts), so that account "+
							"decides who uses the grant; grant your own principals or trust the account",
						governed(rp), a.Value.Value, a.Account)
				}
			}
		}
	}
}

// unknownPrincipal returns the Meta of the first AWS principal of ps that
// could not be resolved, or that of ps.
func unknownPrincipal(ps *model.Principals) model.Meta {
	for _, e := range ps.Entries {
		if e.IDs.IsUnknown() {
			return e.IDs.Meta
		}
		for _, id := range e.IDs.Values {
			if id.IsUnknown() {
				return id.Meta
			}
		}
	}
	return ps.Meta
}

// accountKeys are the condition keys whose values name the accounts a
// statement is limited to.
var accountKeys = map[string]bool{"aws:principalaccount": true, "aws:sourceaccount": true, "aws:principalarn": true}

// conditionAccounts returns the accounts that the positive conditions of a
// public statement let in (StringEquals aws:PrincipalAccount, ArnLike
// aws:PrincipalArn, …): the statement grants them as if it named them.
func conditionAccounts(s *model.Statement) []principalAccount {
	if public, _, _ := principalPublic(s); !public {
		return nil
	}
	var out []principalAccount
	for _, c := range s.Conditions.Items {
		if !accountKeys[strings.ToLower(c.Key.Value)] || !restrictingOperators[c.Base] || c.IfExists {
			continue
		}
		for _, v := range c.Values.Values {
			switch acct, _ := arnAccount(v.Value); {
			case v.IsUnknown():
			case accountIDPattern.MatchString(v.Value):
				out = append(out, principalAccount{Account: v.Value, Value: v})
			case accountIDPattern.MatchString(acct):
				out = append(out, principalAccount{Account: acct, Value: v})
			}
		}
	}
	return out
}
