package suppress_test

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/dynamoguard/dynamoguard/rules"
	"github.com/dynamoguard/dynamoguard/scan"
	"github.com/dynamoguard/dynamoguard/suppress"
)

var update = flag.Bool("update", false, "rewrite the docs from the suppression rules and the mapping table")

const (
	tableStart = "<!-- peer mapping table: go test ./suppress -update -->\n"
	tableEnd   = "<!-- end of table -->\n"
)

// TestDocs keeps the pages of the suppression rules and the copies of the
// mapping table (docs/suppressions.md, README.md) in step.
func TestDocs(t *testing.T) {
	for _, r := range suppress.Rules {
		check(t, filepath.Join("..", "docs", "rules", r.ID+".md"), func(string) string { return r.Markdown() })
	}
	for _, name := range []string{filepath.Join("..", "docs", "suppressions.md"), filepath.Join("..", "README.md")} {
		check(t, name, func(old string) string {
			i, j := strings.Index(old, tableStart), strings.Index(old, tableEnd)
			if i < 0 || j < i {
				t.Fatalf("%s has no mapping table markers", name)
			}
			return old[:i+len(tableStart)] + suppress.MappingTable() + old[j:]
		})
	}
}

func check(t *testing.T, name string, want func(old string) string) {
	t.Helper()
	got, err := os.ReadFile(name)
	if err != nil && !*update {
		t.Errorf("%v (run go test ./suppress -update)", err)
		return
	}
	w := want(string(got))
	if *update {
		if err := os.WriteFile(name, []byte(w), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if diff := cmp.Diff(w, string(got)); diff != "" {
		t.Errorf("%s is out of date (run go test ./suppress -update); -want +got:\n%s", name, diff)
	}
}

func TestMappingTableCoversTheCatalogue(t *testing.T) {
	table := suppress.MappingTable()
	for _, p := range suppress.Peers {
		for _, r := range p.Rules {
			if !strings.Contains(table, "`"+r+"`") {
				t.Errorf("%s %s maps to %s, which is not in the catalogue", p.Tool, p.IDs[0], r)
			}
		}
	}
	if n := strings.Count(table, "\n| `DDB"); n != 32 {
		t.Errorf("table has %d rules, want the 32 of the catalogue", n)
	}
}

// TestDocExamples scans each rule's snippets: the bad one gives a finding
// of the rule, the good one none.
func TestDocExamples(t *testing.T) {
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	for _, r := range suppress.Rules {
		for _, ex := range []struct {
			name, src string
			want      bool
		}{{"bad", r.Doc.Terraform.Bad, true}, {"good", r.Doc.Terraform.Good, false}} {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(ex.src), 0o644); err != nil {
				t.Fatal(err)
			}
			res, err := scan.Run(context.Background(), scan.Options{Paths: []string{dir}, Now: now})
			if err != nil {
				t.Fatal(err)
			}
			got := slices.ContainsFunc(res.Findings, func(f rules.Finding) bool { return f.RuleID == r.ID })
			if got != ex.want {
				t.Errorf("%s %s example: finding of the rule %v, want %v; findings: %v", r.ID, ex.name, got, ex.want, res.Findings)
			}
		}
	}
}
