package baseline

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dynamoguard/dynamoguard/model"
	"github.com/dynamoguard/dynamoguard/rules"
)

func finding(rule, file, addr, attr string, line int) rules.Finding {
	return rules.Finding{RuleID: rule, Attribute: attr, Resource: model.Resource{Address: addr},
		Range: model.Range{Filename: file, Start: model.Pos{Line: line, Column: 1}}}
}

func TestRoundTrip(t *testing.T) {
	fs := []rules.Finding{
		finding("DDB201", "b.tf", "aws_dynamodb_table.b", "point_in_time_recovery.enabled", 3),
		finding("DDB101", "a.tf", "aws_dynamodb_table.a", "server_side_encryption.enabled", 9),
		finding("DDB101", "a.tf", "aws_dynamodb_table.a", "server_side_encryption.enabled", 9), // twice: one entry
		finding("DDB203", "a.tf", "aws_dynamodb_table.a", "deletion_protection_enabled", 1),
	}
	fs[3].Suppression = &rules.Suppression{Kind: rules.InSource}
	b := New(fs)
	var buf bytes.Buffer
	if err := b.Write(&buf); err != nil {
		t.Fatal(err)
	}
	got, err := Parse(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, e := range got.Findings {
		order = append(order, e.File+" "+e.RuleID)
	}
	if diff := cmp.Diff([]string{"a.tf DDB101", "b.tf DDB201"}, order); diff != "" {
		t.Errorf("entries (sorted, without the suppressed one) -want +got:\n%s", diff)
	}

	// Matching ignores lines; a finding elsewhere is new; an entry that
	// matches nothing in scope is gone.
	later := []rules.Finding{
		finding("DDB101", "a.tf", "aws_dynamodb_table.a", "server_side_encryption.enabled", 29),
		finding("DDB101", "c.tf", "aws_dynamodb_table.a", "server_side_encryption.enabled", 9),
	}
	gone := got.Apply(later, "base.json", "base.json", nil)
	if later[0].Suppression == nil || later[0].Suppression.Kind != rules.External || later[1].Suppression != nil {
		t.Errorf("suppressions %+v, %+v", later[0].Suppression, later[1].Suppression)
	}
	if len(gone) != 1 || gone[0].File != "b.tf" {
		t.Errorf("gone %v, want the b.tf entry", gone)
	}
	if gone := got.Apply(later, "base.json", "base.json", func(f string) bool { return f == "a.tf" }); len(gone) != 0 {
		t.Errorf("gone out of scope: %v", gone)
	}
}

func TestParseErrors(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"", "EOF"},
		{"{\n\"tool\": dynamoguard}", "line 2"},
		{`{"tool": "trivy", "version": "1", "findings": []}`, `its tool is "trivy"`},
		{`{"tool": "dynamoguard", "version": "2", "findings": []}`, `its version is "2"`},
		{`{"tool": "dynamoguard", "version": "1", "findings": [{"fingerprint": "ABC"}]}`, `fingerprint "ABC"`},
		{`{"tool": "dynamoguard", "version": "1", "findings": [], "extra": 1}`, `unknown field "extra"`},
		{`[]`, "cannot unmarshal"},
	} {
		_, err := Parse([]byte(tt.in))
		if err == nil || !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%q) = %v, want an ErrInvalid with %q", tt.in, err, tt.want)
		}
	}
}
