package cloudformation

import (
	"strings"
	"testing"

	"github.com/dynamoguard/dynamoguard/model"
)

func policies(t *testing.T, src string) (map[string]model.PolicyDocument, *model.Project, model.Diagnostics) {
	t.Helper()
	p, diags := parse(t, "t.yaml", src, Options{})
	if err := model.Validate(p); err != nil {
		t.Fatal(err)
	}
	out := map[string]model.PolicyDocument{}
	for _, pol := range p.IAM.Policies {
		out[pol.Address+" "+pol.Document.Path] = pol.Document
	}
	for _, r := range p.IAM.Roles {
		out[r.Address+" "+r.AssumeRolePolicy.Path] = r.AssumeRolePolicy
	}
	return out, p, diags
}

func TestPolicyYAML(t *testing.T) {
	docs, p, diags := policies(t, `
Parameters:
  Unset:
    Type: String
Resources:
  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      KeySchema: [{AttributeName: id, KeyType: HASH}]
      AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
      BillingMode: PAY_PER_REQUEST
  Policy:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: p
      Roles: [!Ref Role]
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: [dynamodb:*, "dynamodb:GetItem"]
            Resource:
              - !GetAtt Table.Arn
              - !Sub "${Table.Arn}/index/*"
              - !Ref Unset
          - Effect: Allow
            Action: dynamodb:Scan
            Resource: "*"
            Condition:
              Bool: {aws:SecureTransport: true}
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {Service: [lambda.amazonaws.com]}
            Action: sts:AssumeRole
      Policies:
        - PolicyName: inline
          PolicyDocument: '{"Statement": {"Effect": "Allow", "Action": "dynamodb:DeleteTable", "Resource": "*"}}'
`)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	s := docs["Policy PolicyDocument"].Statements
	if len(s) != 2 {
		t.Fatalf("statements = %+v", s)
	}
	at := func(v model.Value[string], line, col int, value string, refs int) {
		t.Helper()
		if v.Value != value || v.Range.Start.Line != line || v.Range.Start.Column != col || len(v.Refs) != refs || !v.IsKnown() {
			t.Errorf("%s = %q at %d:%d, %d refs (%s %s); want %q at %d:%d, %d refs", v.Path, v.Value,
				v.Range.Start.Line, v.Range.Start.Column, len(v.Refs), v.State, v.Reason, value, line, col, refs)
		}
	}
	at(s[0].Actions.Values[0], 21, 22, "dynamodb:*", 0)
	at(s[0].Resources.Values[0], 23, 17, "${Table.Arn}", 1)
	at(s[0].Resources.Values[1], 24, 17, "${Table.Arn}/index/*", 1)
	if r := s[0].Resources.Values[2]; !r.IsUnknown() {
		t.Errorf("!Ref Unset = %+v", r)
	}
	if c := s[1].Conditions.Items; len(c) != 1 || c[0].Values.Values[0].Value != "true" {
		t.Errorf("conditions = %+v", c)
	}
	if pol := p.IAM.Policies[0]; len(pol.AttachedTo) != 1 || pol.AttachedTo[0].Name.Refs[0].Address != "Role" {
		t.Errorf("attached = %+v", pol.AttachedTo)
	}
	trust := docs["Role AssumeRolePolicyDocument"].Statements[0].Principals
	if len(trust.Entries) != 1 || trust.Entries[0].IDs.Values[0].Value != "lambda.amazonaws.com" {
		t.Errorf("trust = %+v", trust)
	}
	inline := docs["Role Policies[0].PolicyDocument"].Statements[0]
	at(inline.Actions.Values[0], 41, 72, "dynamodb:DeleteTable", 0)
}

func TestPolicyJSONTemplateAndSub(t *testing.T) {
	docs, _, diags := policies(t, `{
  "Resources": {
    "T": {"Type": "AWS::DynamoDB::Table", "Properties": {"KeySchema": [], "AttributeDefinitions": []}},
    "P": {
      "Type": "AWS::IAM::ManagedPolicy",
      "Properties": {
        "PolicyDocument": {
          "Statement": [{"Effect": "Allow", "Action": ["dynamodb:Query"], "Resource": {"Fn::Sub": "arn:aws:dynamodb:${AWS::Region}:${AWS::AccountId}:table/*"}}]
        }
      }
    },
    "Sub": {
      "Type": "AWS::IAM::ManagedPolicy",
      "Properties": {
        "PolicyDocument": {"Fn::Sub": "{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"dynamodb:GetItem\", \"Resource\": \"${T.Arn}\"}}"}
      }
    }
  }
}`)
	for _, d := range diags {
		if !strings.Contains(d.Summary, "schema") {
			t.Error(d)
		}
	}
	r := docs["P PolicyDocument"].Statements[0].Resources.Values[0]
	if r.Value != "arn:aws:dynamodb:${AWS::Region}:${AWS::AccountId}:table/*" || r.Range.Start.Line != 8 || !r.IsKnown() {
		t.Errorf("resource = %+v", r)
	}
	s := docs["Sub PolicyDocument"]
	if !s.IsKnown() || len(s.Statements) != 1 {
		t.Fatalf("Fn::Sub document = %+v", s)
	}
	r = s.Statements[0].Resources.Values[0]
	if r.Value != "${T.Arn}" || len(r.Refs) != 1 || r.Refs[0].Address != "T" {
		t.Errorf("Fn::Sub resource = %+v", r)
	}
}

func TestSAMPolicyTemplates(t *testing.T) {
	docs, _, diags := policies(t, `
Transform: AWS::Serverless-2016-10-31
Parameters:
  Name:
    Type: String
Resources:
  Table:
    Type: AWS::Serverless::SimpleTable
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: python3.12
      CodeUri: .
      Policies:
        - AWSLambdaBasicExecutionRole
        - DynamoDBCrudPolicy:
            TableName: !Ref Table
        - DynamoDBReadPolicy:
            TableName: "*"
        - DynamoDBStreamReadPolicy:
            TableName: !Ref Name
            StreamName: s
        - SQSPollerPolicy:
            QueueName: q
        - Statement:
            - Effect: Allow
              Action: dynamodb:PartiQLSelect
              Resource: "*"
`)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	crud := docs["Fn Policies[1].DynamoDBCrudPolicy"]
	if !crud.IsKnown() || len(crud.Statements) != 1 {
		t.Fatalf("crud = %+v", crud)
	}
	s := crud.Statements[0]
	if len(s.Actions.Values) != 10 || s.Actions.Values[0].Range.Start.Line != 17 ||
		s.Resources.Values[0].Value != "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${Table}" ||
		len(s.Resources.Values[0].Refs) != 1 || s.Resources.Values[0].Range.Start.Line != 18 {
		t.Errorf("crud statement = %+v", s)
	}
	read := docs["Fn Policies[2].DynamoDBReadPolicy"].Statements[0]
	if read.Resources.Values[0].Value != "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/*" {
		t.Errorf("read = %+v", read.Resources.Values[0])
	}
	stream := docs["Fn Policies[3].DynamoDBStreamReadPolicy"]
	if len(stream.Statements) != 2 || !stream.Statements[0].Resources.Values[0].IsUnknown() {
		t.Errorf("stream = %+v", stream)
	}
	if _, ok := docs["Fn Policies[4].SQSPollerPolicy"]; ok {
		t.Error("a template that grants nothing on DynamoDB is modelled")
	}
	if d := docs["Fn Policies[5]"]; len(d.Statements) != 1 || d.Statements[0].Actions.Values[0].Value != "dynamodb:PartiQLSelect" {
		t.Errorf("inline statement = %+v", d)
	}
}

func TestPolicyBadInputCFN(t *testing.T) {
	docs, _, diags := policies(t, `
Parameters:
  Doc:
    Type: String
Resources:
  Number:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: 5
  List:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: [a]
  Param:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: !Ref Doc
  BadJSON:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: '{"Statement": ['
  BadPrincipal:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {Group: x}
            Action: sts:AssumeRole
  NoValue:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {Service: lambda.amazonaws.com}
            Action: sts:AssumeRole
            Condition: !Ref AWS::NoValue
      Policies: !Ref Doc
`)
	for _, name := range []string{"Number PolicyDocument", "List PolicyDocument", "Param PolicyDocument", "BadJSON PolicyDocument"} {
		if d := docs[name]; !d.IsUnknown() {
			t.Errorf("%s: %s", name, d.State)
		}
	}
	if p := docs["BadPrincipal AssumeRolePolicyDocument"].Statements[0].Principals; !p.IsUnknown() {
		t.Errorf("principal = %+v", p)
	}
	if c := docs["NoValue AssumeRolePolicyDocument"].Statements[0].Conditions; c.State != model.Absent {
		t.Errorf("AWS::NoValue condition = %s", c.State)
	}
	if d := docs["NoValue Policies"]; !d.IsUnknown() {
		t.Errorf("Policies = %s", d.State)
	}
	found := false
	for _, d := range diags {
		if d.Summary == "Invalid policy JSON" && d.Subject.Start.Line == 21 && strings.Contains(d.Detail, "ends before") {
			found = true
		}
	}
	if !found {
		t.Errorf("no diagnostic for the invalid JSON at line 22: %v", diags)
	}
}
