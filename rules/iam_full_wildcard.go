package rules

import (
	"github.com/dynamoguard/dynamoguard/model"
)

// IAMFullWildcard is DDB401.
var IAMFullWildcard = &Rule{
	ID:        "DDB401",
	Name:      "iam-dynamodb-full-wildcard",
	Title:     "Identity policy allows every DynamoDB action",
	Severity:  High,
	CWE:       "CWE-732",
	Precision: "high",
	Doc: Doc{
		Why: "`dynamodb:*` (or `*`, or an `Allow` with `NotAction` that does not exclude DynamoDB) grants every " +
			"DynamoDB action there is and every one AWS adds later: not only reading and writing items but " +
			"`DeleteTable`, `UpdateContinuousBackups` (turning point-in-time recovery off), " +
			"`ExportTableToPointInTime` (copying the table to any S3 bucket), `PutResourcePolicy` (opening the " +
			"table to other accounts) and `DeleteBackup`. A leaked credential of the role, user or group can " +
			"then destroy or exfiltrate the table and cover its tracks. Application roles need a handful of " +
			"item actions; grant exactly those. The finding points at the wildcard string itself, also inside " +
			"heredocs, `jsonencode` objects and `file()`/`templatefile()` documents. An unconditional `Deny` of " +
			"the same actions in the same policy cancels the grant and silences the finding.",
		FixTerraform: "Replace `\"dynamodb:*\"` (or `\"*\"`, or `NotAction`) in the policy — a heredoc, " +
			"`jsonencode({...})`, an `aws_iam_policy_document` `actions` list or a policy file — with the " +
			"actions the principal needs, such as `[\"dynamodb:GetItem\", \"dynamodb:PutItem\", \"dynamodb:Query\"]`.",
		FixCloudFormation: "Replace `dynamodb:*` (or `*`, or `NotAction`) in the `PolicyDocument` with the " +
			"actions the principal needs; for a SAM function, use a policy template such as " +
			"`DynamoDBCrudPolicy` or `DynamoDBReadPolicy` scoped to one table.",
		Terraform:      Example{Bad: example("DDB401", "bad.tf"), Good: example("DDB401", "good.tf")},
		CloudFormation: Example{Bad: example("DDB401", "bad.yaml"), Good: example("DDB401", "good.yaml")},
		References: []string{
			"https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
			"https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html",
			"https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html",
		},
	},
	Check: checkIAMFullWildcard,
}

func checkIAMFullWildcard(p *Pass) {
	isTable := tableLookup(p)
	eachIdentityAllow(p, func(pol *model.IAMPolicy, s *model.Statement, deny *denials) {
		g, unknown, ok := statementGrant(s)
		if !ok {
			p.Skip(pol.Resource, unknown)
			return
		}
		if len(g.actions) == 0 || !statementMayBeDynamoDB(p, pol, s, isTable(pol.Resource)) {
			return
		}
		live := deny.live(g.actions)
		if len(live) == 0 {
			return // an unconditional Deny cancels every DynamoDB action
		}
		if g.notAction {
			p.Report(pol.Resource, g.at,
				"%s allows NotAction %s, which grants every DynamoDB action it does not list (%d of them, "+
					"among them %s); grant the DynamoDB actions the principal needs with Action instead",
				policyLabel(pol), listValues(s.NotActions.Values), len(live), notableActions(live))
			return
		}
		for _, v := range s.Actions.Values {
			if isFullWildcard(v.Value) {
				p.Report(pol.Resource, v.Meta,
					"%s allows %q, every DynamoDB action (%d, among them %s) now and every one AWS adds; "+
						"list the actions the principal needs instead",
					policyLabel(pol), v.Value, len(live), notableActions(live))
			}
		}
	})
}

// statementMayBeDynamoDB reports whether the resources of s can include a
// DynamoDB resource: NotResource, or a Resource that may name one. A
// statement whose resources are all unknown is recorded as not analysed.
func statementMayBeDynamoDB(p *Pass, pol *model.IAMPolicy, s *model.Statement, isTable func(string) bool) bool {
	switch {
	case s.NotResources.Written():
		return true
	case !s.Resources.Written():
		return false
	case s.Resources.IsUnknown():
		p.Skip(pol.Resource, s.Resources.Meta)
		return false
	}
	unknown := model.Meta{}
	for _, v := range s.Resources.Values {
		if v.IsUnknown() {
			unknown = v.Meta
			continue
		}
		if resourceMayBeDynamoDB(v, isTable) {
			return true
		}
	}
	if unknown.State == model.Unknown {
		p.Skip(pol.Resource, unknown)
	}
	return false
}

// listValues renders the strings of a list for messages.
func listValues(values []model.Value[string]) string {
	out := ""
	for i, v := range values {
		if i > 0 {
			out += ", "
		}
		out += `"` + v.Value + `"`
	}
	if len(values) != 1 {
		out = "[" + out + "]"
	}
	return out
}
