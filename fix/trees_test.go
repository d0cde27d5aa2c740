package fix

import (
	"strings"
	"testing"

	"github.com/dynamoguard/dynamoguard/rules"
)

// TestUnitCheck checks that a fix is checked on the unit of the file that
// holds it when there is one, and that an edit that breaks the unit's
// syntax is not taken for one that parses.
func TestUnitCheck(t *testing.T) {
	tf := "resource \"a\" \"x\" {\n  n = 1\n}\n\nresource \"a\" \"y\" {\n  n = 2\n}\n"
	yml := "Resources:\n  X:\n    Type: T\n    Properties:\n      N: 1\n  Y:\n    Type: T\n"
	for _, tc := range []struct {
		name, file, old, new string
		unit, parses         bool
	}{
		{"main.tf", tf, "1", "true", true, true},
		{"main.tf", tf, "1", "{", true, false},
		{"main.tf", tf, "2", "true", true, true}, // the last block has an end too
		{"t.yaml", yml, "1", "true", true, true},
		{"t.yaml", yml, "1", "[", true, false},
		{"t.yaml", yml, "1", "1\n  Z: 2", true, false}, // a second resource
		{"t.yaml", yml, "T\n", "U\n", false, false},    // the last resource has no end
		{"t.json", `{"Resources": {"X": {"N": 1}, "Y": {}}}`, "1", "2", false, false},
	} {
		s := newSource(tc.name, []byte(tc.file))
		at := strings.Index(tc.file, tc.old)
		if tc.name == "t.yaml" && tc.old == "T\n" {
			at = strings.LastIndex(tc.file, tc.old)
		}
		edits := []rules.TextEdit{s.edit(at, at+len(tc.old), tc.new)}
		start, end, ok := s.unit(edits)
		if ok != tc.unit {
			t.Errorf("%s %q→%q: unit found %v, want %v", tc.name, tc.old, tc.new, ok, tc.unit)
			continue
		}
		if ok && s.unitParses(start, end, edits) != tc.parses {
			t.Errorf("%s %q→%q: unit parses %v, want %v", tc.name, tc.old, tc.new, !tc.parses, tc.parses)
		}
	}
}
