package rules_test

import (
	"os"
	"strings"
	"testing"

	"github.com/dynamoguard/dynamoguard/model"
	"github.com/dynamoguard/dynamoguard/parser"
	"github.com/dynamoguard/dynamoguard/rules"
)

// TestRequireBackupPlan checks that DDB204 reports a table of a project
// without any backup plan only when require_backup_plan is set.
func TestRequireBackupPlan(t *testing.T) {
	proj, diags := parser.LoadFS(parser.Input{FS: os.DirFS("testdata/settings/require-backup-plan"), Paths: []string{"."}},
		parser.Options{Workers: 1})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	model.Link(proj)
	for _, require := range []bool{false, true} {
		res := rules.Run(proj, rules.Options{Rules: []*rules.Rule{rules.TableNotInBackupPlan},
			Settings: rules.Settings{RequireBackupPlan: require}})
		if !require {
			if len(res.Findings) != 0 {
				t.Errorf("without require_backup_plan: %d findings, want none", len(res.Findings))
			}
			continue
		}
		if len(res.Findings) != 1 {
			t.Fatalf("with require_backup_plan: %d findings, want 1", len(res.Findings))
		}
		f := res.Findings[0]
		if f.Range.Start.Line != 1 || !strings.Contains(f.Message, "(the project has no backup plan)") {
			t.Errorf("finding at line %d: %s", f.Range.Start.Line, f.Message)
		}
	}
}
