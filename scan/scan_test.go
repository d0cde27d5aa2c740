package scan

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/dynamoguard/dynamoguard/model"
	"github.com/dynamoguard/dynamoguard/rules"
)

// repo copies testdata/repo into a new folder, made a git work tree when
// git is set, and returns its path.
func repo(t *testing.T, git bool) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(filepath.Join("testdata", "repo"), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(filepath.Join("testdata", "repo"), p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	if git {
		if err := os.Mkdir(filepath.Join(dst, ".git"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func findings(res *Result, id string) []rules.Finding {
	var out []rules.Finding
	for _, f := range res.Findings {
		if f.RuleID == id {
			out = append(out, f)
		}
	}
	return out
}

func TestModuleTree(t *testing.T) {
	dir := repo(t, true)
	t.Chdir(dir)
	res, err := Run(context.Background(), Options{Paths: []string{"infra"}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Root != dir {
		t.Errorf("Root = %q, want the git work tree %q", res.Root, dir)
	}
	for _, d := range res.Diagnostics {
		t.Errorf("unexpected diagnostic: %v", d)
	}
	// The child module is evaluated once per instance, with its caller's
	// inputs: only the instance given pitr = false is reported, in the
	// child's file, with the call and the input as related locations.
	pitr := findings(res, "DDB201")
	if len(pitr) != 1 {
		t.Fatalf("DDB201 findings = %v, want one", pitr)
	}
	f := pitr[0]
	want := rules.Finding{
		RuleID:    "DDB201",
		Severity:  rules.Medium,
		Attribute: "point_in_time_recovery.enabled",
		Resource: model.Resource{Kind: model.Terraform, Type: "aws_dynamodb_table",
			Address: `module.tables["orders"].aws_dynamodb_table.this`, Scope: "infra",
			CalledFrom: []model.Call{{Address: `module.tables["orders"]`, Range: model.Range{Filename: "infra/main.tf",
				Start: model.Pos{Line: 5, Column: 1, Byte: 43}, End: model.Pos{Line: 5, Column: 16}}}}},
		Range: model.Range{Filename: "infra/modules/table/main.tf",
			Start: model.Pos{Line: 31, Column: 15, Byte: 480}, End: model.Pos{Line: 31, Column: 23, Byte: 488}},
		Related: []model.Related{
			{Range: model.Range{Filename: "infra/main.tf", Start: model.Pos{Line: 5, Column: 1, Byte: 43}, End: model.Pos{Line: 5, Column: 16}},
				Message: `called from module.tables["orders"]`},
			{Range: model.Range{Filename: "infra/main.tf", Start: model.Pos{Line: 10, Column: 17, Byte: 154}, End: model.Pos{Line: 10, Column: 27, Byte: 164}},
				Message: `value from input "pitr" of module.tables["orders"] (infra/main.tf:10)`},
		},
		NoFix: `the value comes from input "pitr" of module.tables["orders"] (infra/main.tf:10): the fix is there; dynamoguard fix --at-origin changes it`,
	}
	f.Message, f.Fingerprint, f.Resource.Range, f.Resource.Extent, f.Resource.Layout, f.Changes = "", "", model.Range{}, model.Range{}, nil, nil
	if d := cmp.Diff(want, f, cmpopts.IgnoreFields(model.Pos{}, "Byte")); d != "" {
		t.Errorf("finding (-want +got):\n%s", d)
	}
	// The key comes from the kms module's output: no key finding for any
	// instance, nor for the root table.
	if keys := findings(res, "DDB102"); len(keys) > 0 {
		t.Errorf("DDB102 findings = %v, want none: the key is a CMK from module.kms", keys)
	}
	// Remote modules are listed, saying whether an analysed value depends
	// on them.
	var notes []string
	for _, n := range res.NotAnalysed {
		notes = append(notes, n.What+": "+n.Reason)
	}
	wantNotes := []string{
		`module.labels: module source "cloudposse/label/null" is not fetched, so its resources are not analysed; no analysed value depends on its outputs`,
		`module.remote_tables: module source "terraform-aws-modules/dynamodb-table/aws" is not fetched, so its resources are not analysed; no analysed value depends on its outputs`,
	}
	if d := cmp.Diff(wantNotes, notes); d != "" {
		t.Errorf("not analysed (-want +got):\n%s", d)
	}
}

// TestFingerprintFromEitherWorkingDirectory: `cd infra && scan .` and
// `scan infra` from the work tree give the same fingerprints.
func TestFingerprintFromEitherWorkingDirectory(t *testing.T) {
	dir := repo(t, true)
	t.Chdir(dir)
	fromTop, err := Run(context.Background(), Options{Paths: []string{"infra"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(filepath.Join(dir, "infra"))
	fromInfra, err := Run(context.Background(), Options{Paths: []string{"."}})
	if err != nil {
		t.Fatal(err)
	}
	prints := func(r *Result) []string {
		var out []string
		for _, f := range r.Findings {
			out = append(out, f.RuleID+" "+f.Range.Filename+" "+f.Fingerprint)
		}
		return out
	}
	if len(fromTop.Findings) == 0 {
		t.Fatal("no findings")
	}
	if d := cmp.Diff(prints(fromTop), prints(fromInfra)); d != "" {
		t.Errorf("fingerprints differ between the working directories (-top +infra):\n%s", d)
	}
}

// TestNamedChildFile is what pre-commit does: a changed file of a child
// module is judged with its callers' inputs, and only its findings are
// reported.
func TestNamedChildFile(t *testing.T) {
	dir := repo(t, true)
	t.Chdir(dir)
	res, err := Run(context.Background(), Options{Paths: []string{"infra/modules/table/main.tf"}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Findings {
		got = append(got, f.RuleID+" "+f.Resource.Address)
	}
	// With its defaults alone the module would also give DDB102 (no key)
	// and DDB201 for every instance; with its callers' inputs only the
	// orders table has PITR off.
	want := []string{`DDB201 module.tables["orders"].aws_dynamodb_table.this`}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("findings (-want +got):\n%s", d)
	}
	if len(res.Files) != 1 || res.Files[0].Path != "infra/modules/table/main.tf" {
		t.Errorf("files = %v, want the named file only", res.Files)
	}
}

func TestConfig(t *testing.T) {
	dir := repo(t, true)
	t.Chdir(dir)
	write(t, filepath.Join(dir, ".dynamoguard.yml"), "rules:\n  disable: [DDB203]\n  severity:\n    DDB201: critical\n")
	res, err := Run(context.Background(), Options{Paths: []string{"infra"}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Config.Path != ".dynamoguard.yml" {
		t.Errorf("config path = %q, want the file at the scan root", res.Config.Path)
	}
	for _, r := range res.Rules {
		if r.ID == "DDB203" {
			t.Error("DDB203 ran though the configuration disables it")
		}
	}
	if f := findings(res, "DDB201"); len(f) != 1 || f[0].Severity != rules.Critical {
		t.Errorf("DDB201 findings = %v, want one, critical by the override", f)
	}
	// The command line's rule list replaces the configuration's.
	res, err = Run(context.Background(), Options{Paths: []string{"infra"}, Rules: []string{"DDB102"}})
	if err != nil || len(res.Rules) != 1 || res.Rules[0].ID != "DDB102" {
		t.Errorf("--rule DDB102: rules %v, error %v", res.Rules, err)
	}

	write(t, filepath.Join(dir, ".dynamoguard.yml"), "rules:\n  disable: [DDB999]\nallowed_region: [us-east-1]\n")
	_, err = Run(context.Background(), Options{Paths: []string{"infra"}})
	var cfgErr *ConfigError
	if !errors.As(err, &cfgErr) {
		t.Fatalf("Run with a bad configuration: error %v, want a ConfigError", err)
	}
	text := cfgErr.Error()
	for _, want := range []string{".dynamoguard.yml:2:", "DDB999", ".dynamoguard.yml:3:", "allowed_regions"} {
		if !strings.Contains(text, want) {
			t.Errorf("configuration error lacks %q:\n%s", want, text)
		}
	}
}

func TestConfigExclude(t *testing.T) {
	dir := repo(t, false)
	t.Chdir(dir)
	write(t, filepath.Join(dir, "other.yml"), "exclude: [\"infra/**\"]\n")
	res, err := Run(context.Background(), Options{Paths: []string{"."}, ConfigPath: "other.yml"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Files) != 0 || len(res.Findings) != 0 {
		t.Errorf("files %v, findings %v: want everything excluded", res.Files, res.Findings)
	}
}
