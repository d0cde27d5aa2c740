package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dynamoguard/dynamoguard/model"
	"github.com/dynamoguard/dynamoguard/rules"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// rng is a range in a file named relative to the scan root, as the
// pipeline names every file.
func rng(file string, l1, c1, l2, c2 int) model.Range {
	return model.Range{
		Filename: file,
		Start:    model.Pos{Line: l1, Column: c1, Byte: -1},
		End:      model.Pos{Line: l2, Column: c2, Byte: -1},
	}
}

// dirs returns the absolute scan root, testdata/project, and the working
// directory, the package's folder: the text report names files as
// testdata/project/….
func dirs(t *testing.T) (root, cwd string) {
	t.Helper()
	cwd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(cwd, "testdata", "project"), cwd
}

func testRules() []*rules.Rule {
	return []*rules.Rule{
		{ID: "DDB101", Name: "table-aws-owned-key", Title: "Table encrypted only with the AWS-owned key",
			Severity: rules.Medium, CWE: "CWE-311", Precision: "very-high"},
		{ID: "DDB201", Name: "pitr-disabled", Title: "Point-in-time recovery disabled",
			Severity: rules.Medium, CWE: "CWE-693", Precision: "very-high"},
		{ID: "DDB301", Name: "export-bucket-public", Title: "Export bucket open to everyone",
			Severity: rules.Critical, CWE: "CWE-284", Precision: "high"},
	}
}

// testScan is a scan of testdata/project with findings (one in a module,
// with related locations), a check not made, diagnostics and input not
// analysed.
func testScan(t *testing.T) *Scan {
	t.Helper()
	root, cwd := dirs(t)
	orders := model.Resource{Kind: model.Terraform, Type: "aws_dynamodb_table",
		Address: "aws_dynamodb_table.orders", Range: rng("main.tf", 5, 1, 5, 39)}
	users := model.Resource{Kind: model.CloudFormation, Type: "AWS::DynamoDB::Table",
		Address: "Users", Range: rng("template.yaml", 3, 3, 3, 8)}
	call := model.Call{Address: "module.db", Range: rng("main.tf", 20, 1, 20, 12)}
	inModule := model.Resource{Kind: model.Terraform, Type: "aws_dynamodb_table",
		Address: `module.db.aws_dynamodb_table.this["a"]`, Range: rng("modules/db/main.tf", 6, 1, 6, 37), Scope: ".",
		CalledFrom: []model.Call{call}}
	return &Scan{
		Root:  root,
		Cwd:   cwd,
		Rules: testRules(),
		Result: rules.Result{
			Findings: []rules.Finding{
				{RuleID: "DDB101", Severity: rules.Medium, Resource: orders,
					Attribute: "server_side_encryption.enabled", Range: orders.Range,
					Message: `table "orders" is encrypted only with the AWS-owned key, so key use cannot be audited or revoked; ` +
						`add server_side_encryption { enabled = true, kms_key_arn = <CMK ARN> }`},
				{RuleID: "DDB201", Severity: rules.Medium, Resource: inModule,
					Attribute: "point_in_time_recovery.enabled", Range: rng("modules/db/main.tf", 12, 15, 12, 23),
					Message: `table module.db.aws_dynamodb_table.this["a"] has point_in_time_recovery.enabled set to false ` +
						`(from input "pitr" of module.db (main.tf:22)), so deleted items cannot be restored; pass pitr = true to module.db`,
					Related: []model.Related{
						{Range: call.Range, Message: "called from module.db"},
						{Range: rng("main.tf", 22, 12, 22, 17), Message: `value from input "pitr" of module.db (main.tf:22)`},
					},
					Fix: &rules.SuggestedFix{
						Description: `set input "pitr" of module.db (main.tf:22) to true`,
						Edits: []rules.TextEdit{{Range: model.Range{Filename: "main.tf",
							Start: model.Pos{Line: 22, Column: 12, Byte: 389}, End: model.Pos{Line: 22, Column: 17, Byte: 394}},
							Old: "false", New: "true"}},
						AtOrigin: true,
						Notes:    []string{`changes input "pitr" of module.db: every resource of that module instance that reads var.pitr changes too`},
					}},
				{RuleID: "DDB101", Severity: rules.Medium, Resource: users,
					Attribute: "SSESpecification.SSEEnabled", Range: rng("template.yaml", 8, 21, 8, 26),
					Message: `table "Users" has SSESpecification.SSEEnabled false, so key use cannot be audited or revoked; ` +
						`set SSEEnabled: true and KMSMasterKeyId to a CMK`},
			},
			Skipped: []rules.Skipped{
				{RuleIDs: []string{"DDB201"}, Resource: orders, Attribute: "point_in_time_recovery.enabled",
					Range: rng("main.tf", 16, 12, 16, 20), Reason: "var.pitr has no value"},
				{RuleIDs: []string{"DDB101", "DDB102"}, Resource: orders, Attribute: "server_side_encryption.kms_key_arn",
					Range: rng("main.tf", 22, 19, 22, 30), Reason: "var.key has no value"},
			},
		},
		Diagnostics: model.Diagnostics{
			{Severity: model.DiagWarning, Summary: "unsupported transform",
				Detail:  "AWS::Include is not expanded; the included resources are not analysed.",
				Subject: rng("template.yaml", 1, 1, 1, 25)},
			{Severity: model.DiagError, Summary: "invalid expression",
				Detail:  "Expected the start of an expression, but found an invalid token.",
				Subject: rng("broken.tf", 3, 5, 3, 6)},
		},
		Files: []model.File{
			{Path: "broken.tf", Kind: model.Terraform},
			{Path: "main.tf", Kind: model.Terraform, Parsed: true},
			{Path: "modules/db/main.tf", Kind: model.Terraform, Parsed: true},
			{Path: "template.yaml", Kind: model.CloudFormation, Parsed: true},
		},
		NotAnalysed: []model.NotAnalysed{
			{Range: rng("main.tf", 25, 1, 25, 16), What: "module.remote",
				Reason: `remote module source "git::https://example.com/m.git" is not fetched`},
		},
		Version: "0.1.0",
	}
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (-want +got):\n%s", path, diff)
	}
}

func text(t *testing.T, s *Scan, opts TextOptions) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := WriteText(&b, s, opts); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func jsonOut(t *testing.T, s *Scan) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := WriteJSON(&b, s); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestWriteTextGolden(t *testing.T) {
	golden(t, "scan.txt", text(t, testScan(t), TextOptions{Source: os.ReadFile, Context: 1}))
}

func TestWriteTextColorGolden(t *testing.T) {
	golden(t, "scan_color.txt", text(t, testScan(t), TextOptions{Color: true, Source: os.ReadFile}))
}

func TestWriteTextContent(t *testing.T) {
	got := string(text(t, testScan(t), TextOptions{Source: os.ReadFile}))
	for _, want := range []string{
		"testdata/project/main.tf:5:1: medium [DDB101] table \"orders\" is encrypted",
		"  5 | resource \"aws_dynamodb_table\" \"orders\" {\n    | ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n",
		"  resource: aws_dynamodb_table.orders   docs: " + rules.DocsBaseURL + "DDB101.md\n",
		"  8 |         SSEEnabled: false\n    |                     ^~~~~\n",
		"testdata/project/broken.tf:3:5: error: invalid expression: Expected the start",
		"not analysed:\n  testdata/project/main.tf:16:12: [DDB201] aws_dynamodb_table.orders point_in_time_recovery.enabled: var.pitr has no value\n",
		"  testdata/project/main.tf:25:1: module.remote: remote module source",
		"\n3 findings (critical 0, high 0, medium 3, low 0, note 0) in 4 files; 2 diagnostics; 2 checks not analysed; 1 input not analysed\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("text report lacks %q; got:\n%s", want, got)
		}
	}
	if strings.Contains(got, "\x1b") {
		t.Error("text report has escape sequences although Color is off")
	}
}

func TestWriteTextNoSource(t *testing.T) {
	got := string(text(t, testScan(t), TextOptions{}))
	if strings.Contains(got, " | ") {
		t.Errorf("snippets written without a Source:\n%s", got)
	}
	if strings.Contains(got, "\x1b") {
		t.Error("the zero TextOptions wrote colours")
	}
}

func TestWriteTextColor(t *testing.T) {
	got := string(text(t, testScan(t), TextOptions{Color: true}))
	if !strings.Contains(got, ansiYellow+"medium"+ansiReset) {
		t.Errorf("severity not coloured:\n%q", got)
	}
}

func TestWriteTextFindingsOnly(t *testing.T) {
	s := testScan(t)
	s.Diagnostics, s.NotAnalysed, s.Result.Skipped = nil, nil, nil
	got := string(text(t, s, TextOptions{}))
	if !strings.Contains(got, "DDB101.md\n\n3 findings") || strings.Contains(got, "\n\n\n") {
		t.Errorf("expected exactly one blank line before the summary:\n%s", got)
	}
}

func TestWriteTextEmpty(t *testing.T) {
	got := string(text(t, &Scan{}, TextOptions{Source: os.ReadFile}))
	want := "0 findings (critical 0, high 0, medium 0, low 0, note 0) in 0 files; 0 diagnostics; 0 checks not analysed\n"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestWriteTextEscapesControlCharacters(t *testing.T) {
	s := testScan(t)
	s.Result.Findings[0].Message = "evil \x1b]0;title\x07 message"
	src := func(string) ([]byte, error) { return []byte("a\x1b[2Jb\n"), nil }
	s.Result.Findings[0].Range = rng("x.tf", 1, 1, 1, 2)
	got := string(text(t, s, TextOptions{Source: src}))
	if strings.Contains(got, "\x1b") || strings.Contains(got, "\x07") {
		t.Errorf("control characters reached the output: %q", got)
	}
}

func TestWriteJSONGolden(t *testing.T) {
	golden(t, "scan.json", jsonOut(t, testScan(t)))
}

func TestWriteJSONContent(t *testing.T) {
	var doc struct {
		Version  string
		Findings []map[string]any
		Summary  struct {
			Files, Findings, Diagnostics int
			NotAnalysed                  int            `json:"not_analysed"`
			BySeverity                   map[string]int `json:"by_severity"`
		}
		NotAnalysed []map[string]any `json:"not_analysed"`
	}
	out := jsonOut(t, testScan(t))
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != JSONVersion || len(doc.Findings) != 3 || doc.Summary.Files != 4 ||
		doc.Summary.Findings != 3 || doc.Summary.BySeverity["medium"] != 3 ||
		doc.Summary.Diagnostics != 2 || doc.Summary.NotAnalysed != 3 || len(doc.NotAnalysed) != 3 {
		t.Errorf("unexpected document:\n%s", out)
	}
	f := doc.Findings[0]
	if f["file"] != "main.tf" || f["rule_name"] != "table-aws-owned-key" || f["start_line"] != 5.0 {
		t.Errorf("unexpected first finding: %v", f)
	}
	if f := doc.Findings[1]; f["file"] != "modules/db/main.tf" {
		t.Errorf("the finding in the module is in %v, want the root-relative modules/db/main.tf", f["file"])
	}
	if !bytes.HasSuffix(out, []byte("}\n")) {
		t.Error("no trailing newline")
	}
	empty := string(jsonOut(t, &Scan{}))
	for _, key := range []string{`"findings": []`, `"diagnostics": []`, `"not_analysed": []`, `"rules": []`} {
		if !strings.Contains(empty, key) {
			t.Errorf("empty scan lacks %s:\n%s", key, empty)
		}
	}
}

func TestDeterministic(t *testing.T) {
	for name, write := range map[string]func() []byte{
		"text": func() []byte { return text(t, testScan(t), TextOptions{Source: os.ReadFile, Context: 2}) },
		"json": func() []byte { return jsonOut(t, testScan(t)) },
	} {
		if a, b := write(), write(); !bytes.Equal(a, b) {
			t.Errorf("%s: two runs differ", name)
		}
	}
	// Diagnostics and NotAnalysed are sorted by the writers, whatever the
	// order the parsers produced them in.
	s := testScan(t)
	s.Diagnostics[0], s.Diagnostics[1] = s.Diagnostics[1], s.Diagnostics[0]
	if !bytes.Equal(jsonOut(t, s), jsonOut(t, testScan(t))) {
		t.Error("diagnostic order leaks into the JSON output")
	}
	if s.Diagnostics[0].Summary != "invalid expression" {
		t.Error("the writer reordered the caller's diagnostics")
	}
}

func TestDisplayPath(t *testing.T) {
	abs := func(p string) string { return filepath.FromSlash(p) }
	for _, tc := range []struct{ root, cwd, name, want string }{
		{"/r", "/r", "main.tf", "main.tf"},
		{"/r/infra", "/r", "db/main.tf", abs("infra/db/main.tf")},
		{"/r", "/r/infra", "main.tf", abs("../main.tf")},
		{"/r", "/r/infra", "infra/a b#1.tf", "a b#1.tf"},
		{"/r", "/r", "/r/vars/prod.tfvars", abs("vars/prod.tfvars")},
		{"/r", "/r", "/elsewhere/prod.tfvars", "/elsewhere/prod.tfvars"},
		{"/r", "", "main.tf", "main.tf"},
		{"", "/r", "main.tf", "main.tf"},
		{"/r", "/r", "", ""},
	} {
		s := &Scan{Root: abs(tc.root), Cwd: abs(tc.cwd)}
		if got := s.DisplayPath(tc.name); got != tc.want {
			t.Errorf("Root %q, Cwd %q: DisplayPath(%q) = %q, want %q", tc.root, tc.cwd, tc.name, got, tc.want)
		}
	}
}

// TestTextPathsFromCwd checks that the text report names files relative to
// the working directory, wherever it is, and still finds their source.
func TestTextPathsFromCwd(t *testing.T) {
	root, _ := dirs(t)
	var read []string
	src := func(path string) ([]byte, error) {
		read = append(read, path)
		return os.ReadFile(path)
	}
	for cwd, want := range map[string][]string{
		root: {"main.tf:5:1: medium [DDB101]", "modules/db/main.tf:12:15: medium [DDB201]",
			"  called from module.db (main.tf:20:1)\n"},
		filepath.Join(root, "modules"): {"../main.tf:5:1: medium [DDB101]", "db/main.tf:12:15: medium [DDB201]",
			"  called from module.db (../main.tf:20:1)\n", "  ../main.tf:16:12: [DDB201]"},
	} {
		read = nil
		s := testScan(t)
		s.Cwd = cwd
		got := string(text(t, s, TextOptions{Source: src}))
		for _, w := range append(want, "  5 | resource \"aws_dynamodb_table\" \"orders\" {\n", "  12 |     enabled = var.pitr\n") {
			if !strings.Contains(got, w) {
				t.Errorf("Cwd %s: text report lacks %q:\n%s", cwd, w, got)
			}
		}
		for _, p := range read {
			if !filepath.IsAbs(p) || !strings.HasPrefix(p, root) {
				t.Errorf("Cwd %s: Source was given %q, not a path under the root", cwd, p)
			}
		}
	}
}

func TestWriteTextRelated(t *testing.T) {
	got := string(text(t, testScan(t), TextOptions{Source: os.ReadFile}))
	want := "testdata/project/modules/db/main.tf:12:15: medium [DDB201] table module.db.aws_dynamodb_table.this[\"a\"] has " +
		"point_in_time_recovery.enabled set to false (from input \"pitr\" of module.db (main.tf:22)), so deleted items " +
		"cannot be restored; pass pitr = true to module.db\n" +
		"  12 |     enabled = var.pitr\n" +
		"     |               ^~~~~~~~\n" +
		"  called from module.db (testdata/project/main.tf:20:1)\n" +
		"  value from input \"pitr\" of module.db (testdata/project/main.tf:22:12)\n" +
		"  fix: dynamoguard fix --rule DDB201 --at-origin testdata/project\n" +
		"  resource: module.db.aws_dynamodb_table.this[\"a\"]   docs: " + rules.DocsBaseURL + "DDB201.md\n"
	if !strings.Contains(got, want) {
		t.Errorf("text report lacks the finding with its related locations:\n%s\nwant:\n%s", got, want)
	}
	if strings.Count(got, "called from") != 1 {
		t.Errorf("related locations shown under other findings:\n%s", got)
	}
}

func TestWriteJSONRelated(t *testing.T) {
	var doc struct {
		Findings []map[string]json.RawMessage
	}
	if err := json.Unmarshal(jsonOut(t, testScan(t)), &doc); err != nil {
		t.Fatal(err)
	}
	if _, ok := doc.Findings[0]["related"]; ok {
		t.Error("a finding without related locations has a related key")
	}
	var related []map[string]any
	if err := json.Unmarshal(doc.Findings[1]["related"], &related); err != nil {
		t.Fatal(err)
	}
	want := []map[string]any{
		{"message": "called from module.db", "file": "main.tf",
			"start_line": 20.0, "start_column": 1.0, "end_line": 20.0, "end_column": 12.0},
		{"message": `value from input "pitr" of module.db`, "file": "main.tf",
			"start_line": 22.0, "start_column": 12.0, "end_line": 22.0, "end_column": 17.0},
	}
	if diff := cmp.Diff(want, related); diff != "" {
		t.Errorf("related (-want +got):\n%s", diff)
	}
}

func TestRelatedMessage(t *testing.T) {
	at := rng("variables.tf", 3, 1, 3, 9)
	for msg, want := range map[string]string{
		`value from the default of variable "pitr" (variables.tf:3)`: `value from the default of variable "pitr"`,
		`value from the default of variable "pitr" (variables.tf:4)`: `value from the default of variable "pitr" (variables.tf:4)`,
		`value from the default of variable "pitr" (other.tf:3)`:     `value from the default of variable "pitr" (other.tf:3)`,
		`called from module.db["a"]`:                                 `called from module.db["a"]`,
		` (variables.tf:3)`:                                          ` (variables.tf:3)`,
	} {
		if got := RelatedMessage(model.Related{Range: at, Message: msg}); got != want {
			t.Errorf("RelatedMessage(%q) = %q, want %q", msg, got, want)
		}
	}
}

// TestFingerprint checks that the writers use the pipeline's fingerprint,
// and compute it when a finding has none.
func TestFingerprint(t *testing.T) {
	s := testScan(t)
	s.Result.Findings[1].Fingerprint = "0123456789abcdef0123456789abcdef"
	var doc struct {
		Findings []struct{ Fingerprint string }
	}
	if err := json.Unmarshal(jsonOut(t, s), &doc); err != nil {
		t.Fatal(err)
	}
	if got, want := doc.Findings[0].Fingerprint, s.Result.Findings[0].ComputeFingerprint(); got != want || len(got) != 32 {
		t.Errorf("finding without fingerprint: %q, want the computed %q", got, want)
	}
	if got := doc.Findings[1].Fingerprint; got != s.Result.Findings[1].Fingerprint {
		t.Errorf("finding with fingerprint: %q, want the pipeline's %q", got, s.Result.Findings[1].Fingerprint)
	}
}

func TestUnderline(t *testing.T) {
	one := func(c1, l2, c2 int) model.Range {
		return model.Range{Start: model.Pos{Line: 1, Column: c1}, End: model.Pos{Line: l2, Column: c2}}
	}
	for _, tc := range []struct {
		line string
		r    model.Range
		want string
	}{
		{"abc def", one(5, 1, 8), "    ^~~"},
		{"abc def", one(5, 1, 5), "    ^"},
		{"abc def  ", one(1, 3, 1), "^~~~~~~"},
		{"\tx = 1", one(2, 1, 3), "\t^"},
		{"ab", one(3, 1, 9), "  ^"},
		{"ab", one(4, 1, 9), ""},
		{"ab", one(0, 1, 9), ""},
	} {
		if got := underline(tc.line, tc.r); got != tc.want {
			t.Errorf("underline(%q, %v) = %q, want %q", tc.line, tc.r, got, tc.want)
		}
	}
}

// TestDeterministicTies checks that entries that tie on position and
// summary are still written in one order, whatever order they came in.
func TestDeterministicTies(t *testing.T) {
	at := rng("main.tf", 3, 1, 3, 9)
	longer := rng("main.tf", 3, 1, 4, 2)
	diags := model.Diagnostics{
		{Severity: model.DiagWarning, Summary: "cannot read", Detail: "b.", Subject: at},
		{Severity: model.DiagWarning, Summary: "cannot read", Detail: "a.", Subject: at},
		{Severity: model.DiagError, Summary: "cannot read", Detail: "c.", Subject: at},
		{Severity: model.DiagWarning, Summary: "cannot read", Detail: "d.", Subject: longer},
	}
	na := []model.NotAnalysed{
		{Range: at, What: "module.x", Reason: "b"},
		{Range: at, What: "module.x", Reason: "a"},
		{Range: longer, What: "module.x", Reason: "c"},
	}
	out := func(reverse bool) []byte {
		root, cwd := dirs(t)
		s := &Scan{Root: root, Cwd: cwd, Diagnostics: append(model.Diagnostics(nil), diags...),
			NotAnalysed: append([]model.NotAnalysed(nil), na...)}
		if reverse {
			slices.Reverse(s.Diagnostics)
			slices.Reverse(s.NotAnalysed)
		}
		return append(jsonOut(t, s), text(t, s, TextOptions{})...)
	}
	if a, b := out(false), out(true); !bytes.Equal(a, b) {
		t.Errorf("the input order shows in the output:\n%s\n---\n%s", a, b)
	}
}

// TestWriteTextEncodings checks the snippets of files with a byte order
// mark: UTF-8 (the mark is not a column) and UTF-16 (converted).
func TestWriteTextEncodings(t *testing.T) {
	const line = "Orders: {}"
	utf16le := []byte{0xFF, 0xFE}
	for _, c := range line + "\n" {
		utf16le = append(utf16le, byte(c), 0)
	}
	for name, data := range map[string][]byte{
		"utf-8":  []byte("\uFEFF" + line + "\n"),
		"utf-16": utf16le,
	} {
		s := testScan(t)
		s.Diagnostics, s.NotAnalysed, s.Result.Skipped = nil, nil, nil
		s.Result.Findings = s.Result.Findings[:1]
		s.Result.Findings[0].Range = rng("t.yaml", 1, 1, 1, 7)
		src := func(string) ([]byte, error) { return data, nil }
		got := string(text(t, s, TextOptions{Source: src}))
		if want := "  1 | " + line + "\n    | ^~~~~~\n"; !strings.Contains(got, want) {
			t.Errorf("%s: snippet lacks %q:\n%s", name, want, got)
		}
	}
}
