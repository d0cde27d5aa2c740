package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFixCommand(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "main.tf")
	if err := os.WriteFile(file, []byte(insecureTF), 0o644); err != nil {
		t.Fatal(err)
	}

	// --diff prints the fixes and changes nothing; the findings that remain
	// (here DDB101 and DDB601, which have no automatic fix) decide the exit code.
	code, stdout, stderr := run(t, dir, "fix", "--diff", ".")
	if code != ExitFindings {
		t.Errorf("fix --diff exit %d, want %d; stderr:\n%s", code, ExitFindings, stderr)
	}
	for _, want := range []string{"# DDB201 aws_dynamodb_table.orders: set point_in_time_recovery { enabled = true }",
		"--- a/main.tf", "+++ b/main.tf", "+  point_in_time_recovery {", "+  deletion_protection_enabled = true"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("fix --diff output lacks %q:\n%s", want, stdout)
		}
	}
	if !strings.Contains(stderr, "2 fixes to apply, 2 findings remaining") {
		t.Errorf("stderr lacks the tally:\n%s", stderr)
	}
	if b, _ := os.ReadFile(file); string(b) != insecureTF {
		t.Errorf("fix --diff changed main.tf:\n%s", b)
	}

	// In place: only the rules asked for, then the scan no longer reports them.
	code, _, stderr = run(t, "", "fix", "--rule", "DDB201", "--rule", "DDB203", ".")
	if code != ExitClean {
		t.Errorf("fix exit %d, want 0; stderr:\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "fixed main.tf") {
		t.Errorf("stderr lacks the fixed file:\n%s", stderr)
	}
	code, stdout, _ = run(t, "", "scan", "--rule", "DDB201", "--rule", "DDB203", ".")
	if code != ExitClean {
		t.Errorf("scan after fix exit %d, want 0:\n%s", code, stdout)
	}
	before, _ := os.ReadFile(file)
	run(t, "", "fix", ".")
	if after, _ := os.ReadFile(file); string(after) != string(before) {
		t.Errorf("a second fix changed main.tf:\n%s", after)
	}

	// The text report names the command.
	if err := os.WriteFile(file, []byte(insecureTF), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stdout, _ = run(t, "", "scan", "--rule", "DDB201", ".")
	if !strings.Contains(stdout, "  fix: dynamoguard fix --rule DDB201 main.tf\n") {
		t.Errorf("text report lacks the fix command:\n%s", stdout)
	}
}

// A finding located in a plan is never fixed there: the plan is generated,
// and the fix belongs in its configuration.
func TestFixLeavesPlans(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "rules", "testdata", "DDB201", "bad-plan", "plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "plan.json")
	if err := os.WriteFile(file, src, 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := run(t, dir, "fix", ".")
	if code != ExitFindings {
		t.Errorf("fix exit %d, want %d; stderr:\n%s", code, ExitFindings, stderr)
	}
	if !strings.Contains(stderr, "[DDB201] no automatic fix: the finding is in a Terraform plan") {
		t.Errorf("stderr does not say why the plan is not fixed:\n%s", stderr)
	}
	if b, _ := os.ReadFile(file); string(b) != string(src) {
		t.Error("fix changed the plan")
	}
}
