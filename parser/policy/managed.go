package policy

import (
	"strings"

	"github.com/dynamoguard/dynamoguard/model"
)

// awsManaged are the DynamoDB statements of the AWS managed policies that
// grant DynamoDB access, as AWS publishes them (their statements for other
// services are left out).
var awsManaged = map[string][]managedStatement{
	"AmazonDynamoDBFullAccess": {{actions: []string{"dynamodb:*"}}},
	"AmazonDynamoDBReadOnlyAccess": {{actions: []string{
		"dynamodb:BatchGetItem", "dynamodb:Describe*", "dynamodb:List*", "dynamodb:GetItem", "dynamodb:GetResourcePolicy",
		"dynamodb:Query", "dynamodb:Scan", "dynamodb:PartiQLSelect",
	}}},
}

// managedStatement is an Allow statement on Resource "*".
type managedStatement struct{ actions []string }

// AWSManagedName returns the name of the AWS managed policy an ARN or
// name denotes (arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess, with any
// partition, or the bare name), "" when it is not one whose DynamoDB
// statements are known.
func AWSManagedName(s string) string {
	name := s
	if i := strings.Index(s, ":iam::aws:policy/"); i >= 0 && strings.HasPrefix(s, "arn:") {
		name = s[i+len(":iam::aws:policy/"):]
	}
	if _, ok := awsManaged[name]; !ok {
		return ""
	}
	return name
}

// AWSManaged returns the document of the AWS managed policy name (see
// AWSManagedName) with every string at r, the place that attaches it,
// and path as its attribute path; false when its statements are not
// known.
func AWSManaged(name string, r model.Range, path string) (*Node, bool) {
	statements, ok := awsManaged[name]
	if !ok {
		return nil, false
	}
	str := func(s string) *Node { return &Node{Kind: KindString, Str: s, Range: r, Path: path} }
	list := &Node{Kind: KindList, Range: r, Path: path}
	for _, st := range statements {
		actions := &Node{Kind: KindList, Range: r, Path: path}
		for _, a := range st.actions {
			actions.Items = append(actions.Items, str(a))
		}
		list.Items = append(list.Items, &Node{Kind: KindObject, Range: r, Path: path, Fields: []Field{
			{Key: "Effect", KeyRange: r, Value: str("Allow")},
			{Key: "Action", KeyRange: r, Value: actions},
			{Key: "Resource", KeyRange: r, Value: str("*")},
		}})
	}
	return &Node{Kind: KindObject, Range: r, Path: path, Fields: []Field{
		{Key: "Version", KeyRange: r, Value: str("2012-10-17")},
		{Key: "Statement", KeyRange: r, Value: list},
	}}, true
}
