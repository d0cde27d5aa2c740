package fix

import (
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/dynamoguard/dynamoguard/model"
	"github.com/dynamoguard/dynamoguard/parser/terraform"
	"github.com/dynamoguard/dynamoguard/rules"
)

// TestEditsOnTheLayout checks that an edit made on the layout the loader
// recorded is the one made on the file parsed again, in the whole file, in
// a file with a byte order mark, and that a layout that does not fit the
// source (shifted) is not used.
func TestEditsOnTheLayout(t *testing.T) {
	const src = `resource "aws_kms_key" "k" {}

resource "aws_dynamodb_table" "t" {
  name = "t"
  point_in_time_recovery { enabled = false }
  replica {
    region_name = "eu-west-1"
  }
}
`
	for _, data := range []string{src, "\xEF\xBB\xBF" + src} {
		f, diags := hclsyntax.ParseConfig([]byte(data), "main.tf", hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		lay := terraform.BlockLayout(f.Body.(*hclsyntax.Body).Blocks[1])
		res := model.Resource{Kind: model.Terraform, Type: "aws_dynamodb_table", Address: "aws_dynamodb_table.t", Layout: lay}
		for _, c := range []rules.Change{
			{Resource: res, At: model.Meta{Path: "point_in_time_recovery.enabled"}, Value: true},
			{Resource: res, At: model.Meta{Path: "deletion_protection_enabled"}, Value: true},
			{Resource: res, At: model.Meta{Path: "replica[eu-west-1].point_in_time_recovery"}, Value: true},
		} {
			s := newSource("main.tf", []byte(data))
			parsed, err := terraformEdits(newSource("main.tf", []byte(data)), &c, -1)
			if err != nil {
				t.Fatalf("%s parsed: %v", c.At.Path, err)
			}
			onLayout, err := terraformEdits(s, &c, s.shift)
			if err != nil {
				t.Fatalf("%s on the layout: %v", c.At.Path, err)
			}
			if len(parsed) != 1 || len(onLayout) != 1 || parsed[0] != onLayout[0] {
				t.Errorf("%s: on the layout %+v, parsed %+v", c.At.Path, onLayout, parsed)
			}
			if s.hclBody != nil {
				t.Errorf("%s: the file was parsed although its layout was given", c.At.Path)
			}
			shifted, err := terraformEdits(newSource("main.tf", []byte(data)), &c, s.shift+1)
			if err != nil || len(shifted) != 1 || shifted[0] != parsed[0] {
				t.Errorf("%s with a layout that does not fit: %+v, %v; want the edit of the file parsed", c.At.Path, shifted, err)
			}
		}
	}
}
