package rules

import "github.com/dynamoguard/dynamoguard/model"

// ResourcePolicyPublic is DDB405.
var ResourcePolicyPublic = &Rule{
	ID:        "DDB405",
	Name:      "resource-policy-public",
	Title:     "Table or stream resource policy allows everyone",
	Severity:  Critical,
	CWE:       "CWE-732",
	Precision: "high",
	Doc: Doc{
		Why: "A resource-based policy on a table or its stream grants access without any IAM policy of the caller's " +
			"own account. `Principal: \"*\"` (or an AWS principal `*`) without a condition that limits it to your " +
			"accounts, organisation or network (`aws:PrincipalOrgID`, `aws:PrincipalAccount`, `aws:SourceVpce`, " +
			"…) lets every AWS account call the actions it allows on the table's data.",
		FixTerraform: "In the `aws_dynamodb_resource_policy` `policy`, name the principals (role ARNs) that need " +
			"access, or add a condition such as `aws:PrincipalOrgID` to the statement.",
		FixCloudFormation: "In the table's `ResourcePolicy.PolicyDocument` (or that of its stream or replica), name " +
			"the principals that need access, or add a condition such as `aws:PrincipalOrgID` to the statement.",
		Terraform:      Example{Bad: example("DDB405", "bad.tf"), Good: example("DDB405", "good.tf")},
		CloudFormation: Example{Bad: example("DDB405", "bad.yaml"), Good: example("DDB405", "good.yaml")},
		References: []string{
			"https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/access-control-resource-based.html",
		},
	},
	Check: checkResourcePolicyPublic,
}

func checkResourcePolicyPublic(p *Pass) {
	for _, rp := range p.Project.DynamoDB.ResourcePolicies {
		for _, o := range openStatements(p, rp.Resource, &rp.Policy, false) {
			p.Report(rp.Resource, o.principal,
				"resource policy of %s allows %s with no restricting condition, so any AWS account can %s; "+
					"name the principals or add an aws:PrincipalOrgID condition",
				governed(rp), principalText(o), actionsText(o.stmt))
		}
	}
}

// governed names what a resource policy is attached to.
func governed(rp *model.ResourcePolicy) string {
	what := "table"
	if rp.Stream {
		what = "the stream of table"
	}
	name := rp.Address
	switch {
	case rp.Table != nil:
		name = rp.Table.Address
	case rp.TableAddress == "" && rp.ResourceARN.IsKnown():
		name = rp.ResourceARN.Value
	}
	if rp.Replica != "" {
		return what + " " + name + " (replica " + rp.Replica + ")"
	}
	return what + " " + name
}

// actionsText says what a statement lets its principals do, briefly.
func actionsText(s *model.Statement) string {
	if s.NotActions.Written() {
		return "call every action but those of NotAction"
	}
	var names []string
	for _, a := range s.Actions.Values {
		if a.IsKnown() {
			names = append(names, a.Value)
		}
	}
	switch len(names) {
	case 0:
		return "call its actions"
	case 1:
		return "call " + names[0]
	case 2:
		return "call " + names[0] + " and " + names[1]
	}
	return "call " + names[0] + ", " + names[1] + " and more"
}
