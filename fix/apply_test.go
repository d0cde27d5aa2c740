package fix_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dynamoguard/dynamoguard/fix"
	"github.com/dynamoguard/dynamoguard/model"
	"github.com/dynamoguard/dynamoguard/rules"
	"github.com/dynamoguard/dynamoguard/scan"
)

const badTable = `resource "aws_dynamodb_table" "%s" {
  name         = "%s"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"

  attribute {
    name = "pk"
    type = "S"
  }
}
`

// twoFiles writes two folders-worth of a table without PITR.
func twoFiles(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"a", "b"} {
		text := strings.ReplaceAll(badTable, "%s", name)
		if err := os.WriteFile(filepath.Join(dir, name+".tf"), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// noTempFiles checks that no temporary file of a write is left in dir.
func noTempFiles(t *testing.T, dir string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".fix-") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

func TestChangedSinceScan(t *testing.T) {
	dir := twoFiles(t)
	_, plan := fixTree(t, dir, scan.Options{Rules: []string{"DDB201"}})
	edited := read(t, filepath.Join(dir, "a.tf")) + "# edited after the scan\n"
	if err := os.WriteFile(filepath.Join(dir, "a.tf"), []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	written := plan.Write()
	if len(written) != 1 || written[0] != "b.tf" {
		t.Errorf("written = %v, want [b.tf]", written)
	}
	if got := read(t, filepath.Join(dir, "a.tf")); got != edited {
		t.Errorf("a.tf was changed:\n%s", got)
	}
	if !strings.Contains(read(t, filepath.Join(dir, "b.tf")), "point_in_time_recovery {\n    enabled = true\n  }") {
		t.Errorf("b.tf was not fixed")
	}
	if len(plan.Skipped) != 1 || !strings.Contains(plan.Skipped[0].Reason, "a.tf changed since the scan") {
		t.Errorf("skipped = %+v, want a.tf changed since the scan", plan.Skipped)
	}
	noTempFiles(t, dir)
}

func TestReadOnlyFile(t *testing.T) {
	dir := twoFiles(t)
	if err := os.Chmod(filepath.Join(dir, "a.tf"), 0o444); err != nil {
		t.Fatal(err)
	}
	before := read(t, filepath.Join(dir, "a.tf"))
	_, plan := fixTree(t, dir, scan.Options{Rules: []string{"DDB201"}})
	written := plan.Write()
	if len(written) != 1 || written[0] != "b.tf" {
		t.Errorf("written = %v, want [b.tf]", written)
	}
	if read(t, filepath.Join(dir, "a.tf")) != before {
		t.Error("the read-only a.tf was changed")
	}
	if len(plan.Skipped) != 1 || !strings.Contains(plan.Skipped[0].Reason, "a.tf is read-only") {
		t.Errorf("skipped = %+v, want a.tf is read-only", plan.Skipped)
	}
	if info, err := os.Stat(filepath.Join(dir, "b.tf")); err != nil || info.Mode().Perm() != 0o644 {
		t.Errorf("b.tf lost its mode: %v %v", info.Mode(), err)
	}
	noTempFiles(t, dir)
}

func edit(start, end int, old, text string) rules.TextEdit {
	return rules.TextEdit{Range: model.Range{Filename: "f", Start: model.Pos{Byte: start}, End: model.Pos{Byte: end}}, Old: old, New: text}
}

func TestApplyEdits(t *testing.T) {
	content := []byte("enabled = false\n")
	tests := []struct {
		name    string
		edits   []rules.TextEdit
		want    string
		wantErr string
	}{
		{"replace", []rules.TextEdit{edit(10, 15, "false", "true")}, "enabled = true\n", ""},
		{"two inserts at one offset", []rules.TextEdit{edit(0, 0, "", "a"), edit(0, 0, "", "b")}, "abenabled = false\n", ""},
		{"overlap", []rules.TextEdit{edit(10, 15, "false", "true"), edit(8, 12, "= fa", "x")}, "", "overlaps"},
		{"changed", []rules.TextEdit{edit(10, 15, "fals3", "true")}, "", "changed since the scan"},
		{"outside", []rules.TextEdit{edit(10, 99, "false", "true")}, "", "outside the file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := fix.ApplyEdits(content, tt.edits)
			switch {
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("err = %v, want %q", err, tt.wantErr)
			case tt.wantErr == "" && err != nil:
				t.Errorf("err = %v", err)
			case tt.wantErr == "" && string(got) != tt.want:
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if string(content) != "enabled = false\n" {
				t.Error("the content was modified")
			}
		})
	}
}

// TestNoFixOffered checks the findings that get no fix and say why: a
// suppressed finding, a value from a variable without --at-origin, a fix
// that replaces the resource without --allow-replacement.
func TestNoFixOffered(t *testing.T) {
	dir := t.TempDir()
	src := `variable "pitr" {
  type    = bool
  default = false
}

# dynamoguard:ignore DDB201 -- a scratch table, rebuilt from the event log
resource "aws_dynamodb_table" "scratch" {
  name     = "scratch"
  hash_key = "pk"

  attribute {
    name = "pk"
    type = "S"
  }
}

resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "pk"

  attribute {
    name = "pk"
    type = "S"
  }

  point_in_time_recovery {
    enabled = var.pitr
  }
}

resource "aws_dax_cluster" "cache" {
  cluster_name       = "cache"
  iam_role_arn       = "arn:aws:iam::111122223333:role/dax"
  node_type          = "dax.r4.large"
  replication_factor = 1
}
`
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	res, plan := fixTree(t, dir, scan.Options{Rules: []string{"DDB201", "DDB104"}})
	want := map[string]string{
		"aws_dynamodb_table.scratch": "",
		"aws_dynamodb_table.orders":  `the value comes from the default of variable "pitr" (main.tf:3): the fix is there; dynamoguard fix --at-origin changes it`,
		"aws_dax_cluster.cache":      "makes AWS replace aws_dax_cluster.cache; dynamoguard fix --allow-replacement applies it",
	}
	for _, f := range res.Findings {
		w, ok := want[f.Resource.Address]
		if !ok {
			continue
		}
		delete(want, f.Resource.Address)
		if f.Fix != nil {
			t.Errorf("%s has a fix: %s", f.Resource.Address, f.Fix.Description)
		}
		if w == "" && (f.Suppression == nil || f.NoFix != "") {
			t.Errorf("%s: suppression %v, no-fix %q; want suppressed, no reason", f.Resource.Address, f.Suppression, f.NoFix)
		}
		if w != "" && !strings.Contains(f.NoFix, w) {
			t.Errorf("%s: no-fix %q, want %q", f.Resource.Address, f.NoFix, w)
		}
	}
	if len(want) > 0 {
		t.Errorf("no finding for %v", want)
	}
	if len(plan.Changed()) > 0 {
		t.Errorf("the plan changes %v", plan.Changed())
	}
}

// TestKeyChoice checks that a fix naming a customer managed key is offered
// only when the key is unambiguous.
func TestKeyChoice(t *testing.T) {
	dir := t.TempDir()
	src := strings.ReplaceAll(badTable, "%s", "orders") + `
resource "aws_kms_key" "a" {
  enable_key_rotation = true
}

resource "aws_kms_key" "b" {
  enable_key_rotation = true
}
`
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	res, _ := fixTree(t, dir, scan.Options{Rules: []string{"DDB101"}})
	if len(res.Findings) != 1 || res.Findings[0].Fix != nil ||
		res.Findings[0].NoFix != "2 customer managed keys are declared beside aws_dynamodb_table.orders (aws_kms_key.a, aws_kms_key.b); choose one with dynamoguard fix --kms-key ADDRESS|ARN" {
		t.Fatalf("findings = %+v, want one without fix saying two keys are declared", res.Findings)
	}
	res, plan := fixTree(t, dir, scan.Options{Rules: []string{"DDB101"}, FixKMSKey: "aws_kms_key.b"})
	if len(res.Findings) != 1 || res.Findings[0].Fix == nil {
		t.Fatalf("with --kms-key, findings = %+v, want one with a fix", res.Findings)
	}
	plan.Write()
	if got := read(t, filepath.Join(dir, "main.tf")); !strings.Contains(got, "kms_key_arn = aws_kms_key.b.arn") {
		t.Errorf("the fix does not name aws_kms_key.b:\n%s", got)
	}
	res, _ = fixTree(t, dir, scan.Options{Rules: []string{"DDB101"}, FixKMSKey: "aws_kms_key.c"})
	for _, f := range res.Findings {
		t.Errorf("after the fix, %s: %s", f.RuleID, f.Message)
	}
}

// TestUnparsableFixNotWritten checks that a file whose fixed text would
// not parse is not changed, with the parser's reason, while the other
// files are fixed.
func TestUnparsableFixNotWritten(t *testing.T) {
	dir := twoFiles(t)
	res, err := scan.Run(context.Background(), scan.Options{Paths: []string{dir}, Rules: []string{"DDB201"}})
	if err != nil {
		t.Fatal(err)
	}
	broken := 0
	for i := range res.Findings {
		f := &res.Findings[i]
		if f.Fix == nil || f.Range.Filename != "a.tf" {
			continue
		}
		// an edit placed by the scan's positions that opens a block it never closes
		f.Fix.AtOrigin = true
		f.Fix.Edits[0].New += "\n  broken {"
		broken++
	}
	if broken == 0 {
		t.Fatal("no fix of a.tf to break")
	}
	plan := fix.NewPlan(res.Sources, res.Findings, res.FixOptions)
	if got := plan.Changed(); len(got) != 1 || got[0] != "b.tf" {
		t.Errorf("changed = %v, want [b.tf]", got)
	}
	if len(plan.Skipped) != broken || !strings.Contains(plan.Skipped[0].Reason, "the fixed a.tf would not parse") {
		t.Errorf("skipped = %+v, want the %d fixes of a.tf, which would not parse", plan.Skipped, broken)
	}
	written := plan.Write()
	if len(written) != 1 || written[0] != "b.tf" {
		t.Errorf("written = %v, want [b.tf]", written)
	}
	if got := read(t, filepath.Join(dir, "a.tf")); got != strings.ReplaceAll(badTable, "%s", "a") {
		t.Errorf("a.tf was changed:\n%s", got)
	}
}

// TestChangedBeforePlan checks that a file changed between the scan and
// the plan is not fixed: the plan knows it by its digest at the scan.
func TestChangedBeforePlan(t *testing.T) {
	dir := twoFiles(t)
	res, err := scan.Run(context.Background(), scan.Options{Paths: []string{dir}, Rules: []string{"DDB201"}})
	if err != nil {
		t.Fatal(err)
	}
	edited := read(t, filepath.Join(dir, "a.tf")) + "# edited after the scan\n"
	if err := os.WriteFile(filepath.Join(dir, "a.tf"), []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	plan := fix.NewPlan(res.Sources, res.Findings, res.FixOptions)
	if got := plan.Changed(); len(got) != 1 || got[0] != "b.tf" {
		t.Errorf("changed = %v, want [b.tf]", got)
	}
	if len(plan.Skipped) != 1 || !strings.Contains(plan.Skipped[0].Reason, "a.tf changed since the scan") {
		t.Errorf("skipped = %+v, want a.tf changed since the scan", plan.Skipped)
	}
}
