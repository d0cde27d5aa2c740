package fix_test

import (
	"bytes"
	"context"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2/hclwrite"

	"github.com/dynamoguard/dynamoguard/fix"
	"github.com/dynamoguard/dynamoguard/scan"
)

var update = flag.Bool("update", false, "rewrite the after/ trees and diff.golden files of testdata")

// copyTree copies the folder from into a new temporary folder.
func copyTree(t *testing.T, from string) string {
	t.Helper()
	to := t.TempDir()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return to
}

// readTree reads every file under dir by slash-separated relative name.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// caseOptions reads the options of a golden case from its flags file:
// words among --at-origin, --allow-replacement and --rule ID.
func caseOptions(t *testing.T, dir string) scan.Options {
	t.Helper()
	var opts scan.Options
	data, err := os.ReadFile(filepath.Join(dir, "flags"))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	words := strings.Fields(string(data))
	for i := 0; i < len(words); i++ {
		switch words[i] {
		case "--at-origin":
			opts.Fix.AtOrigin = true
		case "--allow-replacement":
			opts.Fix.AllowReplacement = true
		case "--rule":
			i++
			opts.Rules = append(opts.Rules, words[i])
		case "--kms-key":
			i++
			opts.FixKMSKey = words[i]
		default:
			t.Fatalf("%s/flags: unknown flag %q", dir, words[i])
		}
	}
	return opts
}

// fixTree scans dir and applies the fixes; it returns the plan.
func fixTree(t *testing.T, dir string, opts scan.Options) (*scan.Result, *fix.Plan) {
	t.Helper()
	opts.Paths = []string{dir}
	res, err := scan.Run(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return res, fix.NewPlan(res.Sources, res.Findings, res.FixOptions)
}

// TestGolden fixes the before/ tree of every case of testdata and compares
// the result with its after/ tree, and the diff with diff.golden; a second
// fix must change nothing.
func TestGolden(t *testing.T) {
	cases, err := os.ReadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		if !c.IsDir() || c.Name() == "fuzz" { // fuzz: the fuzz targets' seeds
			continue
		}
		t.Run(c.Name(), func(t *testing.T) {
			dir := filepath.Join("testdata", c.Name())
			opts := caseOptions(t, dir)
			work := copyTree(t, filepath.Join(dir, "before"))
			scanned, plan := fixTree(t, work, opts)
			diff, err := plan.Diff()
			if err != nil {
				t.Fatal(err)
			}
			var skipped bytes.Buffer
			for _, s := range plan.Skipped {
				skipped.WriteString("skipped " + s.Finding.RuleID + " " + s.Finding.Resource.Address + ": " + s.Reason + "\n")
			}
			for _, f := range scanned.Findings {
				if f.NoFix != "" {
					skipped.WriteString("no fix " + f.RuleID + " " + f.Resource.Address + ": " + f.NoFix + "\n")
				}
			}
			if len(plan.Changed()) == 0 {
				t.Fatal("the case has nothing to fix")
			}
			plan.Write()
			got := readTree(t, work)
			if *update {
				_ = os.RemoveAll(filepath.Join(dir, "after"))
				for name, text := range got {
					p := filepath.Join(dir, "after", filepath.FromSlash(name))
					if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				if err := os.WriteFile(filepath.Join(dir, "diff.golden"), []byte(diff+skipped.String()), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			// A file as terraform fmt writes it stays so.
			for name, text := range readTree(t, filepath.Join(dir, "before")) {
				if strings.HasSuffix(name, ".tf") && string(hclwrite.Format([]byte(text))) == text {
					if after := got[name]; string(hclwrite.Format([]byte(after))) != after {
						t.Errorf("%s was formatted as terraform fmt does, the fixed file is not:\n%s", name, after)
					}
				}
			}
			if d := cmp.Diff(readTree(t, filepath.Join(dir, "after")), got); d != "" {
				t.Errorf("fixed files differ from after/ (-want +got):\n%s", d)
			}
			want, err := os.ReadFile(filepath.Join(dir, "diff.golden"))
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(string(want), diff+skipped.String()); d != "" {
				t.Errorf("diff differs from diff.golden (-want +got):\n%s", d)
			}

			// Idempotent: a second fix changes no byte.
			res, again := fixTree(t, work, opts)
			if names := again.Changed(); len(names) > 0 {
				d, _ := again.Diff()
				t.Errorf("a second fix changes %v:\n%s", names, d)
			}
			for _, f := range res.Findings {
				if f.Fix != nil {
					t.Errorf("after the fix, %s %s still has a fix: %s", f.RuleID, f.Resource.Address, f.Fix.Description)
				}
			}
		})
	}
}
