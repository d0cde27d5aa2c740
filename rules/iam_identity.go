package rules

import (
	"fmt"
	"strings"

	"github.com/dynamoguard/dynamoguard/model"
)

// This file holds what the identity-policy rules (DDB401–DDB404) share:
// walking the Allow statements of every identity policy, naming a policy
// in messages, and telling whether a reference names a DynamoDB resource.

// eachIdentityAllow calls fn with every known Allow statement of every
// identity policy of the project, and the Deny statements of its document.
// A document or statement that cannot be read is recorded as not analysed.
func eachIdentityAllow(p *Pass, fn func(pol *model.IAMPolicy, s *model.Statement, deny *denials)) {
	for _, pol := range p.Project.IAM.Policies {
		d := &pol.Document
		switch d.State {
		case model.Absent:
			continue
		case model.Unknown:
			p.Skip(pol.Resource, d.Meta)
			continue
		}
		deny := newDenials(d)
		for i := range d.Statements {
			s := &d.Statements[i]
			switch {
			case s.IsUnknown():
				p.Skip(pol.Resource, s.Meta)
			case s.Effect.IsUnknown():
				p.Skip(pol.Resource, s.Effect.Meta)
			case s.IsAllow():
				fn(pol, s, deny)
			}
		}
	}
}

// policyLabel names an identity policy for messages: `policy
// aws_iam_policy.p`, `inline policy inline_policy[0] of aws_iam_role.r`,
// `the DynamoDBCrudPolicy template of Fn`.
func policyLabel(pol *model.IAMPolicy) string {
	switch {
	case pol.Template != "" && pol.Kind == model.IAMManagedPolicy:
		return fmt.Sprintf("the AWS managed policy %s attached by %s", pol.Template, pol.Address)
	case pol.Template != "":
		return fmt.Sprintf("the %s policy template of %s", pol.Template, pol.Address)
	case pol.Type == "aws_iam_role", pol.Type == "AWS::IAM::Role", pol.Type == "AWS::IAM::User", pol.Type == "AWS::IAM::Group",
		pol.Type == "AWS::Serverless::Function":
		path := strings.TrimSuffix(strings.TrimSuffix(pol.Document.Path, ".policy"), ".PolicyDocument")
		return fmt.Sprintf("inline policy %s of %s", path, pol.Address)
	}
	return "policy " + pol.Address
}

// tableLookup returns a function that tells whether an address, in the
// scope of res, names a DynamoDB resource: a table of the project, or a
// Terraform resource or data source whose type is aws_dynamodb_….
func tableLookup(p *Pass) func(res model.Resource) func(string) bool {
	x := model.NewIndex(p.Project)
	return func(res model.Resource) func(string) bool {
		return func(address string) bool {
			if _, ok := x.Lookup(res.Scope, address).(*model.Table); ok {
				return true
			}
			return strings.HasPrefix(terraformType(address), "aws_dynamodb_")
		}
	}
}

// terraformType returns the resource type of a Terraform address
// (module.m.aws_dynamodb_table.t[0], data.aws_dynamodb_table.t), "" for a
// CloudFormation logical ID.
func terraformType(address string) string {
	parts := strings.Split(address, ".")
	for len(parts) >= 2 && parts[0] == "module" {
		parts = parts[2:]
	}
	if len(parts) >= 1 && parts[0] == "data" {
		parts = parts[1:]
	}
	if len(parts) < 2 {
		return ""
	}
	return parts[0]
}

// sensitive reports whether an action gives more than metadata: anything
// but List actions and Describe… actions.
func sensitive(a *Action) bool {
	return a.Access != "List" && !strings.HasPrefix(a.Name, "Describe") && !strings.HasPrefix(a.Name, "List")
}

// scopeType is the resource type whose probe decides whether an action is
// granted on everything: its first required type, else table.
func scopeType(a *Action) string {
	if t := a.requiredType(); t != "" {
		return t
	}
	return "table"
}

// notableActions lists, for a message, the most dangerous of actions: those
// of the destructive, export, resource-policy, write and PartiQL groups.
func notableActions(actions []*Action) string {
	var out []*Action
	for _, g := range []ActionGroup{GroupDestructive, GroupExport, GroupResourcePolicy, GroupWrite, GroupPartiQL} {
		for _, a := range actions {
			if a.Group == g {
				out = append(out, a)
			}
		}
	}
	if len(out) == 0 {
		out = actions
	}
	names := make([]string, 0, 4)
	for _, a := range out {
		if len(names) == 4 {
			break
		}
		names = append(names, a.Name)
	}
	return strings.Join(names, ", ")
}
