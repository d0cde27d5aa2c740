package rules

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func docRule() *Rule {
	return &Rule{
		ID: "DDB999", Name: "doc-test", Title: "A rule for the renderers", Severity: High,
		CWE: "CWE-311", Precision: "high", Controls: []string{"DynamoDB.9"},
		Doc: Doc{
			Why:               "Why it matters, in a paragraph.",
			FixTerraform:      "Set `x = true`.",
			FixCloudFormation: "Set `X: true`.",
			Terraform: Example{
				Bad:  "\nresource \"a\" \"b\" { # want \"DDB999\"\n\n  x = false\n}\n\n",
				Good: "resource \"a\" \"b\" {\n  x = true\n}\n",
			},
			CloudFormation: Example{
				// JSON, without a trailing newline, with a run of backquotes.
				Bad:  `{"Resources": {"B": {"Type": "A", "Description": "` + "```" + `"}}}`,
				Good: `{"Resources": {"B": {"Type": "A", "Properties": {"X": true}}}}`,
			},
			References: []string{"https://example.com/a", "https://example.com/b"},
		},
	}
}

func TestMarkdown(t *testing.T) {
	want := "# DDB999: A rule for the renderers\n\n" +
		"| | |\n|---|---|\n| ID | `DDB999` |\n| Name | `doc-test` |\n| Severity | high |\n" +
		"| CWE | [CWE-311](https://cwe.mitre.org/data/definitions/311.html) |\n| Precision | high |\n" +
		"| Security Hub | [DynamoDB.9](https://docs.aws.amazon.com/securityhub/latest/userguide/dynamodb-controls.html#dynamodb-9) |\n\n" +
		"## Why it matters\n\nWhy it matters, in a paragraph.\n\n" +
		"## How to fix it\n\n**Terraform.** Set `x = true`.\n\n**CloudFormation.** Set `X: true`.\n\n" +
		"**Automatic fix.** None: `dynamoguard fix` has no automatic fix for this rule.\n\n" +
		"## Examples\n\n" +
		"### Terraform\n\nReported:\n\n```hcl\nresource \"a\" \"b\" {\n\n  x = false\n}\n```\n\n" +
		"Not reported:\n\n```hcl\nresource \"a\" \"b\" {\n  x = true\n}\n```\n\n" +
		"### CloudFormation\n\nReported:\n\n````json\n{\"Resources\": {\"B\": {\"Type\": \"A\", \"Description\": \"```\"}}}\n````\n\n" +
		"Not reported:\n\n```json\n{\"Resources\": {\"B\": {\"Type\": \"A\", \"Properties\": {\"X\": true}}}}\n```\n\n" +
		"## Suppressing\n\nFindings of this rule fail the gate from `--fail-on high` or lower. " +
		"Run only some rules with `--rule`, or leave this one out with `--skip-rule DDB999`.\n\n" +
		"## References\n\n- <https://example.com/a>\n- <https://example.com/b>\n"
	if diff := cmp.Diff(want, docRule().Markdown()); diff != "" {
		t.Errorf("Markdown() (-want +got):\n%s", diff)
	}
}

func TestText(t *testing.T) {
	want := "DDB999: A rule for the renderers\n================================\n\n" +
		"ID:           DDB999\nName:         doc-test\nSeverity:     high\n" +
		"CWE:          CWE-311 (https://cwe.mitre.org/data/definitions/311.html)\nPrecision:    high\n" +
		"Security Hub: DynamoDB.9 (https://docs.aws.amazon.com/securityhub/latest/userguide/dynamodb-controls.html#dynamodb-9)\n\n" +
		"Why it matters\n--------------\n\nWhy it matters, in a paragraph.\n\n" +
		"How to fix it\n-------------\n\nTerraform: Set `x = true`.\n\nCloudFormation: Set `X: true`.\n\n" +
		"Automatic fix: None: `dynamoguard fix` has no automatic fix for this rule.\n\n" +
		"Examples\n--------\n\n" +
		"Terraform:\n\nReported:\n\n    resource \"a\" \"b\" {\n\n      x = false\n    }\n\n" +
		"Not reported:\n\n    resource \"a\" \"b\" {\n      x = true\n    }\n\n" +
		"CloudFormation:\n\nReported:\n\n    {\"Resources\": {\"B\": {\"Type\": \"A\", \"Description\": \"```\"}}}\n\n" +
		"Not reported:\n\n    {\"Resources\": {\"B\": {\"Type\": \"A\", \"Properties\": {\"X\": true}}}}\n\n" +
		"Suppressing\n-----------\n\nFindings of this rule fail the gate from `--fail-on high` or lower. " +
		"Run only some rules with `--rule`, or leave this one out with `--skip-rule DDB999`.\n\n" +
		"References\n----------\n\n- https://example.com/a\n- https://example.com/b\n\n" +
		"Documentation: " + DocsBaseURL + "DDB999.md\n"
	if diff := cmp.Diff(want, docRule().Text()); diff != "" {
		t.Errorf("Text() (-want +got):\n%s", diff)
	}
}

// TestTextFollowsMarkdown checks, for every rule of the catalogue, that the
// two renderings hold the same sections in the same order.
func TestTextFollowsMarkdown(t *testing.T) {
	mdHeading := regexp.MustCompile(`(?m)^#{2,3} (.+)$`)
	for _, r := range append(All, docRule()) {
		var md, text []string
		for _, m := range mdHeading.FindAllStringSubmatch(r.Markdown(), -1) {
			md = append(md, m[1])
		}
		lines := strings.Split(r.Text(), "\n")
		for i, l := range lines {
			switch {
			case i+1 < len(lines) && strings.Trim(lines[i+1], "-") == "" && lines[i+1] != "":
				text = append(text, l)
			case l == "Terraform:" || l == "CloudFormation:":
				text = append(text, strings.TrimSuffix(l, ":"))
			}
		}
		want := 5 // the sections, and one per format with an example
		for _, ex := range []Example{r.Doc.Terraform, r.Doc.CloudFormation} {
			if ex.Bad != "" {
				want++
			}
		}
		if len(md) < want {
			t.Errorf("%s: Markdown() has only the sections %q", r.ID, md)
		}
		if diff := cmp.Diff(md, text); diff != "" {
			t.Errorf("%s: the sections of Text() differ from Markdown()'s (-markdown +text):\n%s", r.ID, diff)
		}
		if strings.Contains(r.Text(), "```") && !strings.Contains(r.Doc.CloudFormation.Bad+r.Doc.Terraform.Bad, "```") {
			t.Errorf("%s: Text() has a code fence", r.ID)
		}
		if strings.Contains(r.Markdown()+r.Text(), `want "DDB`) {
			t.Errorf("%s: the documentation shows want markers", r.ID)
		}
	}
}

func TestInfo(t *testing.T) {
	got, err := json.Marshal(docRule().Info())
	if err != nil {
		t.Fatal(err)
	}
	want := `{"id":"DDB999","name":"doc-test","title":"A rule for the renderers","severity":"high","cwe":"CWE-311",` +
		`"precision":"high","tags":["security","dynamodb","external/cwe/cwe-311","aws-securityhub/DynamoDB.9"],` +
		`"controls":["DynamoDB.9"],"doc_url":"` + DocsBaseURL + `DDB999.md"}`
	if string(got) != want {
		t.Errorf("Info JSON:\n%s\nwant:\n%s", got, want)
	}
	if info := (&Rule{ID: "DDB998"}).Info(); info.Tags == nil || len(info.Tags) != 2 || info.Controls == nil {
		t.Errorf("tags and controls of a rule without CWE or control: %q %q", info.Tags, info.Controls)
	}
}
