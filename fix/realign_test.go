package fix

import (
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

// TestRealignAsFormat checks that realign formats a group of attributes
// and a new attribute as hclwrite.Format (terraform fmt) does, and leaves
// to it what it does not do itself.
func TestRealignAsFormat(t *testing.T) {
	cases := []struct {
		group, add string
		done       bool
	}{
		{"name = \"t\"\n", "deletion_protection_enabled = true\n", true},
		{"name     = \"t\"\nhash_key = \"pk\"\n", "billing_mode = \"PAY_PER_REQUEST\"\n", true},
		{"enabled = true\n", "kms_key_arn = aws_kms_key.k.arn\n", true},
		{"a   = 1\nbbb = \"x=y\"\n", "c = false\n", true},
		{"kms_key_arn = \"arn:aws:kms:us-east-1:1:key/k\"\n", "enabled = true\n", true},
		{"name = \"t\" # the name\n", "enabled = true\n", false},
		{"url = \"https://example.com\"\n", "enabled = true\n", false},
		{"name = \"tablé\"\n", "enabled = true\n", false},
	}
	for _, c := range cases {
		got, done := realign(c.group, c.add)
		if done != c.done {
			t.Errorf("realign(%q, %q): done %v, want %v", c.group, c.add, done, c.done)
			continue
		}
		if want := string(hclwrite.Format([]byte(c.group + c.add))); done && got != want {
			t.Errorf("realign(%q, %q) = %q, want %q as terraform fmt writes it", c.group, c.add, got, want)
		}
	}
}

// FuzzRealign checks realign against hclwrite.Format on groups of
// attributes made from the input: where realign says it formats a group,
// it formats it as terraform fmt does.
func FuzzRealign(f *testing.F) {
	f.Add("name\x00\"t\"\x00hash_key\x00\"pk\"", "deletion_protection_enabled", "true")
	f.Add("a\x001\x00bbbbbb\x00var.x", "c", "\"y\"")
	f.Add("enabled\x00true", "kms_key_arn", "aws_kms_key.k.arn")
	f.Fuzz(func(t *testing.T, pairs, name, value string) {
		parts := strings.Split(pairs, "\x00")
		var b strings.Builder
		for i := 0; i+1 < len(parts); i += 2 {
			b.WriteString(parts[i] + " = " + parts[i+1] + "\n")
		}
		add := name + " = " + value + "\n"
		file, diags := hclsyntax.ParseConfig([]byte(b.String()+add), "f.tf", hcl.InitialPos)
		if diags.HasErrors() {
			return
		}
		body := file.Body.(*hclsyntax.Body)
		if len(body.Blocks) > 0 || len(body.Attributes) != len(parts)/2+1 {
			return
		}
		for _, a := range body.Attributes {
			if a.SrcRange.Start.Line != a.SrcRange.End.Line {
				return // realign is given one-line attributes only
			}
		}
		// As alignedGroup gives it: a group of at least one line as
		// terraform fmt writes it, and the line of a formatted snippet.
		group := string(hclwrite.Format([]byte(b.String())))
		add = string(hclwrite.Format([]byte(add)))
		if group == "" || strings.Count(group, "\n") != len(parts)/2 || strings.Count(add, "\n") != 1 {
			return
		}
		want := string(hclwrite.Format([]byte(group + add)))
		if got, ok := realign(group, add); ok && got != want {
			t.Errorf("realign(%q, %q) = %q, want %q", group, add, got, want)
		}
	})
}
