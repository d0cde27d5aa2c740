package terraform

import (
	"io/fs"
	"testing"
	"testing/fstest"

	"github.com/dynamoguard/dynamoguard/model"
)

// countingFS counts the files opened.
type countingFS struct {
	fstest.MapFS
	opened map[string]int
}

func (c *countingFS) Open(name string) (fs.File, error) {
	c.opened[name]++
	return c.MapFS.Open(name)
}

// TestTemplateFileReadOnce: a template used by every instance of a counted
// resource is read and parsed once per module, and can call file() as in
// Terraform.
func TestTemplateFileReadOnce(t *testing.T) {
	src := `resource "aws_dynamodb_table" "t" {
  count = 50
  name  = templatefile("name.tpl", { i = count.index })
}
`
	fsys := &countingFS{
		MapFS: fstest.MapFS{
			"name.tpl":   {Data: []byte(`${trimspace(file("prefix.txt"))}-${i}`)},
			"prefix.txt": {Data: []byte("orders\n")},
		},
		opened: map[string]int{},
	}
	p, diags := loadModule(Module{Dir: ".", Files: []SourceFile{{Name: "main.tf", Data: []byte(src)}}, FS: fsys}, Options{})
	if len(diags) > 0 {
		t.Errorf("unexpected diagnostics: %v", diags)
	}
	names := map[string]string{}
	for _, tb := range p.DynamoDB.Tables {
		names[tb.Address] = tb.Name.Value
	}
	if len(names) != 50 || names["aws_dynamodb_table.t[7]"] != "orders-7" {
		t.Errorf("got %d tables, t[7] named %q; want 50, orders-7", len(names), names["aws_dynamodb_table.t[7]"])
	}
	for name, n := range fsys.opened {
		if n > 2 { // fs.Stat and fs.ReadFile
			t.Errorf("%s opened %d times", name, n)
		}
	}
}

// TestDuplicateDataSourceUsesFirst: as the duplicate warning says,
// references to a duplicated address use the first block.
func TestDuplicateDataSourceUsesFirst(t *testing.T) {
	src := sseTable + "data.aws_kms_alias.k.target_key_arn" + sseTableEnd + `data "aws_kms_alias" "k" {
  name = "alias/orders"
}
data "aws_kms_alias" "k" {
  name = "alias/aws/dynamodb"
}
`
	p, diags := loadFiles(t, map[string]string{"main.tf": src}, Options{})
	if got := onlyTable(t, p, diags).Encryption; got.Kind != model.KeyCustomerManaged {
		t.Errorf("Encryption = %+v, want the customer managed alias of the first block", got)
	}
	if w := warnings(diags); len(w) != 1 || w[0] != "Duplicate resource" {
		t.Errorf("warnings %v, want one Duplicate resource", w)
	}
}
