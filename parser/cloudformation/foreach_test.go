package cloudformation

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/dynamoguard/dynamoguard/model"
)

func tableIDs(p *model.Project) []string {
	var out []string
	for _, t := range p.DynamoDB.Tables {
		out = append(out, t.Address)
	}
	slices.Sort(out)
	return out
}

func TestForEachGeneratesLogicalIDs(t *testing.T) {
	src := `Transform: AWS::LanguageExtensions
Parameters:
  Envs: {Type: CommaDelimitedList, Default: "dev,prod"}
Resources:
  Fn::ForEach::Envs:
    - Env
    - !Ref Envs
    - Fn::ForEach::Tables:
        - Name
        - [orders, line-items]
        - "&{Name}${Env}":
            Type: AWS::DynamoDB::Table
            Properties:
              TableName: !Sub "${Env}-${Name}"
              DeletionProtectionEnabled: !Equals [!Ref Env, prod]
`
	p, diags := parse(t, "t.yaml", src, Options{})
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	want := []string{"lineitemsdev", "lineitemsprod", "ordersdev", "ordersprod"}
	if got := tableIDs(p); !slices.Equal(got, want) {
		t.Fatalf("tables = %v, want %v", got, want)
	}
	tbl := table(t, p, "lineitemsprod")
	if tbl.Name.Value != "prod-line-items" || !tbl.DeletionProtection.Value {
		t.Errorf("lineitemsprod: name %q, deletion protection %v", tbl.Name.Value, tbl.DeletionProtection.Value)
	}
	if got := start(tbl.Range); got != (at{11, 11}) {
		t.Errorf("range = %v, want the output key at 11:11", got)
	}
	if tbl := table(t, p, "ordersdev"); tbl.DeletionProtection.Value {
		t.Error("ordersdev has deletion protection")
	}
}

func TestForEachUnknownCollection(t *testing.T) {
	src := `Parameters:
  Names: {Type: CommaDelimitedList}
Resources:
  Fn::ForEach::Tables:
    - Name
    - !Ref Names
    - ${Name}:
        Type: AWS::DynamoDB::Table
`
	p, diags := parse(t, "t.yaml", src, Options{})
	if len(diags) > 0 || len(p.DynamoDB.Tables) > 0 {
		t.Fatalf("diagnostics %v, tables %v", diags, tableIDs(p))
	}
	if len(p.NotAnalysed) != 1 || !strings.Contains(p.NotAnalysed[0].Reason, `parameter "Names" has no default`) {
		t.Errorf("not analysed = %+v", p.NotAnalysed)
	}
}

// TestForEachBounded expands loops over 100,000 literal items, a
// parameter of a million, nested loops and wide bodies: each is cut off at
// a bound, with a diagnostic (a loop that is not would time the test out).
func TestForEachBounded(t *testing.T) {
	million := make([]string, 1_000_000)
	for i := range million {
		million[i] = fmt.Sprint("t", i)
	}
	body := "    - ${N}:\n        Type: AWS::DynamoDB::Table\n"
	cases := map[string]string{
		"literal": "Resources:\n  Fn::ForEach::T:\n    - N\n    - [" + strings.Join(million[:100_000], ",") + "]\n" + body,
		"parameter": "Parameters:\n  L: {Type: CommaDelimitedList, Default: \"" + strings.Join(million, ",") + "\"}\n" +
			"Resources:\n  Fn::ForEach::T:\n    - N\n    - !Ref L\n" + body,
		"nested": "Resources:\n  Fn::ForEach::A:\n    - A\n    - [" + strings.Join(million[:100], ",") + "]\n" +
			"    - Fn::ForEach::B:\n        - B\n        - [" + strings.Join(million[:100], ",") + "]\n" +
			"        - Fn::ForEach::C:\n            - C\n            - [" + strings.Join(million[:100], ",") + "]\n" +
			"            - ${A}${B}${C}:\n                Type: AWS::DynamoDB::Table\n",
		"wide": "Resources:\n  Fn::ForEach::T:\n    - N\n    - [" + strings.Join(million[:400], ",") + "]\n" +
			"    - ${N}:\n        Type: AWS::DynamoDB::Table\n        Properties:\n          Tags: [" +
			strings.Repeat(`{Key: k, Value: !Sub "${N}"}, `, 3000) + "]\n",
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) {
			p, diags := parse(t, "t.yaml", src, Options{})
			if len(p.DynamoDB.Tables) > maxForEachResources {
				t.Errorf("%d tables generated", len(p.DynamoDB.Tables))
			}
			if !slices.ContainsFunc(diags, func(d model.Diagnostic) bool {
				return d.Summary == "Fn::ForEach generates too many resources"
			}) {
				t.Errorf("no diagnostic about the bound: %v", viewDiags(diags))
			}
		})
	}
}

func TestForEachInvalid(t *testing.T) {
	for _, src := range []string{
		"Resources:\n  Fn::ForEach::T: 5\n",
		"Resources:\n  Fn::ForEach::T: [N, [a], 5]\n",
		"Resources:\n  Fn::ForEach::T: [[N], [a], {x: {Type: AWS::DynamoDB::Table}}]\n",
		"Resources:\n  Fn::ForEach::T: [N, [[a]], {x: {Type: AWS::DynamoDB::Table}}]\n",
		"Resources:\n  Fn::ForEach::T: [N, [a, a], {x: {Type: AWS::DynamoDB::Table}}]\n",
		"Resources:\n  Fn::ForEach::A: [A, [a], {Fn::ForEach::B: [B, [b], {Fn::ForEach::C: [C, [c], {Fn::ForEach::D: [D, [d], " +
			"{Fn::ForEach::E: [E, [e], {Fn::ForEach::F: [F, [f], {x: {Type: AWS::DynamoDB::Table}}]}]}]}]}]}]\n",
	} {
		p, _ := parse(t, "t.yaml", src, Options{})
		if len(p.DynamoDB.Tables) > 1 {
			t.Errorf("%q: tables %v", src, tableIDs(p))
		}
	}
}
