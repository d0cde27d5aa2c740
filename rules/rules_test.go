package rules_test

import (
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dynamoguard/dynamoguard/config"
	"github.com/dynamoguard/dynamoguard/internal/wanttest"
	"github.com/dynamoguard/dynamoguard/rules"
)

var update = flag.Bool("update", false, "rewrite the docs pages from the rule metadata")

// TestRegistry checks the catalogue and that every rule has fixtures: its
// doc/ snippets, and besides them a bad and a good case folder for each
// format. A case folder is bad or good by its name's prefix and Terraform or
// CloudFormation by the files in it.
func TestRegistry(t *testing.T) {
	if err := rules.Validate(rules.All); err != nil {
		t.Fatal(err)
	}
	for _, r := range rules.All {
		dir := filepath.Join("testdata", r.ID)
		var needs []string
		for _, f := range []struct {
			format, ext string
			ex          rules.Example
		}{{"terraform", ".tf", r.Doc.Terraform}, {"cloudformation", ".yaml", r.Doc.CloudFormation}} {
			if f.ex.Bad == "" {
				continue // the format has no such resource
			}
			for _, kind := range []string{"bad", "good"} {
				if _, err := os.Stat(filepath.Join(dir, "doc", kind+f.ext)); err != nil {
					t.Errorf("%s: no doc snippet: %v", r.ID, err)
				}
				needs = append(needs, kind+" "+f.format)
			}
		}
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Errorf("%s: no fixtures: %v", r.ID, err)
			continue
		}
		have := map[string]bool{}
		for _, e := range entries {
			if !e.IsDir() {
				t.Errorf("%s: %s is not in a case folder", r.ID, e.Name())
				continue
			}
			if e.Name() == "doc" {
				continue
			}
			formats, err := caseFormats(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Error(err)
			}
			for _, kind := range []string{"bad", "good"} {
				if strings.HasPrefix(e.Name(), kind) {
					for f := range formats {
						have[kind+" "+f] = true
					}
				}
			}
		}
		for _, need := range needs {
			if !have[need] {
				t.Errorf("%s: testdata has no %s case folder besides doc/", r.ID, need)
			}
		}
	}
}

// caseFormats says which formats the files of a case folder are in.
func caseFormats(dir string) (map[string]bool, error) {
	formats := map[string]bool{}
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		switch name := d.Name(); {
		case slices.Contains(config.FileNames, name):
			// The case's configuration, not an input of either format.
		case strings.HasSuffix(name, ".tf"), strings.HasSuffix(name, ".tf.json"):
			formats["terraform"] = true
		case strings.HasSuffix(name, ".yaml"), strings.HasSuffix(name, ".yml"),
			strings.HasSuffix(name, ".json"), strings.HasSuffix(name, ".template"):
			if !strings.Contains(name, "tfvars") {
				formats["cloudformation"] = true
			}
		}
		return nil
	})
	return formats, err
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

// TestDocExamples checks the documentation snippets, which the fixture test
// runs as the case folder testdata/<ID>/doc: a bad snippet marks at least
// one finding, a good one has no marker, and the docs page shows none.
func TestDocExamples(t *testing.T) {
	for _, r := range rules.All {
		for _, ex := range []struct {
			name string
			src  string
		}{
			{"bad.tf", r.Doc.Terraform.Bad}, {"good.tf", r.Doc.Terraform.Good},
			{"bad.yaml", r.Doc.CloudFormation.Bad}, {"good.yaml", r.Doc.CloudFormation.Good},
		} {
			if ex.src == "" {
				continue // the format has no such resource
			}
			t.Run(r.ID+"/"+ex.name, func(t *testing.T) {
				want, err := wanttest.Markers([]byte(ex.src))
				if err != nil {
					t.Fatal(err)
				}
				wants := 0
				for _, w := range want {
					if w.Kind == wanttest.Want {
						wants++
					}
				}
				if strings.HasPrefix(ex.name, "bad") && wants == 0 {
					t.Error("bad example has no want marker")
				}
				if strings.HasPrefix(ex.name, "good") && len(want) > 0 {
					t.Error("good example has a marker")
				}
				if left, err := wanttest.Markers([]byte(rules.StripMarkers(ex.src))); err != nil || len(left) > 0 {
					t.Errorf("the docs page would show markers: %v %v", left, err)
				}
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
		// DDB0xx pages document the suppressions' own rules (package
		// suppress, which checks them).
		if id := strings.TrimSuffix(e.Name(), ".md"); strings.HasPrefix(id, "DDB") && !strings.HasPrefix(id, "DDB0") && rules.ByID(id) == nil {
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
	in := "a = 1 # want \"DDB101\"\nb: 2 # want \"DDB102 x\" \"DDB103\"\nc // skip \"DDB103\"\n  # want \"DDB101\"\nd = \"# want\"\n" +
		"e = 1 # want col=5 \"DDB101\" # diag \"warning x\"\n"
	if got, want := rules.StripMarkers(in), "a = 1\nb: 2\nc\nd = \"# want\"\ne = 1\n"; got != want {
		t.Errorf("StripMarkers = %q, want %q", got, want)
	}
}

// TestOneFindingPerRootCause runs the whole catalogue over cases where
// several rules could report one cause: only one of them does.
func TestOneFindingPerRootCause(t *testing.T) {
	wanttest.RunDir(t, filepath.Join("testdata", "root-cause"), rules.All)
}
