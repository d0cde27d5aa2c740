package fix

import (
	"testing"
	"unicode/utf8"

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

// FuzzTerraformEdits checks, on the resource blocks of any file that
// parses, that the edit of a change made on the block's layout is the one
// made on the file parsed again, and that the file it makes still parses.
func FuzzTerraformEdits(f *testing.F) {
	f.Add("resource \"aws_dynamodb_table\" \"t\" {\n  name = \"t\"\n}\n", "point_in_time_recovery.enabled", true)
	f.Add("resource \"aws_dynamodb_table\" \"t\" { name = \"t\" }\n", "deletion_protection_enabled", true)
	f.Add("resource \"aws_dynamodb_table\" \"t\" {\n  server_side_encryption {\n    enabled = false\n  }\n}\n", "server_side_encryption.kms_key_arn", false)
	f.Add("resource \"aws_dynamodb_table\" \"t\" {\n  replica {\n    region_name = \"eu-west-1\"\n  }\n}\n", "replica[eu-west-1].kms_key_arn", false)
	f.Add("\xEF\xBB\xBFresource \"aws_dynamodb_table\" \"t\" {\r\n  a = 1\r\n  b {}\r\n}\r\n", "b.c", true)
	f.Fuzz(func(t *testing.T, src, path string, flag bool) {
		if _, err := splitPath(path); err != nil {
			return
		}
		file, diags := hclsyntax.ParseConfig([]byte(src), "main.tf", hcl.InitialPos)
		if diags.HasErrors() {
			return
		}
		for _, b := range file.Body.(*hclsyntax.Body).Blocks {
			if b.Type != "resource" || len(b.Labels) != 2 || !terraformName(b.Labels[0]) || !terraformName(b.Labels[1]) {
				continue // Terraform takes only names for a resource's type and name, and so do addresses
			}
			var value any = flag
			if !flag {
				value = rules.Ref{Address: "aws_kms_key.k", Attribute: "arn", Kind: model.Terraform}
			}
			c := rules.Change{
				Resource: model.Resource{Kind: model.Terraform, Type: b.Labels[0], Address: b.Labels[0] + "." + b.Labels[1],
					Layout: terraform.BlockLayout(b)},
				At:    model.Meta{Path: path},
				Value: value,
			}
			s := newSource("main.tf", []byte(src))
			parsed, perr := terraformEdits(newSource("main.tf", []byte(src)), &c, -1)
			onLayout, lerr := terraformEdits(s, &c, s.shift)
			if (perr == nil) != (lerr == nil) || len(parsed) != len(onLayout) {
				t.Fatalf("on the layout %v %+v, parsed %v %+v", lerr, onLayout, perr, parsed)
			}
			for i := range parsed {
				if parsed[i] != onLayout[i] {
					t.Fatalf("edit %d on the layout %+v, parsed %+v", i, onLayout[i], parsed[i])
				}
			}
			if perr != nil || len(parsed) == 0 {
				continue
			}
			fixed, err := ApplyEdits([]byte(src), parsed)
			if err != nil {
				t.Fatal(err)
			}
			if _, diags := hclsyntax.ParseConfig(fixed, "main.tf", hcl.InitialPos); diags.HasErrors() {
				t.Fatalf("the fixed file does not parse: %v\n%s", diags, fixed)
			}
		}
	})
}

// TestTerraformName checks the identifier test against hclsyntax on every
// ASCII name of up to two characters and on names the rules write.
func TestTerraformName(t *testing.T) {
	names := []string{"", "server_side_encryption", "kms_key_arn", "replica", "a-b", "_x", "9a", "a.b", "a b", "tablé", "é", "\xff"}
	for a := 0; a < 128; a++ {
		names = append(names, string(rune(a)))
		for b := 0; b < 128; b++ {
			names = append(names, string([]byte{byte(a), byte(b)}))
		}
	}
	for _, name := range names {
		want := utf8.ValidString(name) && hclsyntax.ValidIdentifier(name)
		if got := terraformName(name); got != want {
			t.Errorf("terraformName(%q) = %v, hclsyntax says %v", name, got, want)
		}
	}
}
