package rules

import (
	"github.com/dynamoguard/dynamoguard/model"
)

// IAMPartialWildcard is DDB402.
var IAMPartialWildcard = &Rule{
	ID:        "DDB402",
	Name:      "iam-dynamodb-partial-wildcard",
	Title:     "Identity policy grants DynamoDB actions through a partial wildcard",
	Severity:  Medium,
	CWE:       "CWE-732",
	Precision: "high",
	Doc: Doc{
		Why: "A pattern such as `dynamodb:Get*`, `dynamodb:*Item` or `dynamodb:Delete*` grants more than it " +
			"seems to: `dynamodb:*Item` is also `DeleteItem` and `BatchWriteItem`, `dynamodb:Get*` is also " +
			"`GetRecords` on the table's stream and `GetResourcePolicy`, `dynamodb:Delete*` is `DeleteTable` and " +
			"`DeleteBackup`, and every such pattern silently grows when AWS adds an action that matches it. The " +
			"message names every action the pattern grants. Patterns that grant only `Describe…` and `List…` " +
			"metadata actions are not reported.",
		FixTerraform: "Replace the pattern in the policy (heredoc, `jsonencode`, `aws_iam_policy_document` " +
			"`actions`, policy file) with the actions the message lists that the principal really needs.",
		FixCloudFormation: "Replace the pattern in the `PolicyDocument` with the actions the message lists that " +
			"the principal really needs.",
		Terraform:      Example{Bad: example("DDB402", "bad.tf"), Good: example("DDB402", "good.tf")},
		CloudFormation: Example{Bad: example("DDB402", "bad.yaml"), Good: example("DDB402", "good.yaml")},
		References: []string{
			"https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html",
			"https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html",
		},
	},
	Check: checkIAMPartialWildcard,
}

func checkIAMPartialWildcard(p *Pass) {
	eachIdentityAllow(p, func(pol *model.IAMPolicy, s *model.Statement, deny *denials) {
		if !s.Actions.Written() {
			return // NotAction: DDB401
		}
		if s.Actions.IsUnknown() {
			p.Skip(pol.Resource, s.Actions.Meta)
			return
		}
		for _, v := range s.Actions.Values {
			switch {
			case v.IsUnknown():
				p.Skip(pol.Resource, v.Meta)
				continue
			case !hasWildcard(v.Value) || isFullWildcard(v.Value) || !isDynamoDBPattern(v.Value):
				continue
			}
			granted := matchingActions(v.Value)
			var risky []*Action
			for _, a := range granted {
				if sensitive(a) {
					risky = append(risky, a)
				}
			}
			if len(deny.live(risky)) == 0 {
				continue
			}
			p.Report(pol.Resource, v.Meta, "%s allows %q, a pattern that grants %s, and every action AWS adds that "+
				"matches it; name the actions the principal needs instead", policyLabel(pol), v.Value, listActions(granted))
		}
	})
}
