package rules

import (
	"strings"

	"github.com/dynamoguard/dynamoguard/model"
)

// VPCEndpointFullAccess is DDB407.
var VPCEndpointFullAccess = &Rule{
	ID:        "DDB407",
	Name:      "vpc-endpoint-full-access",
	Title:     "DynamoDB VPC endpoint allows full access",
	Severity:  Low,
	CWE:       "CWE-284",
	Precision: "high",
	Doc: Doc{
		Why: "A VPC endpoint policy is a second gate on every DynamoDB call made from the VPC. Without a policy " +
			"the endpoint uses the default one, which allows every action on every table of every account, so " +
			"code or a stolen credential inside the VPC can copy data into a table of another account through " +
			"it. A policy that names your tables (or your accounts with `aws:ResourceAccount`) closes that path.",
		FixTerraform: "Set `policy` on the `aws_vpc_endpoint` (or add an `aws_vpc_endpoint_policy`) allowing only the " +
			"DynamoDB actions and tables the VPC needs, or limit it with an `aws:ResourceAccount` or " +
			"`aws:PrincipalAccount` condition.",
		FixCloudFormation: "Set `PolicyDocument` on the `AWS::EC2::VPCEndpoint` allowing only the DynamoDB actions and " +
			"tables the VPC needs, or limit it with an `aws:ResourceAccount` or `aws:PrincipalAccount` condition.",
		Terraform:      Example{Bad: example("DDB407", "bad.tf"), Good: example("DDB407", "good.tf")},
		CloudFormation: Example{Bad: example("DDB407", "bad.yaml"), Good: example("DDB407", "good.yaml")},
		References: []string{
			"https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/vpc-endpoints-dynamodb.html",
			"https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html",
		},
	},
	Check: checkVPCEndpointFullAccess,
}

func checkVPCEndpointFullAccess(p *Pass) {
	for _, e := range p.Project.EC2.VPCEndpoints {
		if e.Service.IsUnknown() {
			p.Skip(e.Resource, e.Service.Meta)
			continue
		}
		if !e.IsDynamoDB() {
			continue
		}
		docs := []declaredPolicy{{res: e.Resource, doc: &e.Policy}}
		if len(e.Policies) > 0 {
			docs = docs[:0]
			for _, ep := range e.Policies {
				docs = append(docs, declaredPolicy{res: ep.Resource, doc: &ep.Policy})
			}
		}
		for _, d := range docs {
			switch {
			case d.doc.IsUnknown():
				p.Skip(d.res, d.doc.Meta)
			case d.doc.State == model.Absent:
				p.Report(d.res, d.doc.Meta,
					"DynamoDB VPC endpoint %s has no policy, so it allows every action on every table of any "+
						"account from the VPC; %s",
					e.Address, fixEndpoint(e.Kind))
			default:
				for i := range d.doc.Statements {
					if at, ok := allowAll(&d.doc.Statements[i]); ok {
						p.Report(d.res, at,
							"policy of DynamoDB VPC endpoint %s allows every action on every resource to everyone, "+
								"so data can leave the VPC for any account's table; %s",
							e.Address, fixEndpoint(e.Kind))
					}
				}
			}
		}
	}
}

// fixEndpoint says how to limit an endpoint in the format of kind.
func fixEndpoint(kind model.SourceKind) string {
	what := "policy"
	if kind == model.CloudFormation {
		what = "PolicyDocument"
	}
	return "set a " + what + " that allows only the DynamoDB actions and tables the VPC needs"
}

// allowAll returns the action that makes s allow everything to everyone:
// an unconditioned Allow of "*" or "dynamodb:*" (or a NotAction) on
// Resource "*" for Principal "*" (or no principal).
func allowAll(s *model.Statement) (model.Meta, bool) {
	if !s.IsAllow() || s.Conditions.State != model.Absent {
		return model.Meta{}, false
	}
	if public, _, _ := principalPublic(s); !public && s.Principals.State != model.Absent {
		return model.Meta{}, false
	}
	anyResource := s.NotResources.IsKnown()
	for _, r := range s.Resources.Values {
		anyResource = anyResource || (r.IsKnown() && len(r.Refs) == 0 && r.Value == "*")
	}
	if !anyResource {
		return model.Meta{}, false
	}
	if s.NotActions.IsKnown() {
		return s.NotActions.Meta, true
	}
	for _, a := range s.Actions.Values {
		if v := strings.ToLower(a.Value); a.IsKnown() && len(a.Refs) == 0 && (v == "*" || v == "dynamodb:*") {
			return a.Meta, true
		}
	}
	return model.Meta{}, false
}
