package cloudformation

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dynamoguard/dynamoguard/model"
)

// oddTemplates are inputs of every odd shape; none may make the parser
// panic or drop the file.
var oddTemplates = []string{
	"",
	"null",
	"[]",
	"Resources: ~",
	"Resources:\n  X: !Ref Y\n",
	"Resources: {T: {Type: AWS::DynamoDB::Table, Properties: !Ref X}}",
	"Resources: {T: {Type: AWS::DynamoDB::Table, Properties: !If [C, {}, {}]}}\nConditions: {C: !Equals [!Ref 'AWS::Region', x]}",
	"Resources: {T: {Type: AWS::DynamoDB::Table, Properties: {SSESpecification: !If}}}",
	"Resources: {T: {Type: AWS::DynamoDB::Table, Properties: {TableName: !GetAtt , BillingMode: !Sub [1, 2, 3]}}}",
	"Resources: {T: {Type: AWS::DynamoDB::Table, Properties: {TableName: !Select [x, y], BillingMode: !Join 5}}}",
	"Resources: {T: {Type: AWS::DynamoDB::Table, Properties: {TableName: {Fn::FindInMap: 7}, BillingMode: !Equals}}}",
	"Resources: {T: {Type: AWS::DynamoDB::Table, Properties: {TableName: !Sub '${', BillingMode: !Sub '${!'}}}",
	"Resources: {T: {Type: AWS::DynamoDB::Table, Properties: {Replicas: [!Ref AWS::NoValue], SSESpecification: [1]}}}",
	"Resources: {T: {Type: AWS::DynamoDB::GlobalTable, Properties: {Replicas: 5, SSESpecification: {SSEEnabled: [x]}}}}",
	"Resources: {T: {Type: AWS::DynamoDB::GlobalTable, Properties: {Replicas: [5, {SSESpecification: 3}]}}}",
	"Resources: {T: {Type: AWS::Serverless::SimpleTable, Properties: {Tags: [a], ProvisionedThroughput: x}}}",
	"Resources: {A: {Type: AWS::KMS::Alias, Properties: {TargetKeyId: !Ref A, AliasName: [x]}}}",
	"Resources: {T: {Type: AWS::DynamoDB::Table, Condition: [x]}, U: {Type: AWS::DynamoDB::Table, Condition: U}}",
	"Conditions: {A: !And [], B: !Or [!Condition B], C: !Not [1, 2]}\nResources: {T: {Type: AWS::DynamoDB::Table, Condition: B}}",
	"Parameters: 5\nConditions: [x]\nMappings: y\nResources: {}",
	"Parameters: {P: {Type: CommaDelimitedList, Default: [a, {b: c}]}}\nResources: {T: {Type: AWS::DynamoDB::Table, Properties: {TableName: !Select [0, !Ref P]}}}",
	"a: &a {Type: AWS::DynamoDB::Table}\nResources: {T: *a, U: *a}",
	"Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      TableName: |\n        multi\n        line\n",
	"\uFEFFResources: {T: {Type: AWS::DynamoDB::Table, Properties: {TableName: 'é'}}}",
	"Resources:\r\n  T:\r\n    Type: AWS::DynamoDB::Table\r\n",
	"{\"Resources\": {\"T\": {\"Type\": \"AWS::DynamoDB::Table\", \"Properties\": {\"TableName\": 1e400}}}}",
	"Resources: {T: {Type: AWS::DynamoDB::Table, Properties: {ProvisionedThroughput: {ReadCapacityUnits: 0x1F, WriteCapacityUnits: 1.5}}}}",
	"Resources: {T: {Type: AWS::DynamoDB::Table, Properties: {? [a]: b, Tags: {Key: x}}}}",
	"Conditions: {C: !Equals [!Ref AWS::Region, x]}\nResources: {T: {Type: AWS::DynamoDB::Table, Condition: C, " +
		"DeletionPolicy: !If [C, Retain, Delete], Properties: {SSESpecification: !If [C, {SSEEnabled: true}, !Ref AWS::NoValue]}}}",
	"a: &a {<<: *a}\nResources: {T: {<<: [*a, *a], Type: AWS::DynamoDB::Table, Properties: {<<: 5, x: ~, x: 1}}}",
	"Resources: {T: {Type: AWS::DynamoDB::Table, Properties: {SSESpecification: {SSEEnabled: '{{resolve:ssm:x}}'}}}}",
	"Transform: AWS::Serverless-2016-10-31\nGlobals: {SimpleTable: !Ref X}\nResources: {T: {Type: AWS::Serverless::SimpleTable}}",
	"Globals: {SimpleTable: {Tags: [a], SSESpecification: {SSEEnabled: true}}}\nResources: {T: {Type: AWS::Serverless::SimpleTable, Properties: {Tags: [b], SSESpecification: [x]}}}",
	"\xff\xfeR\x00",
	"\xfe\xffRes",
}

func TestOddTemplates(t *testing.T) {
	for _, src := range oddTemplates {
		checkNoCrash(t, src)
	}
}

func checkNoCrash(t *testing.T, src string) {
	t.Helper()
	proj, diags := ParseTemplate("odd.yaml", []byte(src), Options{Params: map[string]string{"P": "x"}})
	if proj == nil || len(proj.Files) != 1 {
		t.Fatalf("%q: project = %v", src, proj)
	}
	for _, d := range diags {
		if strings.Contains(d.Summary, "internal error") {
			t.Errorf("%q: %v", src, d)
		}
	}
	IsTemplate("odd.yaml", []byte(src))
}

// TestAliasBomb checks that exponentially aliased YAML is bounded.
func TestAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 10; i++ {
		b.WriteString("a" + string(rune('0'+i)) + ": &a" + string(rune('0'+i)) + " [")
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*a" + string(rune('0'+i-1)))
		}
		b.WriteString("]\n")
	}
	b.WriteString("Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      Tags: *a9\n")
	proj, diags := ParseTemplate("bomb.yaml", []byte(b.String()), Options{})
	if len(proj.DynamoDB.Tables) != 1 {
		t.Errorf("tables = %d, want 1", len(proj.DynamoDB.Tables))
	}
	found := false
	for _, d := range diags {
		found = found || d.Summary == "template too large to evaluate"
	}
	if !found {
		t.Errorf("no diagnostic about the size: %v", diags)
	}
}

func FuzzParseTemplate(f *testing.F) {
	for _, src := range oddTemplates {
		f.Add(src)
	}
	f.Add(keysTemplate + "      SSESpecification: {SSEEnabled: true, KMSMasterKeyId: !Ref KeyAlias}\n")
	fixtures, _ := filepath.Glob("../../rules/testdata/*/*/*.yaml")
	for _, name := range fixtures {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(string(data))
		}
	}
	f.Fuzz(func(t *testing.T, src string) {
		proj, diags := ParseTemplate("fuzz.yaml", []byte(src), Options{})
		if proj == nil {
			t.Fatal("nil project")
		}
		for _, d := range diags {
			if d.Severity == model.DiagError && strings.Contains(d.Summary, "internal error") {
				t.Fatalf("%v", d)
			}
		}
		IsTemplate("fuzz.yaml", []byte(src))
	})
}

// TestMergeBomb checks that mappings merged into each other many times over
// (YAML merge keys, <<) are read once each.
func TestMergeBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("a0: &a0 {x: 1}\n")
	for i := 1; i <= 30; i++ {
		fmt.Fprintf(&b, "a%d: &a%d {<<: [%s]}\n", i, i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*a%d, ", i-1), 10), ", "))
	}
	b.WriteString("Resources:\n  T:\n    <<: *a30\n    Type: AWS::DynamoDB::Table\n    Properties: {<<: *a30, TableName: t}\n")
	proj, _ := ParseTemplate("bomb.yaml", []byte(b.String()), Options{})
	if len(proj.DynamoDB.Tables) != 1 || proj.DynamoDB.Tables[0].Name.Value != "t" {
		t.Errorf("tables = %+v, want T", proj.DynamoDB.Tables)
	}
}
