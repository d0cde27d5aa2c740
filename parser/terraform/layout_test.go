package terraform

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/dynamoguard/dynamoguard/model"
)

// TestBlockLayout checks the layout of a resource block against its text:
// every block with its parent, type and braces, every attribute with its
// name, extent and expression, literal or not, in source order.
func TestBlockLayout(t *testing.T) {
	const src = "\xEF\xBB\xBF" + `resource "aws_dynamodb_table" "t" {
  name         = "orders"
  billing_mode = var.mode
  replica {
    region_name = "eu-west-1"
    point_in_time_recovery { enabled = true }
  }
  server_side_encryption {}
  tags = { team = "db" }
}
`
	f, diags := hclsyntax.ParseConfig([]byte(src), "main.tf", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	b := f.Body.(*hclsyntax.Body).Blocks[0]
	lay := BlockLayout(b)
	text := func(sp model.Span) string { return src[sp.Start:sp.End] }
	var got []string
	for _, b := range lay.Blocks {
		got = append(got, fmt.Sprintf("block %s in %d: %q", text(b.Type), b.Parent, text(b.Body)))
	}
	for _, a := range lay.Attrs {
		got = append(got, fmt.Sprintf("attr %s of %d: %q, expr %q literal %v", text(a.Name), a.Block, text(a.Src()), text(a.Expr), a.Literal))
	}
	want := []string{
		`block resource in -1: "{\n  name         = \"orders\"\n  billing_mode = var.mode\n  replica {\n    region_name = \"eu-west-1\"\n    point_in_time_recovery { enabled = true }\n  }\n  server_side_encryption {}\n  tags = { team = \"db\" }\n}"`,
		`block replica in 0: "{\n    region_name = \"eu-west-1\"\n    point_in_time_recovery { enabled = true }\n  }"`,
		`block point_in_time_recovery in 1: "{ enabled = true }"`,
		`block server_side_encryption in 0: "{}"`,
		`attr name of 0: "name         = \"orders\"", expr "\"orders\"" literal true`,
		`attr billing_mode of 0: "billing_mode = var.mode", expr "var.mode" literal false`,
		`attr tags of 0: "tags = { team = \"db\" }", expr "{ team = \"db\" }" literal false`,
		`attr region_name of 1: "region_name = \"eu-west-1\"", expr "\"eu-west-1\"" literal true`,
		`attr enabled of 2: "enabled = true", expr "true" literal true`,
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("layout (-want +got):\n%s", d)
	}
}

// TestResourcesHaveTheirLayout checks that the loader gives a resource of
// native syntax its block's layout, shared by its count instances, and none
// to a resource of JSON syntax.
func TestResourcesHaveTheirLayout(t *testing.T) {
	p, diags := loadFiles(t, map[string]string{
		"main.tf": `resource "aws_dynamodb_table" "t" {
  count = 2
  name  = "t${count.index}"
}
`,
		"other.tf.json": `{"resource": {"aws_dynamodb_table": {"j": {"name": "j"}}}}`,
	}, Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	var native []*model.Table
	for _, tb := range p.DynamoDB.Tables {
		switch tb.BaseAddress() {
		case "aws_dynamodb_table.t":
			native = append(native, tb)
		case "aws_dynamodb_table.j":
			if tb.Layout != nil {
				t.Errorf("%s of JSON syntax has a layout", tb.Address)
			}
		}
	}
	if len(native) != 2 || native[0].Layout == nil || native[0].Layout != native[1].Layout {
		t.Fatalf("count instances: %d, want 2 sharing one layout", len(native))
	}
	if got := len(native[0].Layout.Attrs); got != 2 {
		t.Errorf("%d attributes in the layout, want 2 (count and name)", got)
	}
}
