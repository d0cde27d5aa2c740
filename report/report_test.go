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

const root = "testdata/project"

func rng(file string, l1, c1, l2, c2 int) model.Range {
	return model.Range{
		Filename: filepath.Join(root, file),
		Start:    model.Pos{Line: l1, Column: c1, Byte: -1},
		End:      model.Pos{Line: l2, Column: c2, Byte: -1},
	}
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

// testScan is a scan of testdata/project with findings, a check not made,
// diagnostics and input not analysed.
func testScan() *Scan {
	orders := model.Resource{Kind: model.Terraform, Type: "aws_dynamodb_table",
		Address: "aws_dynamodb_table.orders", Range: rng("main.tf", 5, 1, 5, 39)}
	users := model.Resource{Kind: model.CloudFormation, Type: "AWS::DynamoDB::Table",
		Address: "Users", Range: rng("template.yaml", 3, 3, 3, 8)}
	return &Scan{
		Root:  root,
		Rules: testRules(),
		Result: rules.Result{
			Findings: []rules.Finding{
				{RuleID: "DDB101", Severity: rules.Medium, Resource: orders,
					Attribute: "server_side_encryption.enabled", Range: orders.Range,
					Message: `table "orders" is encrypted only with the AWS-owned key, so key use cannot be audited or revoked; ` +
						`add server_side_encryption { enabled = true, kms_key_arn = <CMK ARN> }`},
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
			{Path: filepath.Join(root, "broken.tf"), Kind: model.Terraform},
			{Path: filepath.Join(root, "main.tf"), Kind: model.Terraform, Parsed: true},
			{Path: filepath.Join(root, "template.yaml"), Kind: model.CloudFormation, Parsed: true},
		},
		NotAnalysed: []model.NotAnalysed{
			{Range: rng("main.tf", 20, 1, 20, 16), What: "module.remote",
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
	golden(t, "scan.txt", text(t, testScan(), TextOptions{Source: os.ReadFile, Context: 1}))
}

func TestWriteTextColorGolden(t *testing.T) {
	golden(t, "scan_color.txt", text(t, testScan(), TextOptions{Color: true, Source: os.ReadFile}))
}

func TestWriteTextContent(t *testing.T) {
	got := string(text(t, testScan(), TextOptions{Source: os.ReadFile}))
	for _, want := range []string{
		"testdata/project/main.tf:5:1: medium [DDB101] table \"orders\" is encrypted",
		"  5 | resource \"aws_dynamodb_table\" \"orders\" {\n    | ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n",
		"  resource: aws_dynamodb_table.orders   docs: " + rules.DocsBaseURL + "DDB101.md\n",
		"  8 |         SSEEnabled: false\n    |                     ^~~~~\n",
		"testdata/project/broken.tf:3:5: error: invalid expression: Expected the start",
		"not analysed:\n  testdata/project/main.tf:16:12: [DDB201] aws_dynamodb_table.orders point_in_time_recovery.enabled: var.pitr has no value\n",
		"  testdata/project/main.tf:20:1: module.remote: remote module source",
		"\n2 findings (critical 0, high 0, medium 2, low 0, note 0) in 3 files; 2 diagnostics; 2 checks not analysed; 1 input not analysed\n",
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
	got := string(text(t, testScan(), TextOptions{}))
	if strings.Contains(got, " | ") {
		t.Errorf("snippets written without a Source:\n%s", got)
	}
	if strings.Contains(got, "\x1b") {
		t.Error("the zero TextOptions wrote colours")
	}
}

func TestWriteTextColor(t *testing.T) {
	got := string(text(t, testScan(), TextOptions{Color: true}))
	if !strings.Contains(got, ansiYellow+"medium"+ansiReset) {
		t.Errorf("severity not coloured:\n%q", got)
	}
}

func TestWriteTextFindingsOnly(t *testing.T) {
	s := testScan()
	s.Diagnostics, s.NotAnalysed, s.Result.Skipped = nil, nil, nil
	got := string(text(t, s, TextOptions{}))
	if !strings.Contains(got, "DDB101.md\n\n2 findings") || strings.Contains(got, "\n\n\n") {
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
	s := testScan()
	s.Result.Findings[0].Message = "evil \x1b]0;title\x07 message"
	src := func(string) ([]byte, error) { return []byte("a\x1b[2Jb\n"), nil }
	s.Result.Findings[0].Range = rng("x.tf", 1, 1, 1, 2)
	got := string(text(t, s, TextOptions{Source: src}))
	if strings.Contains(got, "\x1b") || strings.Contains(got, "\x07") {
		t.Errorf("control characters reached the output: %q", got)
	}
}

func TestWriteJSONGolden(t *testing.T) {
	golden(t, "scan.json", jsonOut(t, testScan()))
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
	out := jsonOut(t, testScan())
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != JSONVersion || len(doc.Findings) != 2 || doc.Summary.Files != 3 ||
		doc.Summary.Findings != 2 || doc.Summary.BySeverity["medium"] != 2 ||
		doc.Summary.Diagnostics != 2 || doc.Summary.NotAnalysed != 3 || len(doc.NotAnalysed) != 3 {
		t.Errorf("unexpected document:\n%s", out)
	}
	f := doc.Findings[0]
	if f["file"] != "main.tf" || f["rule_name"] != "table-aws-owned-key" || f["start_line"] != 5.0 {
		t.Errorf("unexpected first finding: %v", f)
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
		"text": func() []byte { return text(t, testScan(), TextOptions{Source: os.ReadFile, Context: 2}) },
		"json": func() []byte { return jsonOut(t, testScan()) },
	} {
		if a, b := write(), write(); !bytes.Equal(a, b) {
			t.Errorf("%s: two runs differ", name)
		}
	}
	// Diagnostics and NotAnalysed are sorted by the writers, whatever the
	// order the parsers produced them in.
	s := testScan()
	s.Diagnostics[0], s.Diagnostics[1] = s.Diagnostics[1], s.Diagnostics[0]
	if !bytes.Equal(jsonOut(t, s), jsonOut(t, testScan())) {
		t.Error("diagnostic order leaks into the JSON output")
	}
	if s.Diagnostics[0].Summary != "invalid expression" {
		t.Error("the writer reordered the caller's diagnostics")
	}
}

func TestRelPath(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ root, file, want string }{
		{"", "main.tf", "main.tf"},
		{".", "./infra/main.tf", "infra/main.tf"},
		{"infra", "infra/db/main.tf", "db/main.tf"},
		{"infra/", "infra/main.tf", "main.tf"},
		{"infra", "other/main.tf", filepath.ToSlash(filepath.Join(wd, "other", "main.tf"))},
		{wd, "/elsewhere/main.tf", "/elsewhere/main.tf"},
		{"infra/main.tf", "infra/main.tf", "main.tf"},
		{wd, filepath.Join(wd, "a", "b.tf"), "a/b.tf"},
		{".", filepath.Join(wd, "a.tf"), "a.tf"},
		{wd, "a.tf", "a.tf"},
		{"x", "", ""},
	} {
		if got := RelPath(tc.root, tc.file); got != tc.want {
			t.Errorf("RelPath(%q, %q) = %q, want %q", tc.root, tc.file, got, tc.want)
		}
	}
}

func TestFingerprint(t *testing.T) {
	f := testScan().Result.Findings[0]
	base := Fingerprint(f, "main.tf")
	if len(base) != 32 {
		t.Errorf("fingerprint %q is not 32 hex digits", base)
	}
	moved := f
	moved.Range.Start.Line += 10
	moved.Range.End.Line += 10
	moved.Resource.Range.Start.Line += 10
	moved.Message = "reworded"
	if Fingerprint(moved, "main.tf") != base {
		t.Error("fingerprint changed when only the position and message changed")
	}
	for name, g := range map[string]func(*rules.Finding){
		"rule":      func(f *rules.Finding) { f.RuleID = "DDB102" },
		"address":   func(f *rules.Finding) { f.Resource.Address = "aws_dynamodb_table.users" },
		"attribute": func(f *rules.Finding) { f.Attribute = "server_side_encryption.kms_key_arn" },
	} {
		other := f
		g(&other)
		if Fingerprint(other, "main.tf") == base {
			t.Errorf("fingerprint unchanged when the %s changed", name)
		}
	}
	if Fingerprint(f, "other.tf") == base {
		t.Error("fingerprint unchanged when the file changed")
	}
	// Fields are separated: moving text from one to the next matters.
	a, b := f, f
	a.Resource.Address, a.Attribute = "ab", "c"
	b.Resource.Address, b.Attribute = "a", "bc"
	if Fingerprint(a, "x") == Fingerprint(b, "x") {
		t.Error("fingerprint fields are not separated")
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
		s := &Scan{Root: root, Diagnostics: append(model.Diagnostics(nil), diags...),
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
		s := testScan()
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
