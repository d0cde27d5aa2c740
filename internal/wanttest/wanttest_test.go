package wanttest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dynamoguard/dynamoguard/rules"
)

// recorder collects what Check reports instead of failing the test.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

const src = `resource "aws_dynamodb_table" "t" { # want "DDB201 table aws_dynamodb_table.t"
  name     = "t"
  hash_key = "pk"
}
`

func TestMarkers(t *testing.T) {
	exps, err := Markers([]byte("a # want \"X\" \"Y\"\nb\nc // skip \"Z\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range exps {
		got = append(got, fmt.Sprintf("%d %s %s", e.Line, e.Kind, e.Pattern))
	}
	if want := "1 want X|1 want Y|3 skip Z"; strings.Join(got, "|") != want {
		t.Errorf("Markers = %q, want %q", strings.Join(got, "|"), want)
	}
	if _, err := Markers([]byte(`x # want "("`)); err == nil {
		t.Error("a bad regexp was accepted")
	}
}

func TestSidecar(t *testing.T) {
	exps, err := Sidecar([]byte("# comment\n3 want \"DDB101\"\n\n7 skip \"DDB102\" \"DDB103\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(exps) != 3 || exps[0].Line != 3 || exps[2].Kind != Skip || exps[2].Line != 7 {
		t.Errorf("Sidecar = %+v", exps)
	}
	if _, err := Sidecar([]byte("want DDB101\n")); err == nil {
		t.Error("a malformed sidecar line was accepted")
	}
}

func TestCheck(t *testing.T) {
	set := []*rules.Rule{rules.TablePITR}
	want, err := Markers([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	// Met expectations: nothing reported.
	r := &recorder{TB: t}
	Check(r, "main.tf", []byte(src), want, set)
	if len(r.errs) > 0 {
		t.Errorf("Check on matching markers reported %v", r.errs)
	}
	// No expectation: the finding is unexpected.
	r = &recorder{TB: t}
	Check(r, "main.tf", []byte(src), nil, set)
	if len(r.errs) != 1 || !strings.Contains(r.errs[0], "unexpected want: DDB201") {
		t.Errorf("Check without markers reported %v, want one unexpected finding", r.errs)
	}
	// An expectation on the wrong line is unmet, and the finding unexpected.
	moved := []Expectation{{Line: 2, Kind: Want, Pattern: want[0].Pattern}}
	r = &recorder{TB: t}
	Check(r, "main.tf", []byte(src), moved, set)
	if len(r.errs) != 2 {
		t.Errorf("Check with a moved marker reported %v, want 2 errors", r.errs)
	}
	// A parse error fails the check.
	r = &recorder{TB: t}
	Check(r, "main.tf", []byte("resource {"), nil, set)
	if len(r.errs) == 0 || !strings.Contains(r.errs[0], "diagnostic") {
		t.Errorf("Check on broken input reported %v, want a diagnostic", r.errs)
	}
}
