package rules

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dynamoguard/dynamoguard/model"
)

// TestSortFindings checks the order of findings: by file, line and column,
// then rule ID and attribute; findings that start at the same place in
// another range, or that tie, keep their order.
func TestSortFindings(t *testing.T) {
	at := func(file string, line, col, end int) model.Range {
		return model.Range{Filename: file, Start: model.Pos{Line: line, Column: col}, End: model.Pos{Line: line, Column: end}}
	}
	fs := []Finding{
		{RuleID: "DDB203", Range: at("b.tf", 1, 1, 9), Message: "b"},
		{RuleID: "DDB102", Range: at("a.tf", 7, 3, 9), Attribute: "y", Message: "a7 102 y"},
		{RuleID: "DDB102", Range: at("a.tf", 7, 3, 9), Attribute: "x", Message: "a7 102 x"},
		{RuleID: "DDB101", Range: at("a.tf", 7, 3, 9), Message: "a7 101"},
		{RuleID: "DDB301", Range: at("a.tf", 2, 5, 12), Message: "a2 wide"},
		{RuleID: "DDB101", Range: at("a.tf", 2, 5, 8), Message: "a2 narrow"},
		{RuleID: "DDB101", Range: at("a.tf", 2, 1, 8), Message: "a2 col 1"},
		{RuleID: "DDB101", Range: at("a.tf", 7, 3, 9), Message: "a7 101 again"},
	}
	SortFindings(fs)
	var got []string
	for _, f := range fs {
		got = append(got, f.Message)
	}
	want := []string{"a2 col 1", "a2 wide", "a2 narrow", "a7 101", "a7 101 again", "a7 102 x", "a7 102 y", "b"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
}

// TestSortFindingsAsStableSort checks the in-place sort against a stable
// sort of the same findings, on many that tie in every way.
func TestSortFindingsAsStableSort(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	fs := make([]Finding, 2000)
	for i := range fs {
		line := rnd.IntN(20) + 1
		fs[i] = Finding{
			RuleID:    fmt.Sprintf("DDB%d", 101+rnd.IntN(3)),
			Attribute: string(rune('a' + rnd.IntN(3))),
			Range: model.Range{Filename: fmt.Sprintf("f%d.tf", rnd.IntN(3)),
				Start: model.Pos{Line: line, Column: rnd.IntN(3) + 1}, End: model.Pos{Line: line, Column: 10 + rnd.IntN(2)}},
			Message: strconv.Itoa(i),
		}
	}
	want := slices.Clone(fs)
	sort.SliceStable(want, func(i, j int) bool {
		a, b := &want[i], &want[j]
		if a.Range != b.Range {
			return model.RangeLess(a.Range, b.Range)
		}
		if a.RuleID != b.RuleID {
			return a.RuleID < b.RuleID
		}
		return a.Attribute < b.Attribute
	})
	SortFindings(fs)
	for i := range fs {
		if fs[i].Message != want[i].Message {
			t.Fatalf("at %d: finding %s, want %s", i, fs[i].Message, want[i].Message)
		}
	}
}
