package rules

import (
	"testing"

	"github.com/dynamoguard/dynamoguard/model"
)

func TestPrefixGlobMatches(t *testing.T) {
	for _, c := range []struct {
		glob, text string
		want       bool
	}{
		{"dynamodb-exports-*", "dynamodb-exports-${var.env}", true},
		{"dynamodb-exports-*", "dynamodb-exports-eu-${var.env}", true},
		{"dynamodb-exports-*", "${var.env}-dynamodb-exports-", false},
		{"dynamodb-*-exports", "dynamodb-${var.env}-exports", false}, // may or may not match
		{"dynamodb-exports", "dynamodb-exports${var.x}", false},
		{"dyn?mo-*", "dynamo-${var.x}", false},
	} {
		if got := prefixGlobMatches(c.glob, c.text); got != c.want {
			t.Errorf("prefixGlobMatches(%q, %q) = %v, want %v", c.glob, c.text, got, c.want)
		}
	}
}

func known(s string) model.Value[string] { return model.KnownValue(s, model.Range{}, "Resource") }

func list(values ...string) model.StringList {
	l := model.StringList{Meta: model.Meta{State: model.Known}}
	for _, v := range values {
		l.Values = append(l.Values, known(v))
	}
	return l
}

func TestAnyBucket(t *testing.T) {
	for _, c := range []struct {
		resource string
		want     bool
	}{
		{"*", true},
		{"arn:aws:s3:::*", true},
		{"arn:aws:s3:::*/*", true},
		{"arn:*:s3:::*", true},
		{"arn:${AWS::Partition}:s3:::*/*", true},
		{"arn:aws:s3:::exports/*", false},
		{"arn:aws:s3:::exports-*/*", false},
		{"arn:aws:dynamodb:us-east-1:111122223333:table/*", false},
	} {
		s := &model.Statement{Resources: list(c.resource)}
		if got := len(anyBucket(s)) > 0; got != c.want {
			t.Errorf("anyBucket(%q) = %v, want %v", c.resource, got, c.want)
		}
	}
}

// TestGrants checks Action and NotAction against actions, case-insensitive
// and with wildcards.
func TestGrants(t *testing.T) {
	for _, c := range []struct {
		actions, notActions []string
		action              string
		want                bool
	}{
		{[]string{"dynamodb:Export*"}, nil, exportAction, true},
		{[]string{"DynamoDB:exporttabletopointintime"}, nil, exportAction, true},
		{[]string{"*"}, nil, "s3:PutObject", true},
		{[]string{"s3:Put?bject"}, nil, "s3:PutObject", true},
		{[]string{"s3:GetObject"}, nil, "s3:PutObject", false},
		{nil, []string{"s3:*"}, "s3:PutObject", false},
		{nil, []string{"dynamodb:*"}, "s3:PutObject", true},
	} {
		s := &model.Statement{Actions: list(c.actions...), NotActions: model.StringList{Meta: model.Meta{State: model.Absent}}}
		if c.notActions != nil {
			s.Actions = model.StringList{Meta: model.Meta{State: model.Absent}}
			s.NotActions = list(c.notActions...)
		}
		if by, _ := grants(s, c.action); (len(by) > 0) != c.want {
			t.Errorf("grants(%v / not %v, %s) = %v, want %v", c.actions, c.notActions, c.action, len(by) > 0, c.want)
		}
	}
}

// TestDeniedToOthers: a Deny for everyone outside the organisation
// cancels a public Allow of the same actions; a Deny of other actions, or
// one that is not negated, does not.
func TestDeniedToOthers(t *testing.T) {
	allow := model.Statement{Meta: model.Meta{State: model.Known}, Effect: known("Allow"), Actions: list("kms:Decrypt")}
	deny := func(op, action string) model.Statement {
		return model.Statement{
			Meta: model.Meta{State: model.Known}, Effect: known("Deny"), Actions: list(action),
			NotActions: model.StringList{Meta: model.Meta{State: model.Absent}},
			Principals: model.Principals{Meta: model.Meta{State: model.Known}, Wildcard: model.KnownValue(true, model.Range{}, "Principal")},
			Conditions: model.Conditions{Meta: model.Meta{State: model.Known}, Items: []model.Condition{{
				Operator: known(op), Base: op, Key: known("aws:PrincipalOrgID"), Values: list("o-a1b2c3d4e5"),
			}}},
		}
	}
	for _, c := range []struct {
		deny model.Statement
		want bool
	}{
		{deny("StringNotEquals", "kms:*"), true},
		{deny("StringNotEquals", "kms:Encrypt"), false},
		{deny("StringEquals", "kms:*"), false},
	} {
		doc := &model.PolicyDocument{Statements: []model.Statement{allow, c.deny}}
		if got := deniedToOthers(doc, &doc.Statements[0]); got != c.want {
			t.Errorf("deniedToOthers with %s %s = %v, want %v", c.deny.Conditions.Items[0].Base, c.deny.Actions.Values[0].Value, got, c.want)
		}
	}
}
