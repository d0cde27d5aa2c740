package cloudformation

import (
	"strings"
	"testing"

	"github.com/dynamoguard/dynamoguard/model"
)

// TestRangesOfOddNodes checks the ranges of values set through an alias,
// of plain scalars folded over lines, and after a string holding a line
// separator, which yaml.v3 counts as a line break but editors do not.
func TestRangesOfOddNodes(t *testing.T) {
	const src = "Description: \"one\u2028two\u0085three\"\n" + `Resources:
  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: orders
        table  # comment
      DeletionProtectionEnabled: &on true
      PointInTimeRecoverySpecification:
        PointInTimeRecoveryEnabled: *on
      BillingMode: PAY_PER_REQUEST # comment
`
	proj, diags := parse(t, "t.yaml", src, Options{})
	if len(diags) > 0 {
		t.Fatalf("unexpected diagnostics:\n%v", diags)
	}
	tbl := table(t, proj, "Table")
	tests := []struct {
		name  string
		r     model.Range
		start at
		want  string
	}{
		{"logical ID after a line separator", tbl.Range, at{3, 3}, "Table"},
		{"folded plain scalar", tbl.Name.Range, at{6, 18}, "orders\n        table"},
		{"anchored value", tbl.DeletionProtection.Range, at{8, 34}, "&on true"},
		{"alias", tbl.PITR.Range, at{10, 37}, "*on"},
		{"plain scalar before a comment", tbl.BillingMode.Range, at{11, 20}, "PAY_PER_REQUEST"},
	}
	for _, tc := range tests {
		if start(tc.r) != tc.start {
			t.Errorf("%s: starts at %v, want %v", tc.name, start(tc.r), tc.start)
		}
		if tc.r.Start.Byte < 0 || tc.r.End.Byte > len(src) || tc.r.Start.Byte > tc.r.End.Byte {
			t.Errorf("%s: bad range %+v", tc.name, tc.r)
			continue
		}
		if got := src[tc.r.Start.Byte:tc.r.End.Byte]; got != tc.want {
			t.Errorf("%s: range covers %q, want %q", tc.name, got, tc.want)
		}
		lines := strings.Split(src[:tc.r.End.Byte], "\n")
		end := at{len(lines), len([]rune(lines[len(lines)-1])) + 1}
		if (at{tc.r.End.Line, tc.r.End.Column}) != end {
			t.Errorf("%s: ends at %d:%d, want %v", tc.name, tc.r.End.Line, tc.r.End.Column, end)
		}
	}
}

// TestLongLinePositions checks that positions on a very long line, as in a
// minified JSON template, are found without walking the line each time.
func TestLongLinePositions(t *testing.T) {
	for _, pad := range []string{`"x": 1, `, `"é": 1, `} {
		line := `{"Resources": {` + strings.Repeat(pad, 200000) + `"T": {"Type": "AWS::DynamoDB::Table"}}}`
		src := newSource("t.json", []byte(line))
		var offs []int // the offset of each column
		for i := range line {
			offs = append(offs, i)
		}
		cols := len(offs)
		for i := range 2000 {
			col := cols - i*50
			off := src.offset(1, col)
			if off != offs[col-1] {
				t.Fatalf("offset(1, %d) = %d", col, off)
			}
			if p := src.pos(off); p.Line != 1 || p.Column != col || p.Byte != off {
				t.Fatalf("pos(%d) = %+v, want 1:%d", off, p, col)
			}
		}
	}
}
