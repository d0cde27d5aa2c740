package parser

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dynamoguard/dynamoguard/model"
)

func stack(id, location string) string {
	return fmt.Sprintf("  %s:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: %s\n", id, location)
}

func stackTemplate(stacks ...string) string {
	return "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n" + strings.Join(stacks, "") +
		"  T:\n    Type: AWS::DynamoDB::Table\n"
}

func TestNestedStacks(t *testing.T) {
	fsys := mapFS(map[string]string{
		"root.yaml":          stackTemplate(stack("Child", "stacks/child.yaml"), stack("Remote", "https://example.com/t.yaml")),
		"stacks/child.yaml":  stackTemplate(stack("Grand", "./grand.json")),
		"stacks/grand.json":  `{"Resources": {"G": {"Type": "AWS::DynamoDB::Table"}}}`,
		"orphan/parent.yaml": "Conditions: {No: !Equals [a, b]}\nResources:\n  S:\n    Type: AWS::CloudFormation::Stack\n    Condition: No\n    Properties: {TemplateURL: ./child.yaml}\n",
		"orphan/child.yaml":  stackTemplate(),
		"app/template.yaml": "Transform: AWS::Serverless-2016-10-31\nResources:\n  Repo:\n    Type: AWS::Serverless::Application\n" +
			"    Properties:\n      Location: {ApplicationId: arn:aws:serverlessrepo:us-east-1:123456789012:applications/x, SemanticVersion: 1.0.0}\n",
	})
	proj, diags := LoadFS(Input{FS: fsys, Paths: []string{"."}}, Options{Workers: 2})
	if len(diags) > 0 {
		t.Errorf("diagnostics: %v", diags)
	}
	want := []string{"orphan/child.yaml T", "root.yaml T", "stacks/child.yaml T", "stacks/grand.json G"}
	if diff := cmp.Diff(want, addresses(proj)); diff != "" {
		t.Errorf("tables (-want +got):\n%s", diff)
	}
	for _, tbl := range proj.DynamoDB.Tables {
		var calls []string
		for _, c := range tbl.CalledFrom {
			calls = append(calls, c.Address+"@"+c.Range.Filename)
		}
		want := map[string][]string{
			"stacks/child.yaml": {"Child@root.yaml"},
			"stacks/grand.json": {"Child@root.yaml", "Grand@stacks/child.yaml"},
		}[tbl.Range.Filename]
		if !slices.Equal(calls, want) {
			t.Errorf("%s: called from %v, want %v", tbl.Range.Filename, calls, want)
		}
	}
	var notes []string
	for _, n := range proj.NotAnalysed {
		notes = append(notes, n.Range.Filename+" "+n.What)
	}
	if diff := cmp.Diff([]string{"app/template.yaml nested stack Repo (AWS::Serverless::Application)",
		"root.yaml nested stack Remote (AWS::CloudFormation::Stack)"}, notes); diff != "" {
		t.Errorf("not analysed (-want +got):\n%s", diff)
	}
}

// TestNestedStacksBounded nests each template twice in the next, twenty
// deep: a million instances, bounded with a diagnostic.
func TestNestedStacksBounded(t *testing.T) {
	files := map[string]string{}
	for i := range 20 {
		next := fmt.Sprintf("t%02d.yaml", i+1)
		files[fmt.Sprintf("t%02d.yaml", i)] = stackTemplate(stack("A", next), stack("B", next))
	}
	files["t20.yaml"] = stackTemplate()
	files["escape.yaml"] = stackTemplate(stack("Up", "../outside.yaml"))
	proj, diags := LoadFS(Input{FS: mapFS(files), Paths: []string{"."}}, Options{Workers: 2})
	var summaries []string
	for _, d := range diags {
		summaries = appendNew(summaries, d.Summary)
	}
	slices.Sort(summaries)
	want := []string{"nested stack template outside the scan root", "nested stacks too deep", "too many nested stacks"}
	if diff := cmp.Diff(want, summaries); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
	if n := len(proj.DynamoDB.Tables); n > 300 {
		t.Errorf("%d tables", n)
	}
	for _, d := range diags {
		if d.Subject.Start.Line == 0 {
			t.Errorf("diagnostic without a line: %v", d)
		}
	}
}

// TestNestedStackKey checks that a key of the parent passed as a parameter
// is the parent's customer managed key in the nested stack.
func TestNestedStackKey(t *testing.T) {
	fsys := mapFS(map[string]string{
		"parent.yaml": "Resources:\n  Key:\n    Type: AWS::KMS::Key\n  S:\n    Type: AWS::CloudFormation::Stack\n" +
			"    Properties:\n      TemplateURL: child.yaml\n      Parameters: {KeyArn: !GetAtt Key.Arn}\n",
		"child.yaml": "Parameters: {KeyArn: {Type: String}}\nResources:\n  T:\n    Type: AWS::DynamoDB::Table\n" +
			"    Properties:\n      SSESpecification: {SSEEnabled: true, SSEType: KMS, KMSMasterKeyId: !Ref KeyArn}\n",
	})
	proj, diags := LoadFS(Input{FS: fsys, Paths: []string{"."}}, Options{Workers: 1})
	model.Link(proj)
	if len(diags) > 0 || len(proj.DynamoDB.Tables) != 1 {
		t.Fatalf("diagnostics %v, tables %v", diags, addresses(proj))
	}
	k := proj.DynamoDB.Tables[0].Encryption
	if k.Kind != model.KeyCustomerManaged || k.Key == nil || k.Key.Address != "Key" || k.Key.Range.Filename != "parent.yaml" {
		t.Errorf("key = %+v", k)
	}
}

// TestCDKNestedStack follows a CDK nested stack, whose TemplateURL is an S3
// asset, to the template file its aws:asset:path metadata names.
func TestCDKNestedStack(t *testing.T) {
	fsys := mapFS(map[string]string{
		"cdk.out/Parent.template.json": `{"Resources": {"NestedStackResource": {"Type": "AWS::CloudFormation::Stack",
  "Properties": {"TemplateURL": {"Fn::Join": ["", ["https://s3.", {"Ref": "AWS::Region"}, ".amazonaws.com/x.json"]]}},
  "Metadata": {"aws:asset:path": "ParentChild.nested.template.json", "aws:asset:property": "TemplateURL"}}}}`,
		"cdk.out/ParentChild.nested.template.json": `{"Resources": {"T": {"Type": "AWS::DynamoDB::Table"}}}`,
	})
	proj, diags := LoadFS(Input{FS: fsys, Paths: []string{"."}}, Options{Workers: 1})
	if len(diags) > 0 || len(proj.NotAnalysed) > 0 {
		t.Errorf("diagnostics %v, not analysed %v", diags, proj.NotAnalysed)
	}
	if len(proj.DynamoDB.Tables) != 1 || len(proj.DynamoDB.Tables[0].CalledFrom) != 1 {
		t.Fatalf("tables %v", addresses(proj))
	}
}

// TestNamedNestedTemplate names a nested template, as pre-commit does: it
// is evaluated with the parameters of the parent that nests it.
func TestNamedNestedTemplate(t *testing.T) {
	fsys := mapFS(map[string]string{
		"root.yaml": "Resources:\n  S:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n" +
			"      TemplateURL: stacks/child.yaml\n      Parameters: {Name: from-parent}\n",
		"stacks/child.yaml": "Parameters: {Name: {Type: String, Default: own}}\nResources:\n  T:\n" +
			"    Type: AWS::DynamoDB::Table\n    Properties: {TableName: !Ref Name}\n",
		"other/unrelated.yaml": stackTemplate(),
	})
	proj, diags := LoadFS(Input{FS: fsys, Paths: []string{"stacks/child.yaml"}}, Options{Workers: 1})
	if len(diags) > 0 {
		t.Errorf("diagnostics: %v", diags)
	}
	if got := addresses(proj); !slices.Equal(got, []string{"stacks/child.yaml T"}) {
		t.Fatalf("tables %v", got)
	}
	if tbl := proj.DynamoDB.Tables[0]; tbl.Name.Value != "from-parent" || len(tbl.CalledFrom) != 1 {
		t.Errorf("T name %q, called from %v", tbl.Name.Value, tbl.CalledFrom)
	}
}
