package wanttest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dynamoguard/dynamoguard/rules"
)

// recorder collects what the checks report instead of failing the test.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func files(m map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, data := range m {
		fsys[name] = &fstest.MapFile{Data: []byte(data), Mode: 0o644}
	}
	return fsys
}

// checkFS runs CheckFS on a recorder and returns what it reported.
func checkFS(t *testing.T, m map[string]string, set ...*rules.Rule) []string {
	t.Helper()
	r := &recorder{TB: t}
	CheckFS(r, files(m), set)
	return r.errs
}

func describe(exps []Expectation) string {
	var out []string
	for _, e := range exps {
		s := fmt.Sprintf("%d %s %s", e.Line, e.Kind, e.Pattern)
		if e.File != "" {
			s = e.File + ":" + s
		}
		if e.Column > 0 {
			s += fmt.Sprintf(" col=%d", e.Column)
		}
		out = append(out, s)
	}
	return strings.Join(out, "|")
}

func TestMarkers(t *testing.T) {
	src := "a # want \"X\" \"Y\"\nb\nc // skip \"Z\"\nd # diag \"warning Dup.*\"\ne # want col=5 \"DDB101\" \"DDB102\"\nf //diag col=12 \"error\"\n"
	exps, err := Markers([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := "1 want X|1 want Y|3 skip Z|4 diag warning Dup.*|5 want DDB101 col=5|5 want DDB102 col=5|6 diag error col=12"
	if got := describe(exps); got != want {
		t.Errorf("Markers = %q, want %q", got, want)
	}
	for _, bad := range []string{
		`x # want "("`,            // not a regexp
		`x # want col=x "DDB101"`, // not a column
		`x # want col=0 "DDB101"`, // columns start at 1
		`x # diag "unterminated`,  // no closing quote
		`x # want "A" col=5 "B"`,  // col after a pattern
		`x # want "A" and more`,   // text after the marker
	} {
		if _, err := Markers([]byte(bad)); err == nil {
			t.Errorf("Markers(%q) accepted a malformed marker", bad)
		}
	}
	// Comments that merely use the words are not markers.
	if exps, err := Markers([]byte("# want to keep this\n// skip ahead\nd = \"# want\"\n")); err != nil || len(exps) > 0 {
		t.Errorf("Markers on plain comments = %v, %v; want none", exps, err)
	}
}

func TestSidecar(t *testing.T) {
	exps, err := Sidecar([]byte("# comment\n3 want \"DDB101\"\n\n7 skip \"DDB102\" \"DDB103\"\n9 col=5 want \"DDB201\"\n0 diag \"error cannot read\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := "3 want DDB101|7 skip DDB102|7 skip DDB103|9 want DDB201 col=5|0 diag error cannot read"
	if got := describe(exps); got != want {
		t.Errorf("Sidecar = %q, want %q", got, want)
	}
	for _, bad := range []string{"want DDB101\n", "3 want DDB101\n", "3 want col=5 \"DDB101\"\n", "3 note \"x\"\n"} {
		if _, err := Sidecar([]byte(bad)); err == nil {
			t.Errorf("Sidecar(%q) accepted a malformed line", bad)
		}
	}
}

func TestExpectations(t *testing.T) {
	exps, err := Expectations(files(map[string]string{
		"main.tf":                 "a\nb # want \"DDB201\"\n",
		"sub/template.json":       "{}\n",
		"sub/template.json.want":  "1 col=1 diag \"error\"\n",
		"modules/table/tables.tf": "# skip \"DDB201\"\n",
	}))
	if err != nil {
		t.Fatal(err)
	}
	want := "main.tf:2 want DDB201|modules/table/tables.tf:1 skip DDB201|sub/template.json:1 diag error col=1"
	if got := describe(exps); got != want {
		t.Errorf("Expectations = %q, want %q", got, want)
	}
	if _, err := Expectations(files(map[string]string{"gone.json.want": "1 want \"x\"\n"})); err == nil {
		t.Error("a sidecar without its file was accepted")
	}
}

// table is a Terraform table whose PITR comes from expr.
func table(name, expr, marker string) string {
	return fmt.Sprintf(`resource "aws_dynamodb_table" %q {
  name     = %q
  hash_key = "pk"

  attribute {
    name = "pk"
    type = "S"
  }

  point_in_time_recovery {
    enabled = %s %s
  }
}
`, name, name, expr, marker)
}

const pitrOff = `Resources:
  Orders: # want "DDB201 table Orders"
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
`

// TestFolder checks that a case is one scan: the variable declared in one
// file, set in terraform.tfvars and used in two others, and a template in a
// subfolder, with markers in every file that is reported on.
func TestFolder(t *testing.T) {
	folder := map[string]string{
		"variables.tf":          "variable \"pitr\" {\n  type = bool\n}\n",
		"terraform.tfvars":      "pitr = false\n",
		"orders.tf":             table("orders", "var.pitr", `# want "DDB201 table aws_dynamodb_table.orders .*set to false"`),
		"customers.tf":          table("customers", "var.pitr", `# want col=15 "DDB201 table aws_dynamodb_table.customers"`),
		"stack/template.yaml":   pitrOff,
		"stack/ignored.json":    `{"not": "a template"}`,
		"stack/ignored.json.md": "a file the scanner ignores",
	}
	if errs := checkFS(t, folder, rules.TablePITR); len(errs) > 0 {
		t.Errorf("CheckFS on a folder with met markers reported %v", errs)
	}
	// Without terraform.tfvars the variable is unknown: both findings are
	// missing and two checks are skipped without a marker.
	delete(folder, "terraform.tfvars")
	errs := checkFS(t, folder, rules.TablePITR)
	if len(errs) != 4 {
		t.Errorf("CheckFS without the tfvars reported %d errors, want 4:\n%s", len(errs), strings.Join(errs, "\n"))
	}
	for _, e := range errs {
		if !strings.Contains(e, "unexpected skip") && !strings.Contains(e, "expected want") {
			t.Errorf("unexpected error %q", e)
		}
	}
}

func TestUnexpectedFinding(t *testing.T) {
	errs := checkFS(t, map[string]string{"main.tf": table("t", "false", "")}, rules.TablePITR)
	if len(errs) != 1 || !strings.Contains(errs[0], "main.tf:11:15: unexpected want: DDB201 table aws_dynamodb_table.t") {
		t.Errorf("CheckFS without markers reported %v, want one unexpected finding at main.tf:11:15", errs)
	}
	// A marker in the wrong file is unmet, and the finding unexpected.
	errs = checkFS(t, map[string]string{
		"main.tf":  table("t", "false", ""),
		"other.tf": "\n\n\n\n\n\n\n\n\n\n# want \"DDB201\"\n",
	}, rules.TablePITR)
	if len(errs) != 2 || !strings.Contains(errs[0], "main.tf:11:15: unexpected want") || !strings.Contains(errs[1], "other.tf:11: expected want") {
		t.Errorf("CheckFS with the marker in another file reported %v", errs)
	}
}

func TestColumn(t *testing.T) {
	set := []*rules.Rule{rules.TablePITR}
	if errs := checkFS(t, map[string]string{"main.tf": table("t", "false", `# want col=15 "DDB201"`)}, set...); len(errs) > 0 {
		t.Errorf("the right column reported %v", errs)
	}
	errs := checkFS(t, map[string]string{"main.tf": table("t", "false", `# want col=5 "DDB201"`)}, set...)
	if len(errs) != 1 || !strings.Contains(errs[0], "main.tf:11: want \"DDB201\" matched at column 15, want column 5") {
		t.Errorf("a column mismatch reported %v, want one error naming both columns", errs)
	}
	// A column marker gets the result at its column even when a looser
	// marker on the line comes first.
	errs = checkFS(t, map[string]string{"main.tf": table("t", "false", `# want "DDB201" # want col=15 "DDB201"`)}, set...)
	if len(errs) != 1 || !strings.Contains(errs[0], `main.tf:11: expected want "DDB201", got none`) {
		t.Errorf("two markers for one finding reported %v, want the loose one unmet", errs)
	}
}

func TestDiagnostics(t *testing.T) {
	// A parse error without a marker fails the check.
	errs := checkFS(t, map[string]string{"main.tf": "resource {"})
	if len(errs) != 1 || !strings.Contains(errs[0], "main.tf:1:10: unexpected diag: error ") {
		t.Errorf("broken input without a marker reported %v, want an unexpected diagnostic", errs)
	}
	// A diag marker expects it; the pattern sees "severity summary: detail".
	if errs := checkFS(t, map[string]string{"main.tf": "resource { # diag col=10 \"^error Unclosed configuration block: There is no closing brace\"\n"}); len(errs) > 0 {
		t.Errorf("a met diag marker reported %v", errs)
	}
	// A diag marker that nothing produces fails.
	errs = checkFS(t, map[string]string{"main.tf": table("t", "true", `# diag "warning"`)}, rules.TablePITR)
	if len(errs) != 1 || !strings.Contains(errs[0], `main.tf:11: expected diag "warning", got none`) {
		t.Errorf("a missing diagnostic reported %v", errs)
	}
	// JSON expects its diagnostics in the sidecar.
	bad := "{\"Resources\": {\"T\": {\"Type\": \"AWS::DynamoDB::Table\", \"Properties\": {\"SSESpecification\": [}}}}\n"
	errs = checkFS(t, map[string]string{"template.json": bad})
	if len(errs) == 0 || !strings.Contains(errs[0], "unexpected diag") {
		t.Fatalf("broken JSON without a sidecar reported %v, want an unexpected diagnostic", errs)
	}
	line := strings.SplitN(strings.SplitN(errs[0], "template.json:", 2)[1], ":", 2)[0]
	if errs := checkFS(t, map[string]string{"template.json": bad, "template.json.want": line + " diag \"^error \"\n"}); len(errs) > 0 {
		t.Errorf("a met sidecar diag reported %v", errs)
	}
}

func TestCheck(t *testing.T) {
	set := []*rules.Rule{rules.TablePITR}
	src := table("t", "false", `# want "DDB201 table aws_dynamodb_table.t"`)
	want, err := Markers([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	r := &recorder{TB: t}
	Check(r, "main.tf", []byte(src), want, set)
	if len(r.errs) > 0 {
		t.Errorf("Check on matching markers reported %v", r.errs)
	}
	r = &recorder{TB: t}
	Check(r, "main.tf", []byte(src), nil, set)
	if len(r.errs) != 1 || !strings.Contains(r.errs[0], "unexpected want: DDB201") {
		t.Errorf("Check without markers reported %v, want one unexpected finding", r.errs)
	}
}

func TestCases(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{
		"DDB201/bad-terraform/main.tf",
		"DDB201/bad-terraform/modules/table/main.tf",
		"DDB201/doc/bad.tf",
		"DDB201/group/nested/template.yaml",
	} {
		p = filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cases, err := Cases(filepath.Join(dir, "DDB201"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range cases {
		cases[i] = filepath.ToSlash(strings.TrimPrefix(cases[i], dir+string(filepath.Separator)))
	}
	if got, want := strings.Join(cases, " "), "DDB201/bad-terraform DDB201/doc DDB201/group/nested"; got != want {
		t.Errorf("Cases = %q, want %q", got, want)
	}
}
