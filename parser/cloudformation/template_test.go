package cloudformation

import (
	"fmt"
	"slices"
	"testing"

	"github.com/dynamoguard/dynamoguard/model"
	"github.com/google/go-cmp/cmp"
)

func TestInvalidSyntax(t *testing.T) {
	tests := []struct {
		name, file, src string
		line            int
	}{
		{"YAML", "t.yaml", "Resources:\n  T:\n    Type: [AWS::DynamoDB::Table\n  U: x\n", 3},
		{"JSON", "t.json", "{\n  \"Resources\": {\n    \"T\": {\"Type\": \"AWS::DynamoDB::Table\",}\n  \n", 2},
		{"block mapping", "t.yaml", "Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n   Properties: {}\n", 2},
		{"mapping in a plain scalar", "t.yaml", "Resources:\n  T: a: b\n", 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			proj, diags := ParseTemplate(tc.file, []byte(tc.src), Options{})
			if len(diags) != 1 || diags[0].Severity != model.DiagError {
				t.Fatalf("diagnostics = %v, want one error", diags)
			}
			if got := diags[0].Subject.Start.Line; got != tc.line {
				t.Errorf("error at line %d, want %d (%v)", got, tc.line, diags[0])
			}
			if diff := cmp.Diff([]model.File{{Path: tc.file, Kind: model.CloudFormation, Parsed: false}}, proj.Files); diff != "" {
				t.Errorf("Files (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMalformedResources(t *testing.T) {
	const src = `Transform: AWS::LanguageExtensions
Resources:
  AWSTemplateFormatVersion: "2010-09-09"
  NoType:
    Properties: {}
  ListProperties:
    Type: AWS::DynamoDB::Table
    Properties: [a]
  "Fn::ForEach::Tables":
    - Name
    - [A, B]
    - "${Name}Table":
        Type: AWS::DynamoDB::Table
  Kept:
    Type: AWS::DynamoDB::Table
  Numbered:
    Type: 7
`
	proj, diags := parse(t, "t.yaml", src, Options{})
	want := []diagView{
		{model.DiagWarning, `resource "AWSTemplateFormatVersion" is not a mapping`, at{3, 3}},
		{model.DiagWarning, `resource "NoType" has no Type`, at{4, 3}},
		{model.DiagWarning, `the Properties of resource "ListProperties" is not a mapping`, at{8, 17}},
		{model.DiagWarning, `the Type of resource "Numbered" is not a string`, at{17, 11}},
	}
	if diff := cmp.Diff(want, viewDiags(diags)); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
	if got := tableIDs(proj); !slices.Equal(got, []string{"ATable", "BTable", "Kept"}) {
		t.Errorf("tables = %v, want the two of the loop and Kept", got)
	}
	if len(proj.NotAnalysed) != 0 {
		t.Errorf("NotAnalysed = %v, want none", proj.NotAnalysed)
	}
	if !proj.Files[0].Parsed {
		t.Error("Parsed = false, want true")
	}
}

func TestNotATemplate(t *testing.T) {
	for _, src := range []string{"", "- a\n- b\n", "just a string\n", "Resources: 5\n"} {
		proj, diags := ParseTemplate("t.yaml", []byte(src), Options{})
		if proj == nil || len(proj.Files) != 1 {
			t.Fatalf("%q: project = %v", src, proj)
		}
		if len(diags) != 1 {
			t.Errorf("%q: diagnostics = %v, want one", src, diags)
		}
	}
}

func TestConditionsAndCDK(t *testing.T) {
	const src = `Parameters:
  Env: {Type: String, Default: dev}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  ProdOnly:
    Type: AWS::DynamoDB::Table
    Condition: IsProd
  Always:
    Type: AWS::DynamoDB::Table
    Metadata:
      aws:cdk:path: App/Stack/Always/Resource
  CDKMetadata:
    Type: AWS::CDK::Metadata
    Properties:
      Analytics: v2:deflate64:H4sIAAAAAAAA
    Condition: CDKMetadataAvailable
`
	tests := []struct {
		env  string
		want []string
	}{
		{"", []string{"Always"}},
		{"prod", []string{"ProdOnly", "Always"}},
	}
	for _, tc := range tests {
		var opts Options
		if tc.env != "" {
			opts.Params = map[string]string{"Env": tc.env}
		}
		proj, diags := parse(t, "cdk.out/Stack.template.json", src, opts)
		if len(diags) > 0 {
			t.Errorf("unexpected diagnostics:\n%v", diags)
		}
		var got []string
		for _, tbl := range proj.DynamoDB.Tables {
			got = append(got, tbl.Address)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("Env=%q: tables (-want +got):\n%s", tc.env, diff)
		}
		if p := table(t, proj, "Always").Path; p != "App/Stack/Always/Resource" {
			t.Errorf("Path = %q", p)
		}
	}
}

func TestExpressions(t *testing.T) {
	const head = `Parameters:
  Env: {Type: String, Default: prod}
  Names: {Type: CommaDelimitedList, Default: "a, b,c"}
  Unset: {Type: String}
  Ssm: {Type: "AWS::SSM::Parameter::Value<String>", Default: /config/name}
Mappings:
  Names:
    prod: {table: orders-prod}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  Loop1: !Condition Loop2
  Loop2: !Condition Loop1
  InRegion: !Equals [!Ref "AWS::Region", eu-west-1]
  AndFalse: !And [!Condition InRegion, !Equals [a, b]]
  OrTrue: !Or [!Condition InRegion, !Condition IsProd]
  NotProd: !Not [!Condition IsProd]
Resources:
  T:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: `
	tests := []struct {
		expr   string
		want   string
		reason string // when unknown
		at     at     // when not the whole expression
	}{
		{expr: "plain", want: "plain"},
		{expr: "123", want: "123"},
		{expr: "!FindInMap [Names, !Ref Env, table]", want: "orders-prod"},
		{expr: `{"Fn::FindInMap": [Names, dev, table]}`, reason: "Fn::FindInMap: Names.dev.table is not in Mappings"},
		{expr: "!Select [1, !Ref Names]", want: "b", at: at{21, 30}},
		{expr: `!Join ["-", !Ref Names]`, want: "a-b-c"},
		{expr: `!Select [2, !Split [",", "x,y,z"]]`, want: "z", at: at{21, 30}},
		{expr: `!Sub ["${A}-${Env}-${!Literal}", {A: x}]`, want: "x-prod-${Literal}"},
		{expr: "!Base64 abc", want: "YWJj"},
		{expr: "!If [AndFalse, a, b]", want: "b", at: at{21, 36}},
		{expr: "!If [OrTrue, a, b]", want: "a", at: at{21, 31}},
		{expr: "!If [NotProd, a, b]", want: "b", at: at{21, 35}},
		{expr: "!If [Loop1, a, b]", reason: `Fn::If condition "Loop1" cannot be evaluated: condition "Loop1" refers to itself`},
		{expr: "!If [Missing, a, b]", reason: `Fn::If condition "Missing" cannot be evaluated: condition "Missing" is not defined`},
		{expr: "!Ref Unset", reason: `parameter "Unset" has no default`},
		{expr: "!Ref Ssm", reason: `parameter "Ssm" is read from SSM Parameter Store at deploy time`},
		{expr: "!Ref AWS::StackName", reason: "AWS::StackName is resolved at deploy time"},
		{expr: `!Sub "${AWS::StackName}-orders"`, reason: "AWS::StackName is resolved at deploy time"},
		{expr: `!Sub "dynamodb.${AWS::URLSuffix}"`, reason: "AWS::URLSuffix is resolved at deploy time"},
		{expr: "'{{resolve:ssm:/orders/name}}'", reason: "a dynamic reference {{resolve:…}} is resolved at deploy time"},
		{expr: `!Join ["-", [a, "{{resolve:ssm:/orders/name}}"]]`, reason: "a dynamic reference {{resolve:…}} is resolved at deploy time"},
		{expr: "!Ref Nope", reason: `Ref to "Nope", which is neither a parameter nor a resource of the template`},
		{expr: "!GetAtt Nope.Arn", reason: `Fn::GetAtt refers to "Nope", which is not a resource of the template`},
		{expr: "!GetAtt T.StreamArn", reason: "Fn::GetAtt T.StreamArn is resolved at deploy time"},
		{expr: `!Join ["", [!Select [0, !GetAZs ""], "-x"]]`, reason: "Fn::GetAZs is resolved at deploy time"},
		{expr: "!Cidr [10.0.0.0/16, 4, 8]", reason: "Fn::Cidr is not evaluated by dynamoguard"},
		{expr: "!Select [7, [a]]", reason: "Fn::Select index 7 is out of range"},
		{expr: "!Join [a]", reason: "Fn::Join takes a delimiter and a list"},
	}
	for _, tc := range tests {
		t.Run(tc.expr, func(t *testing.T) {
			proj, diags := parse(t, "t.yaml", head+tc.expr+"\n", Options{})
			if len(diags) > 0 {
				t.Errorf("unexpected diagnostics:\n%v", diags)
			}
			name := table(t, proj, "T").Name
			if tc.at == (at{}) {
				tc.at = at{21, 18}
			}
			want := valueView{State: model.Known, Value: tc.want, At: tc.at}
			if tc.reason != "" {
				want = valueView{State: model.Unknown, Value: "", At: at{21, 18}, Reason: tc.reason}
			}
			if diff := cmp.Diff(want, viewString(name)); diff != "" {
				t.Errorf("TableName (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRanges checks that ranges cover exactly the text of their node.
func TestRanges(t *testing.T) {
	const src = `Resources:
  "Table":
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: 'it''s'
      BillingMode: "PAY_PER_REQUEST"   # comment
      SSESpecification: {SSEEnabled: true, KMSMasterKeyId: !GetAtt [Key, Arn]}
      PointInTimeRecoverySpecification:
        PointInTimeRecoveryEnabled: !If
          - Always
          - true
          - false
  Key:
    Type: AWS::KMS::Key
Conditions:
  Always: !Equals [1, 1]
`
	proj, diags := parse(t, "t.yaml", src, Options{})
	if len(diags) > 0 {
		t.Fatalf("unexpected diagnostics:\n%v", diags)
	}
	tbl := table(t, proj, "Table")
	tests := []struct {
		name string
		r    model.Range
		want string
	}{
		{"logical ID", tbl.Range, `"Table"`},
		{"single-quoted", tbl.Name.Range, `'it''s'`},
		{"double-quoted", tbl.BillingMode.Range, `"PAY_PER_REQUEST"`},
		{"flow value", tbl.SSEEnabled.Range, "true"},
		{"flow sequence with tag", tbl.Encryption.Range, "!GetAtt [Key, Arn]"},
		{"chosen branch", tbl.PITR.Range, "true"},
	}
	for _, tc := range tests {
		if tc.r.Start.Byte < 0 || tc.r.End.Byte > len(src) || tc.r.Start.Byte > tc.r.End.Byte {
			t.Errorf("%s: bad range %+v", tc.name, tc.r)
			continue
		}
		if got := src[tc.r.Start.Byte:tc.r.End.Byte]; got != tc.want {
			t.Errorf("%s: range covers %q, want %q", tc.name, got, tc.want)
		}
		if tc.r.End.Line != tc.r.Start.Line || tc.r.End.Column != tc.r.Start.Column+len([]rune(tc.want)) {
			t.Errorf("%s: end %+v does not match start %+v", tc.name, tc.r.End, tc.r.Start)
		}
	}
	src2 := newSource("x.yaml", []byte("a: !Sub\n  - x\n  - {b: c}\n"))
	_, n := mapGet(mustParse(t, src2.data), "a")
	if r := src2.rng(n); r.End.Line != 3 || r.End.Column != 11 {
		t.Errorf("block sequence ends at %+v, want 3:11", r.End)
	}
}

func TestIsTemplate(t *testing.T) {
	tests := []struct {
		name, file, src string
		want            bool
	}{
		{"format version", "t.yaml", "AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n", true},
		{"SAM without version", "template.yml", "Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n", true},
		{"CDK JSON", "cdk.out/App.template.json", `{"Resources": {"T": {"Type": "AWS::DynamoDB::Table", "Metadata": {"aws:cdk:path": "App/T"}}}}`, true},
		{"custom resource", "t.yaml", "Resources:\n  C:\n    Type: Custom::Thing\n", true},
		{"GitHub workflow", ".github/workflows/ci.yml", "name: CI\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n", false},
		{"docker-compose", "docker-compose.yml", "services:\n  db:\n    image: amazon/dynamodb-local\n    ports: [\"8000:8000\"]\n", false},
		{"package.json", "package.json", `{"name": "app", "version": "1.0.0", "dependencies": {"aws-cdk-lib": "2.0.0"}}`, false},
		{"serverless framework", "serverless.yml", "service: x\nresources:\n  Resources:\n    T:\n      Type: AWS::DynamoDB::Table\n", false},
		{"other Resources", "t.yaml", "Resources:\n  a: {Type: cpu}\n", false},
		{"invalid YAML", "t.yaml", "Resources: [\n", false},
		{"binary", "t.json", "\x00\x01\xffResources\x00", false},
		{"empty", "t.yaml", "", false},
	}
	for _, tc := range tests {
		if got := IsTemplate(tc.file, []byte(tc.src)); got != tc.want {
			t.Errorf("%s: IsTemplate = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestPropertiesChosenByIf(t *testing.T) {
	const src = `Conditions:
  Yes: !Equals [a, a]
  InRegion: !Equals [!Ref "AWS::Region", eu-west-1]
Resources:
  Chosen:
    Type: AWS::DynamoDB::Table
    Properties: !If [Yes, {TableName: yes}, {TableName: no}]
  Unresolved:
    Type: AWS::DynamoDB::Table
    Properties: !If [InRegion, {TableName: a}, {TableName: b}]
`
	proj, diags := parse(t, "t.yaml", src, Options{})
	if len(diags) > 0 {
		t.Errorf("unexpected diagnostics:\n%v", diags)
	}
	if v := table(t, proj, "Chosen").Name; v.Value != "yes" {
		t.Errorf("Chosen Name = %+v", v)
	}
	want := []model.NotAnalysed{{
		Range:  model.Range{Filename: "t.yaml", Start: model.Pos{Line: 8, Column: 3, Byte: 201}, End: model.Pos{Line: 8, Column: 13, Byte: 211}},
		What:   "Unresolved",
		Reason: `its Properties cannot be resolved: Fn::If condition "InRegion" cannot be evaluated: AWS::Region is resolved at deploy time`,
	}}
	if diff := cmp.Diff(want, proj.NotAnalysed); diff != "" {
		t.Errorf("NotAnalysed (-want +got):\n%s", diff)
	}
}

// TestParseDecides: Parse reads templates, leaves other documents alone, and
// reports a broken file only when its text reads like a template.
func TestParseDecides(t *testing.T) {
	tests := []struct {
		name, src   string
		wantFiles   int
		wantParsed  bool
		wantTables  int
		wantDiagErr bool
	}{
		{"template.yaml", "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  T:\n    Type: AWS::DynamoDB::Table\n", 1, true, 1, false},
		{"workflow.yaml", "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps: []\n", 0, false, 0, false},
		{"k8s.yaml", "kind: Pod\nResources:\n  limits: {cpu: 1}\n", 0, false, 0, false},
		{"broken.yaml", "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  T: [\n", 1, false, 0, true},
		{"broken-other.yaml", "key: [\n", 0, false, 0, false},
		{"package.json", `{"Resources": {"T": {"Type": "AWS::DynamoDB::Table"}}}`, 0, false, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			proj, diags := Parse(tt.name, []byte(tt.src), Options{})
			if len(proj.Files) != tt.wantFiles {
				t.Fatalf("files = %v, want %d", proj.Files, tt.wantFiles)
			}
			if tt.wantFiles == 1 && proj.Files[0].Parsed != tt.wantParsed {
				t.Errorf("Parsed = %t, want %t", proj.Files[0].Parsed, tt.wantParsed)
			}
			if len(proj.DynamoDB.Tables) != tt.wantTables {
				t.Errorf("tables = %d, want %d", len(proj.DynamoDB.Tables), tt.wantTables)
			}
			if diags.HasErrors() != tt.wantDiagErr {
				t.Errorf("diagnostics = %v, want errors: %t", diags, tt.wantDiagErr)
			}
			if tt.wantDiagErr && diags[0].Subject.Start.Line == 0 {
				t.Errorf("diagnostic has no line: %v", diags[0])
			}
		})
	}
}

// TestTransforms checks that macros and Fn::Transform, which may change
// the template before it is deployed, are listed as not analysed.
func TestTransforms(t *testing.T) {
	const src = `Transform: [AWS::Serverless-2016-10-31, Company::Encrypt]
Resources:
  Fn::Transform:
    Name: AWS::Include
    Parameters: {Location: s3://bucket/tables.yaml}
  T:
    Type: AWS::DynamoDB::Table
`
	proj, diags := parse(t, "t.yaml", src, Options{})
	if len(diags) > 0 {
		t.Errorf("unexpected diagnostics:\n%v", diags)
	}
	var got []string
	for _, na := range proj.NotAnalysed {
		got = append(got, fmt.Sprintf("%d:%d %s", na.Range.Start.Line, na.Range.Start.Column, na.What))
	}
	if diff := cmp.Diff([]string{"1:41 Transform Company::Encrypt", "3:3 Fn::Transform"}, got); diff != "" {
		t.Errorf("NotAnalysed (-want +got):\n%s", diff)
	}
	if len(proj.DynamoDB.Tables) != 1 {
		t.Errorf("%d tables, want 1", len(proj.DynamoDB.Tables))
	}
}
