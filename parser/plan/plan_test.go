package plan_test

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dynamoguard/dynamoguard/parser"
	"github.com/dynamoguard/dynamoguard/rules"
	"github.com/dynamoguard/dynamoguard/scan"
)

// finding is what must not change between the configuration and its plan.
type finding struct{ Rule, Address, Attribute, File, Fingerprint string }

func findings(t *testing.T, opts scan.Options) []finding {
	t.Helper()
	res, err := scan.Run(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range res.Diagnostics {
		t.Errorf("diagnostic: %s: %s: %s", d.Subject, d.Summary, d.Detail)
	}
	return project(res.Findings)
}

func project(in []rules.Finding) []finding {
	out := make([]finding, 0, len(in))
	for _, f := range in {
		out = append(out, finding{f.RuleID, f.Resource.Address, f.Attribute, filepath.Base(f.Range.Filename), f.Fingerprint})
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Address != b.Address {
			return a.Address < b.Address
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Attribute < b.Attribute
	})
	return out
}

// TestPlanMatchesConfiguration scans a configuration, then its plan (beside
// it, then named alone), and gets the same findings with the same
// fingerprints: a baseline made from the configuration holds for the plan.
func TestPlanMatchesConfiguration(t *testing.T) {
	for _, dir := range []string{"testdata/config", "testdata/unknown", "testdata/services"} {
		t.Run(dir, func(t *testing.T) {
			hcl := findings(t, scan.Options{Paths: []string{dir}, Parser: parser.Options{Exclude: []string{"*.json"}}})
			if len(hcl) == 0 {
				t.Fatal("the configuration has no findings")
			}
			beside := findings(t, scan.Options{Paths: []string{dir}})
			if d := cmp.Diff(hcl, beside); d != "" {
				t.Errorf("configuration and plan beside it (-hcl +both):\n%s", d)
			}
			named := findings(t, scan.Options{Paths: []string{dir + "/plan.json"}})
			if d := cmp.Diff(hcl, named); d != "" {
				t.Errorf("configuration and plan named (-hcl +plan):\n%s", d)
			}
			for _, f := range named {
				if !strings.HasSuffix(f.File, ".tf") {
					t.Errorf("%s %s is placed in %s, want its .tf source", f.Rule, f.Address, f.File)
				}
			}
		})
	}
}

// TestPlanConfigFlag places the findings of a plan kept apart from its
// configuration at the .tf source.
func TestPlanConfigFlag(t *testing.T) {
	dir := t.TempDir()
	copyFile(t, "testdata/config/plan.json", filepath.Join(dir, "plan.json"))
	res, err := scan.Run(context.Background(), scan.Options{Paths: []string{filepath.Join(dir, "plan.json")}, PlanConfig: "testdata/config"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) == 0 {
		t.Fatal("no findings")
	}
	for _, f := range res.Findings {
		if !strings.HasSuffix(f.Range.Filename, ".tf") {
			t.Errorf("%s %s is placed in %s, want its .tf source", f.RuleID, f.Resource.Address, f.Range.Filename)
		}
	}
}

// TestPlanWithoutConfiguration places findings on the plan's own lines,
// each at the attribute it is about, with the rule IDs and addresses of
// the configuration's findings.
func TestPlanWithoutConfiguration(t *testing.T) {
	for _, config := range []string{"testdata/config", "testdata/services"} {
		t.Run(config, func(t *testing.T) { planWithoutConfiguration(t, config) })
	}
}

func planWithoutConfiguration(t *testing.T, config string) {
	dir := t.TempDir()
	copyFile(t, config+"/plan.json", filepath.Join(dir, "plan.json"))
	hcl := findings(t, scan.Options{Paths: []string{config}, Parser: parser.Options{Exclude: []string{"*.json"}}})
	res, err := scan.Run(context.Background(), scan.Options{Paths: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	got := project(res.Findings)
	strip := func(fs []finding) []finding {
		out := make([]finding, len(fs))
		for i, f := range fs {
			out[i] = finding{Rule: f.Rule, Address: f.Address, Attribute: f.Attribute}
		}
		return out
	}
	if d := cmp.Diff(strip(hcl), strip(got)); d != "" {
		t.Errorf("configuration and plan alone (-hcl +plan):\n%s", d)
	}
	lines := readLines(t, filepath.Join(dir, "plan.json"))
	for _, f := range res.Findings {
		if f.Range.Filename != "plan.json" || f.Range.Start.Line < 1 || f.Range.Start.Line > len(lines) {
			t.Errorf("%s %s at %s, want a line of plan.json", f.RuleID, f.Resource.Address, f.Range)
			continue
		}
		// The line holds the attribute, or the attribute that holds it;
		// an attribute the plan leaves out is at the resource's object.
		parts := strings.Split(f.Attribute, ".")
		first, last := strings.SplitN(parts[0], "[", 2)[0], parts[len(parts)-1]
		line := lines[f.Range.Start.Line-1]
		resource := strings.TrimSpace(line) == "{" && f.Range.Start.Line < len(lines) &&
			strings.Contains(lines[f.Range.Start.Line], `"address": "`+strings.ReplaceAll(f.Resource.Address, `"`, `\"`)+`"`)
		if !resource && !strings.Contains(line, `"`+last+`":`) && !strings.Contains(line, `"`+first+`":`) {
			t.Errorf("%s %s %s at plan.json line %d %q, want the line of %q", f.RuleID, f.Resource.Address, f.Attribute,
				f.Range.Start.Line, line, last)
		}
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

func readLines(t *testing.T, name string) []string {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	var out []string
	s := bufio.NewScanner(f)
	s.Buffer(nil, 1<<20)
	for s.Scan() {
		out = append(out, s.Text())
	}
	return out
}

// TestSuppressionInTheConfiguration: a dynamoguard:ignore comment above a
// resource in the .tf file suppresses the plan's finding about it.
func TestSuppressionInTheConfiguration(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"plan.json", "modules/table/main.tf", "modules/kms/main.tf"} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o750); err != nil {
			t.Fatal(err)
		}
		copyFile(t, filepath.Join("testdata/config", name), filepath.Join(dir, name))
	}
	main, err := os.ReadFile("testdata/config/main.tf")
	if err != nil {
		t.Fatal(err)
	}
	block := `resource "aws_dynamodb_table" "orders" {`
	main = []byte(strings.Replace(string(main), block, "# dynamoguard:ignore DDB201 -- restored from the event log\n"+block, 1))
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), main, 0o600); err != nil {
		t.Fatal(err)
	}
	res, err := scan.Run(context.Background(), scan.Options{Paths: []string{filepath.Join(dir, "plan.json")}})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range res.Findings {
		if f.RuleID == "DDB201" && f.Resource.Address == "aws_dynamodb_table.orders" {
			found = true
			if f.Suppression == nil {
				t.Error("the plan's DDB201 finding on aws_dynamodb_table.orders is not suppressed by the comment in main.tf")
			}
		}
	}
	if !found {
		t.Error("no DDB201 finding on aws_dynamodb_table.orders")
	}
}
