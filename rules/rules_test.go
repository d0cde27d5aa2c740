package rules_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dynamoguard/dynamoguard/internal/wanttest"
	"github.com/dynamoguard/dynamoguard/rules"
)

var update = flag.Bool("update", false, "rewrite the docs pages from the rule metadata")

func TestRegistry(t *testing.T) {
	if err := rules.Validate(rules.All); err != nil {
		t.Fatal(err)
	}
	for _, r := range rules.All {
		entries, err := os.ReadDir(filepath.Join("testdata", r.ID))
		if err != nil {
			t.Errorf("%s: no fixtures: %v", r.ID, err)
			continue
		}
		have := map[string]bool{}
		for _, e := range entries {
			name := e.Name()
			format := "cloudformation"
			if strings.HasSuffix(name, ".tf") || strings.HasSuffix(name, ".tf.json") {
				format = "terraform"
			}
			for _, kind := range []string{"bad", "good"} {
				if strings.HasPrefix(name, kind) && !strings.HasSuffix(name, ".want") {
					have[kind+" "+format] = true
				}
			}
		}
		for _, need := range []string{"bad terraform", "good terraform", "bad cloudformation", "good cloudformation"} {
			if !have[need] {
				t.Errorf("%s: testdata has no %s fixture", r.ID, need)
			}
		}
	}
}

func TestValidateRejects(t *testing.T) {
	bad := []*rules.Rule{{ID: "DDB1", Name: "x"}, {ID: "DDB1", Name: "x"}}
	err := rules.Validate(bad)
	if err == nil {
		t.Fatal("Validate accepted a malformed registry")
	}
	for _, want := range []string{"ID must match", "duplicate ID", "duplicate name", "Doc.Why is empty", "Check is nil"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Validate error lacks %q:\n%v", want, err)
		}
	}
}

func TestFixtures(t *testing.T) {
	for _, r := range rules.All {
		t.Run(r.ID, func(t *testing.T) {
			wanttest.RunDir(t, filepath.Join("testdata", r.ID), []*rules.Rule{r})
		})
	}
}

// TestDocExamples runs every rule on the snippets of its documentation: the
// bad ones must give exactly the marked findings, the good ones none.
func TestDocExamples(t *testing.T) {
	for _, r := range rules.All {
		for _, ex := range []struct {
			name string
			src  string
		}{
			{"bad.tf", r.Doc.Terraform.Bad}, {"good.tf", r.Doc.Terraform.Good},
			{"bad.yaml", r.Doc.CloudFormation.Bad}, {"good.yaml", r.Doc.CloudFormation.Good},
		} {
			t.Run(r.ID+"/"+ex.name, func(t *testing.T) {
				want, err := wanttest.Markers([]byte(ex.src))
				if err != nil {
					t.Fatal(err)
				}
				if strings.HasPrefix(ex.name, "bad") && len(want) == 0 {
					t.Fatal("bad example has no want marker")
				}
				if strings.HasPrefix(ex.name, "good") && len(want) > 0 {
					t.Fatal("good example has a marker")
				}
				wanttest.Check(t, ex.name, []byte(ex.src), want, []*rules.Rule{r})
			})
		}
	}
}

// TestDocsPages keeps docs/rules in step with the rule metadata; run with
// -update to rewrite them.
func TestDocsPages(t *testing.T) {
	dir := filepath.Join("..", "docs", "rules")
	for _, r := range rules.All {
		path := filepath.Join(dir, r.ID+".md")
		want := r.Markdown()
		if *update {
			if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("%s: %v (run go test ./rules -update)", r.ID, err)
			continue
		}
		if diff := cmp.Diff(want, string(got)); diff != "" {
			t.Errorf("%s is out of date (run go test ./rules -update); -want +got:\n%s", path, diff)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if id := strings.TrimSuffix(e.Name(), ".md"); strings.HasPrefix(id, "DDB") && rules.ByID(id) == nil {
			t.Errorf("%s documents no rule of the catalogue", e.Name())
		}
	}
}

func TestSelect(t *testing.T) {
	got, err := rules.Select([]string{"ddb101", "DDB201"}, []string{"DDB201"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ID != "DDB101" {
		t.Errorf("Select = %v, want [DDB101]", got)
	}
	if _, err := rules.Select([]string{"DDB999"}, nil); err == nil || !strings.Contains(err.Error(), "DDB101") {
		t.Errorf("Select(DDB999) error = %v, want one listing the valid IDs", err)
	}
}

func TestStripMarkers(t *testing.T) {
	in := "a = 1 # want \"DDB101\"\nb: 2 # want \"DDB102 x\" \"DDB103\"\nc // skip \"DDB103\"\n  # want \"DDB101\"\nd = \"# want\"\n"
	if got, want := rules.StripMarkers(in), "a = 1\nb: 2\nc\nd = \"# want\"\n"; got != want {
		t.Errorf("StripMarkers = %q, want %q", got, want)
	}
}
