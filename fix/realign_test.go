package fix

import (
	"testing"

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
