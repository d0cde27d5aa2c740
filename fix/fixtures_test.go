package fix_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dynamoguard/dynamoguard/fix"
	"github.com/dynamoguard/dynamoguard/model"
	"github.com/dynamoguard/dynamoguard/rules"
	"github.com/dynamoguard/dynamoguard/scan"
)

// TestRuleFixtures runs fix, then scan, on every bad fixture of the rules
// and checks that no finding that had a fix remains, that every rule with
// fixes fixed something, and that a second fix changes no byte.
func TestRuleFixtures(t *testing.T) {
	fixedRules := map[string]bool{}
	for _, r := range rules.All {
		fixedRules[r.ID] = false
	}
	dirs, err := filepath.Glob(filepath.Join("..", "rules", "testdata", "DDB*", "*"))
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range dirs {
		id := filepath.Base(filepath.Dir(dir))
		if info, err := os.Stat(dir); err != nil || !info.IsDir() || strings.HasPrefix(filepath.Base(dir), "good") {
			continue
		}
		t.Run(id+"/"+filepath.Base(dir), func(t *testing.T) {
			opts := scan.Options{Rules: []string{id}, Fix: fix.Options{AtOrigin: true, AllowReplacement: true}, FixKMSKey: fixtureKey(id)}
			work := copyTree(t, dir)
			res, plan := fixTree(t, work, opts)
			fixed := map[string]bool{}
			for _, a := range plan.Applied {
				fixed[a.Finding.Fingerprint] = true
			}
			for _, f := range res.Findings {
				if f.Fix != nil && !fixed[f.Fingerprint] {
					t.Errorf("%s %s had a fix that was not applied", f.RuleID, f.Resource.Address)
				}
			}
			plan.Write()
			if len(plan.Applied) > 0 {
				fixedRules[id] = true
			}
			for _, s := range plan.Skipped {
				t.Errorf("fix of %s %s skipped: %s", s.Finding.RuleID, s.Finding.Resource.Address, s.Reason)
			}
			after, again := fixTree(t, work, opts)
			for _, f := range after.Findings {
				if fixed[f.Fingerprint] {
					t.Errorf("after the fix, %s still reports %s: %s", f.RuleID, f.Resource.Address, f.Message)
				}
			}
			if names := again.Changed(); len(names) > 0 {
				d, _ := again.Diff()
				t.Errorf("a second fix changes %v:\n%s", names, d)
			}
		})
	}
	for _, id := range []string{"DDB101", "DDB102", "DDB103", "DDB104", "DDB105", "DDB107", "DDB201", "DDB202", "DDB203", "DDB303", "DDB304"} {
		if !fixedRules[id] {
			t.Errorf("no bad fixture of %s was fixed", id)
		}
	}
}

// TestAutoFixDocumented checks that the rules whose docs name an automatic
// fix are those that ask for changes in their fixtures.
func TestAutoFixDocumented(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("..", "rules", "testdata", "DDB*", "*"))
	if err != nil {
		t.Fatal(err)
	}
	asks := map[string]bool{}
	for _, dir := range dirs {
		id := filepath.Base(filepath.Dir(dir))
		if info, err := os.Stat(dir); err != nil || !info.IsDir() || asks[id] {
			continue
		}
		res, err := scan.Run(t.Context(), scan.Options{Paths: []string{dir}, Rules: []string{id}, FixKMSKey: fixtureKey(id)})
		if err != nil {
			continue // a fixture of a configuration error
		}
		for _, f := range res.Findings {
			if len(f.Changes) > 0 && f.RuleID == id {
				asks[id] = true
			}
		}
	}
	for _, r := range rules.All {
		if documented := r.Doc.AutoFix != ""; documented != asks[r.ID] {
			t.Errorf("%s: docs name an automatic fix: %v; its findings ask for changes: %v", r.ID, documented, asks[r.ID])
		}
	}
}

// fixtureKey is the --kms-key of the fixtures of rule id: replicas need a
// key of their region (the fixtures' replicas are in eu-west-1), tables
// use the only key declared beside them.
func fixtureKey(id string) string {
	if id == "DDB103" {
		return "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	}
	return ""
}

// TestUnitFixesAsWholeFile checks, on every fixture of the rules, that a
// fix made on the resource's unit alone is the fix made on the whole file,
// suggested again with every resource's extent removed: the same
// description and notes, and edits that make the same files (their
// boundaries may differ: a unit's edit ends within the unit).
func TestUnitFixesAsWholeFile(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("..", "rules", "testdata", "DDB*", "*"))
	if err != nil {
		t.Fatal(err)
	}
	units := 0
	for _, dir := range dirs {
		id := filepath.Base(filepath.Dir(dir))
		if info, err := os.Stat(dir); err != nil || !info.IsDir() {
			continue
		}
		opts := scan.Options{Paths: []string{dir}, Rules: []string{id}, FixKMSKey: fixtureKey(id),
			Fix: fix.Options{AtOrigin: true, AllowReplacement: true}}
		res, err := scan.Run(t.Context(), opts)
		if err != nil {
			continue // a fixture of a configuration error
		}
		whole := slices.Clone(res.Findings)
		for i := range whole {
			whole[i].Changes = slices.Clone(whole[i].Changes)
			for j := range whole[i].Changes {
				if !whole[i].Changes[j].Resource.Extent.IsZero() {
					units++
				}
				whole[i].Changes[j].Resource.Extent = model.Range{}
			}
		}
		fix.Suggest(fix.NewFiles(res.Root), whole, res.FixOptions)
		for i, f := range res.Findings {
			if d := cmp.Diff(fixed(t, res.Root, whole[i].Fix), fixed(t, res.Root, f.Fix)); d != "" {
				t.Errorf("%s: %s %s: fix on the unit differs from the fix on the file (-file +unit):\n%s", dir, f.RuleID, f.Resource.Address, d)
			}
			if whole[i].NoFix != f.NoFix {
				t.Errorf("%s: %s %s: no fix %q on the unit, %q on the file", dir, f.RuleID, f.Resource.Address, f.NoFix, whole[i].NoFix)
			}
		}
	}
	if units == 0 {
		t.Error("no change had a resource with an extent")
	}
}

// fixed is what fix fx says and the files it makes, by name.
func fixed(t *testing.T, root string, fx *rules.SuggestedFix) map[string]string {
	t.Helper()
	if fx == nil {
		return nil
	}
	out := map[string]string{
		"description": fx.Description,
		"notes":       strings.Join(fx.Notes, "; "),
		"flags":       fmt.Sprint(fx.ReplacesResource, fx.AtOrigin),
	}
	byName := map[string][]rules.TextEdit{}
	for _, e := range fx.Edits {
		byName[e.Range.Filename] = append(byName[e.Range.Filename], e)
	}
	for name, es := range byName {
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		after, err := fix.ApplyEdits(data, es)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[name] = string(after)
	}
	return out
}
