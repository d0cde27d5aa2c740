package sarif

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	gosarif "github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/dynamoguard/dynamoguard/model"
	"github.com/dynamoguard/dynamoguard/report"
	"github.com/dynamoguard/dynamoguard/rules"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

const root = "project"

func rng(file string, l1, c1, l2, c2 int) model.Range {
	return model.Range{
		Filename: filepath.Join(root, file),
		Start:    model.Pos{Line: l1, Column: c1, Byte: -1},
		End:      model.Pos{Line: l2, Column: c2, Byte: -1},
	}
}

func testRules() []*rules.Rule {
	return []*rules.Rule{
		{
			ID: "DDB101", Name: "table-aws-owned-key", Severity: rules.Medium, CWE: "CWE-311", Precision: "very-high",
			Title: "Table encrypted only with the AWS-owned key",
			Doc: rules.Doc{
				Why: "A table without server-side encryption settings is encrypted with a key that AWS owns. " +
					"You cannot see, audit or revoke its use.",
				FixTerraform:      "Add `server_side_encryption { enabled = true, kms_key_arn = aws_kms_key.x.arn }`.",
				FixCloudFormation: "Set `SSESpecification` with `SSEEnabled: true`, `SSEType: KMS` and `KMSMasterKeyId`.",
				Terraform: rules.Example{
					Bad: `resource "aws_dynamodb_table" "t" { # want "DDB101"
  name     = "t"
  hash_key = "id"
}
`,
					Good: `resource "aws_dynamodb_table" "t" {
  name     = "t"
  hash_key = "id"
  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.k.arn
  }
}
`,
				},
				CloudFormation: rules.Example{
					Bad: `Resources:
  T: # want "DDB101"
    Type: AWS::DynamoDB::Table
`,
					Good: `Resources:
  T:
    Type: AWS::DynamoDB::Table
    Properties:
      SSESpecification:
        SSEEnabled: true
        SSEType: KMS
        KMSMasterKeyId: !Ref Key
`,
				},
				References: []string{"https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/EncryptionAtRest.html"},
			},
		},
		{
			ID: "DDB201", Name: "pitr-disabled", Severity: rules.Medium, CWE: "CWE-693", Precision: "very-high",
			Title: "Point-in-time recovery disabled",
			Doc: rules.Doc{
				Why:               "Without point-in-time recovery, deleted or overwritten items cannot be restored.",
				FixTerraform:      "Add `point_in_time_recovery { enabled = true }`.",
				FixCloudFormation: "Set `PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled: true`.",
				Terraform: rules.Example{
					Bad:  "resource \"aws_dynamodb_table\" \"t\" {} // want \"DDB201\"\n",
					Good: "resource \"aws_dynamodb_table\" \"t\" {\n  point_in_time_recovery { enabled = true }\n}\n",
				},
				CloudFormation: rules.Example{
					Bad:  `{"Resources": {"T": {"Type": "AWS::DynamoDB::Table"}}}`,
					Good: `{"Resources": {"T": {"Type": "AWS::DynamoDB::Table", "Properties": {"PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": true}}}}}`,
				},
			},
		},
		{
			ID: "DDB301", Name: "export-bucket-public", Severity: rules.Critical, CWE: "CWE-284", Precision: "high",
			Title: "Export bucket open to everyone",
			Doc: rules.Doc{
				Why:               "A bucket that receives table exports lets anyone read them.",
				FixTerraform:      "Remove the statement or restrict it with a condition.",
				FixCloudFormation: "Remove the statement or restrict it with a condition.",
				Terraform:         rules.Example{Bad: "# bad\n", Good: "# good\n"},
				CloudFormation:    rules.Example{Bad: "# bad\n", Good: "# good\n"},
			},
		},
		{
			ID: "DDB601", Name: "provisioned-without-autoscaling", Severity: rules.Note, CWE: "CWE-400", Precision: "medium",
			Title: "Provisioned capacity without autoscaling",
			Doc: rules.Doc{
				Why:               "A provisioned table without autoscaling throttles under load.",
				FixTerraform:      "Add an `aws_appautoscaling_target`.",
				FixCloudFormation: "Add an `AWS::ApplicationAutoScaling::ScalableTarget`.",
				Terraform:         rules.Example{Bad: "# bad\n", Good: "# good\n"},
				CloudFormation:    rules.Example{Bad: "# bad\n", Good: "# good\n"},
			},
		},
	}
}

// testScan is a scan with findings of several severities, a check not made,
// diagnostics and input not analysed.
func testScan() *report.Scan {
	orders := model.Resource{Kind: model.Terraform, Type: "aws_dynamodb_table",
		Address: "aws_dynamodb_table.orders", Range: rng("main.tf", 5, 1, 5, 39)}
	users := model.Resource{Kind: model.CloudFormation, Type: "AWS::DynamoDB::Table",
		Address: "Users", Range: rng("stacks/db template.yaml", 3, 3, 3, 8)}
	mod := model.Resource{Kind: model.Terraform, Type: "aws_dynamodb_table",
		Address: `module.db.aws_dynamodb_table.this["a"]`, Range: rng("modules/db/main.tf", 1, 1, 1, 36)}
	bucket := model.Resource{Kind: model.Terraform, Type: "aws_s3_bucket_policy",
		Address: "aws_s3_bucket_policy.exports", Range: rng("main.tf", 30, 1, 30, 45)}
	return &report.Scan{
		Root:  root,
		Rules: testRules(),
		Result: rules.Result{
			Findings: []rules.Finding{
				{RuleID: "DDB101", Severity: rules.Medium, Resource: orders, Attribute: "server_side_encryption.enabled",
					Range:   orders.Range,
					Message: `table "orders" is encrypted only with the AWS-owned key, so key use cannot be audited; add server_side_encryption { enabled = true }`},
				{RuleID: "DDB301", Severity: rules.Critical, Resource: bucket, Attribute: "policy.Statement[0].Principal",
					Range:   rng("main.tf", 34, 7, 36, 8),
					Message: `bucket policy "exports" allows Principal "*" with no condition, so anyone can read table exports; restrict it with aws:SourceAccount`},
				{RuleID: "DDB601", Severity: rules.Note, Resource: mod, Attribute: "billing_mode",
					Range:   rng("modules/db/main.tf", 4, 18, 4, 31),
					Message: `table "a" uses PROVISIONED billing with no autoscaling target; add an aws_appautoscaling_target`},
				{RuleID: "DDB201", Severity: rules.Medium, Resource: users, Attribute: "PointInTimeRecoverySpecification",
					// A range with its end before its start, and no columns.
					Range:   model.Range{Filename: users.Range.Filename, Start: model.Pos{Line: 3}, End: model.Pos{Line: 2}},
					Message: `table "Users" has no PointInTimeRecoverySpecification, so deleted items cannot be restored; set PointInTimeRecoveryEnabled: true`},
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
				Subject: rng("stacks/db template.yaml", 1, 1, 1, 25)},
			{Severity: model.DiagError, Summary: "invalid expression",
				Detail:  "Expected the start of an expression, but found an invalid token.",
				Subject: rng("broken.tf", 3, 5, 3, 6)},
			{Severity: model.DiagError, Summary: "cannot read file", Subject: model.Range{Filename: filepath.Join(root, "unreadable.tf")}},
		},
		Files: []model.File{
			{Path: filepath.Join(root, "main.tf"), Kind: model.Terraform, Parsed: true},
		},
		NotAnalysed: []model.NotAnalysed{
			{Range: rng("main.tf", 20, 1, 20, 16), What: "module.remote",
				Reason: `remote module source "git::https://example.com/m.git" is not fetched`},
		},
		Version: "v0.1.0",
	}
}

func write(t *testing.T, s *report.Scan) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, s); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

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

func TestGolden(t *testing.T) {
	golden(t, "scan.sarif", write(t, testScan()))
}

func TestGoldenEmpty(t *testing.T) {
	golden(t, "empty.sarif", write(t, &report.Scan{Root: ".", Rules: testRules(), Version: "dev"}))
}

func TestDeterministic(t *testing.T) {
	a, b := write(t, testScan()), write(t, testScan())
	if !bytes.Equal(a, b) {
		t.Error("two runs over the same scan differ")
	}
	if !bytes.HasSuffix(a, []byte("}\n")) {
		t.Error("no trailing newline")
	}
	if !bytes.Contains(a, []byte("\n  \"runs\": [\n")) {
		t.Error("not indented by two spaces")
	}
}

// results decodes the log's results.
func results(t *testing.T, out []byte) []*gosarif.Result {
	t.Helper()
	log, err := gosarif.FromBytes(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(log.Runs))
	}
	return log.Runs[0].Results
}

func fingerprint(t *testing.T, s *report.Scan, i int) string {
	t.Helper()
	fp, _ := results(t, write(t, s))[i].PartialFingerprints[FingerprintKey].(string)
	if fp == "" {
		t.Fatalf("result %d has no %s", i, FingerprintKey)
	}
	return fp
}

func TestFingerprintSurvivesLineShift(t *testing.T) {
	base := fingerprint(t, testScan(), 0)
	s := testScan()
	f := &s.Result.Findings[0]
	f.Range.Start.Line += 7
	f.Range.End.Line += 7
	f.Range.Start.Column += 2
	f.Resource.Range = f.Range
	if got := fingerprint(t, s, 0); got != base {
		t.Errorf("fingerprint changed from %s to %s when the finding moved down", base, got)
	}
	if want := report.Fingerprint(testScan().Result.Findings[0], "main.tf"); base != want {
		t.Errorf("SARIF fingerprint %s is not report.Fingerprint %s", base, want)
	}
}

func TestFingerprintChanges(t *testing.T) {
	base := fingerprint(t, testScan(), 0)
	for name, change := range map[string]func(*rules.Finding){
		"address":   func(f *rules.Finding) { f.Resource.Address = "aws_dynamodb_table.invoices" },
		"attribute": func(f *rules.Finding) { f.Attribute = "server_side_encryption.kms_key_arn" },
		"file":      func(f *rules.Finding) { f.Range.Filename = filepath.Join(root, "tables.tf") },
	} {
		s := testScan()
		change(&s.Result.Findings[0])
		if got := fingerprint(t, s, 0); got == base {
			t.Errorf("fingerprint unchanged when the %s changed", name)
		}
	}
}

func TestResults(t *testing.T) {
	out := write(t, testScan())
	rs := results(t, out)
	ruleIDs := []string{"DDB101", "DDB201", "DDB301", "DDB601"}
	wantLevels := []string{"warning", "error", "note", "warning"}
	wantRules := []string{"DDB101", "DDB301", "DDB601", "DDB201"}
	for i, r := range rs {
		if *r.RuleID != wantRules[i] || ruleIDs[*r.RuleIndex] != *r.RuleID {
			t.Errorf("result %d: rule %s at index %d", i, *r.RuleID, *r.RuleIndex)
		}
		if *r.Level != wantLevels[i] {
			t.Errorf("result %d: level %s, want %s", i, *r.Level, wantLevels[i])
		}
		al := r.Locations[0].PhysicalLocation.ArtifactLocation
		if *al.URIBaseId != SrcRoot || strings.HasPrefix(*al.URI, "/") || strings.Contains(*al.URI, root+"/") {
			t.Errorf("result %d: artifact location %s %s is not relative to the root", i, *al.URI, *al.URIBaseId)
		}
	}
	if got := *rs[2].Locations[0].LogicalLocations[0].FullyQualifiedName; got != `module.db.aws_dynamodb_table.this["a"]` {
		t.Errorf("logical location %s", got)
	}
	if got := *rs[3].Locations[0].PhysicalLocation.ArtifactLocation.URI; got != "stacks/db%20template.yaml" {
		t.Errorf("uri %s, want the space escaped", got)
	}
	if strings.Contains(string(out), "TimeUtc\"") || strings.Contains(string(out), "\"timeUtc\"") {
		t.Error("the log has a timestamp")
	}
}

func TestCategory(t *testing.T) {
	for category, want := range map[string]string{"": "dynamoguard/", "infra": "infra/", "infra/": "infra/"} {
		s := testScan()
		s.Category = category
		log, err := gosarif.FromBytes(write(t, s))
		if err != nil {
			t.Fatal(err)
		}
		if got := *log.Runs[0].AutomationDetails.ID; got != want {
			t.Errorf("category %q: automationDetails.id %q, want %q", category, got, want)
		}
	}
}

func TestFindingWithoutLine(t *testing.T) {
	s := testScan()
	s.Result.Findings = s.Result.Findings[:1]
	s.Result.Findings[0].Range = model.Range{}
	s.Result.Findings[0].Resource.Range = model.Range{Filename: filepath.Join(root, "main.tf")}
	loc := results(t, write(t, s))[0].Locations[0].PhysicalLocation
	if *loc.ArtifactLocation.URI != "main.tf" || *loc.Region.StartLine != 1 {
		t.Errorf("location %s line %d, want main.tf line 1", *loc.ArtifactLocation.URI, *loc.Region.StartLine)
	}
}

func TestUnknownRule(t *testing.T) {
	s := testScan()
	s.Rules = s.Rules[1:]
	if err := Write(&bytes.Buffer{}, s); err == nil || !strings.Contains(err.Error(), "DDB101") {
		t.Errorf("Write with a finding of a rule not in the set: err = %v", err)
	}
}

func TestRegion(t *testing.T) {
	pos := func(l, c int) model.Pos { return model.Pos{Line: l, Column: c} }
	for _, tc := range []struct {
		name       string
		start, end model.Pos
		want       string
	}{
		{"full", pos(3, 5), pos(4, 2), `{"startLine":3,"startColumn":5,"endLine":4,"endColumn":2}`},
		{"one line", pos(3, 5), pos(3, 9), `{"startLine":3,"startColumn":5,"endLine":3,"endColumn":9}`},
		{"empty", pos(3, 5), pos(3, 5), `{"startLine":3,"startColumn":5,"endLine":3}`},
		{"end before start", pos(3, 5), pos(2, 9), `{"startLine":3,"startColumn":5}`},
		{"no columns", pos(3, 0), pos(4, 0), `{"startLine":3,"endLine":4}`},
		{"no start column", pos(3, 0), pos(3, 1), `{"startLine":3,"endLine":3}`},
		{"no end", pos(3, 2), pos(0, 0), `{"startLine":3,"startColumn":2}`},
		{"no line", pos(0, 0), pos(0, 0), `null`},
	} {
		got, err := json.Marshal(region(model.Range{Start: tc.start, End: tc.end}))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != tc.want {
			t.Errorf("%s: got %s, want %s", tc.name, got, tc.want)
		}
	}
}

func TestStripMarkers(t *testing.T) {
	// The help shows the rules' snippets without their expectation markers.
	out := string(write(t, testScan()))
	if strings.Contains(out, "want \\\"DDB") || strings.Contains(out, "want `DDB") {
		t.Error("the help still holds want markers")
	}
}

func TestURIs(t *testing.T) {
	for _, tc := range []struct{ rel, uri, base string }{
		{"main.tf", "main.tf", SrcRoot},
		{"a b/c:d.tf", "a%20b/c%3Ad.tf", SrcRoot},
		{"../x/100%.tf", "../x/100%25.tf", SrcRoot},
		{"/abs/x.tf", "file:///abs/x.tf", ""},
		{"C:/x/y.tf", "file:///C:/x/y.tf", ""},
	} {
		al := location(tc.rel, model.Range{}).PhysicalLocation.ArtifactLocation
		base := ""
		if al.URIBaseId != nil {
			base = *al.URIBaseId
		}
		if *al.URI != tc.uri || base != tc.base {
			t.Errorf("%s: got %s (base %q), want %s (base %q)", tc.rel, *al.URI, base, tc.uri, tc.base)
		}
	}
}

func TestToolVersion(t *testing.T) {
	for in, want := range map[string]string{
		"0.1.0": "0.1.0", "v1.2.3": "1.2.3", "1.2": "1.2", "dev": "0.0.0-dev", "": "0.0.0-dev",
		"devel+dirty": "0.0.0-devel-dirty",
	} {
		if got := toolVersion(in); got != want {
			t.Errorf("toolVersion(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSemanticVersion(t *testing.T) {
	for in, want := range map[string]string{
		"0.1.0": "0.1.0", "v1.2.3": "1.2.3", "1.0.0-rc.1+build.5": "1.0.0-rc.1+build.5",
		"dev": "", "1.2": "", "01.2.3": "",
	} {
		got, ok := semanticVersion(in)
		if got != want || ok != (want != "") {
			t.Errorf("semanticVersion(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

func TestNilRule(t *testing.T) {
	s := testScan()
	s.Rules = append(s.Rules, nil)
	if err := Write(&bytes.Buffer{}, s); err == nil {
		t.Error("Write with a nil rule: no error")
	}
}

// TestManyResults checks that a large scan is written as a valid log
// without building it in memory several times over: the writer used to
// allocate eight times the size of its output.
func TestManyResults(t *testing.T) {
	s := testScan()
	base := s.Result.Findings
	s.Result.Findings = nil
	for i := range 1000 {
		for _, f := range base {
			f.Resource.Address += fmt.Sprint(i)
			s.Result.Findings = append(s.Result.Findings, f)
		}
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	if err := Write(io.Discard, s); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	out := write(t, s)
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 3*uint64(len(out)) {
		t.Errorf("writing %d bytes allocated %d bytes", len(out), alloc)
	}
	if got := len(results(t, out)); got != len(s.Result.Findings) {
		t.Errorf("%d results, want %d", got, len(s.Result.Findings))
	}
	var log map[string]any
	if err := json.Unmarshal(out, &log); err != nil {
		t.Fatal(err)
	}
	// The streamed log is the log encoded in one piece.
	var whole bytes.Buffer
	enc := json.NewEncoder(&whole)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	small := testScan()
	full, index, err := build(small)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range small.Result.Findings {
		full.Runs[0].Results = append(full.Runs[0].Results, result(small, f, index[f.RuleID]))
	}
	if err := enc.Encode(full); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(whole.String(), string(write(t, small))); diff != "" {
		t.Errorf("streamed log differs from the log encoded whole (-whole +streamed):\n%s", diff)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, os.ErrClosed }

func TestWriteError(t *testing.T) {
	if err := Write(failingWriter{}, testScan()); err == nil || !strings.Contains(err.Error(), "file already closed") {
		t.Errorf("Write to a failing writer: err = %v", err)
	}
}
