package sarif

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	gosarif "github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/dynamoguard/dynamoguard/model"
	"github.com/dynamoguard/dynamoguard/report"
	"github.com/dynamoguard/dynamoguard/rules"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// root is the scan root of the test scans. The writer never reads it: the
// log must not depend on where the scan ran.
const root = "/home/someone/src/project"

// rng is a range in a file named relative to the scan root, as the
// pipeline names every file.
func rng(file string, l1, c1, l2, c2 int) model.Range {
	return model.Range{
		Filename: file,
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
			Controls: []string{"DynamoDB.2"},
			Title:    "Point-in-time recovery disabled",
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

// testScan is a scan with findings of several severities (one in a module,
// with related locations), a check not made, diagnostics and input not
// analysed.
func testScan() *report.Scan {
	orders := model.Resource{Kind: model.Terraform, Type: "aws_dynamodb_table",
		Address: "aws_dynamodb_table.orders", Range: rng("main.tf", 5, 1, 5, 39)}
	users := model.Resource{Kind: model.CloudFormation, Type: "AWS::DynamoDB::Table",
		Address: "Users", Range: rng("stacks/db template.yaml", 3, 3, 3, 8)}
	call := model.Call{Address: `module.db["a"]`, Range: rng("main.tf", 40, 1, 40, 18)}
	mod := model.Resource{Kind: model.Terraform, Type: "aws_dynamodb_table",
		Address: `module.db["a"].aws_dynamodb_table.this`, Range: rng("modules/db/main.tf", 1, 1, 1, 36),
		CalledFrom: []model.Call{call}}
	bucket := model.Resource{Kind: model.Terraform, Type: "aws_s3_bucket_policy",
		Address: "aws_s3_bucket_policy.exports", Range: rng("main.tf", 30, 1, 30, 45)}
	return &report.Scan{
		Root:  root,
		Cwd:   root + "/infra",
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
					Message: `table "a" uses PROVISIONED billing with no autoscaling target; add an aws_appautoscaling_target`,
					Related: []model.Related{
						{Range: call.Range, Message: `called from module.db["a"]`},
						// A place without a file cannot be a location.
						{Message: "value from --var billing_mode"},
						{Range: rng("modules/db/variables.tf", 3, 13, 3, 26),
							Message: `value from the default of variable "billing_mode" (modules/db/variables.tf:3)`},
					}},
				{RuleID: "DDB201", Severity: rules.Medium, Resource: users, Attribute: "PointInTimeRecoverySpecification",
					// A range with its end before its start, and no columns.
					Range:   model.Range{Filename: users.Range.Filename, Start: model.Pos{Line: 3}, End: model.Pos{Line: 2}},
					Message: `table "Users" has no PointInTimeRecoverySpecification, so deleted items cannot be restored; set PointInTimeRecoveryEnabled: true`,
					Fix: &rules.SuggestedFix{
						Description: "set PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled: true",
						Edits: []rules.TextEdit{{
							Range: model.Range{Filename: "template.yaml",
								Start: model.Pos{Line: 5, Column: 7, Byte: 71}, End: model.Pos{Line: 5, Column: 7, Byte: 71}},
							New: "PointInTimeRecoverySpecification:\n        PointInTimeRecoveryEnabled: true\n      ",
						}},
					}},
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
			{Severity: model.DiagError, Summary: "cannot read file", Subject: model.Range{Filename: "unreadable.tf"}},
		},
		Files: []model.File{
			{Path: "main.tf", Kind: model.Terraform, Parsed: true},
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
	for _, leak := range []string{root, "Utc\"", "someone"} {
		if bytes.Contains(a, []byte(leak)) {
			t.Errorf("the log holds %q: a timestamp or a machine-dependent path", leak)
		}
	}
	// The working directory and the scan root do not show.
	s := testScan()
	s.Root, s.Cwd = "/elsewhere/checkout", "/tmp"
	if !bytes.Equal(write(t, s), a) {
		t.Error("the log depends on Root or Cwd")
	}
}

// pieceWriter keeps the size of the largest write made to it.
type pieceWriter struct {
	bytes.Buffer
	largest int
}

func (w *pieceWriter) Write(p []byte) (int, error) {
	w.largest = max(w.largest, len(p))
	return w.Buffer.Write(p)
}

// TestEncodingOfOneReport checks that the log is the encoding of one
// go-sarif Report, as encoding/json writes it without HTML escaping,
// although its results are encoded and written one at a time (no write
// holds the whole log), each compact on a line of its own.
func TestEncodingOfOneReport(t *testing.T) {
	s := testScan()
	s.Result.Findings[0].Message = "table \"orders\" is encrypted only with the AWS-owned key; set kms_key_arn = <CMK ARN> & more"
	for range 200 {
		s.Result.Findings = append(s.Result.Findings, s.Result.Findings[1])
	}
	var w pieceWriter
	if err := Write(&w, s); err != nil {
		t.Fatal(err)
	}
	if w.largest >= w.Len()/4 {
		t.Errorf("the largest write is %d bytes of a %d-byte log: the log was not written in pieces", w.largest, w.Len())
	}
	// Decoded into go-sarif's types and encoded again, it is the same
	// JSON, whitespace aside.
	log, err := gosarif.FromBytes(w.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	var again bytes.Buffer
	enc := json.NewEncoder(&again)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(log); err != nil {
		t.Fatal(err)
	}
	var written bytes.Buffer
	if err := json.Compact(&written, w.Bytes()); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(strings.TrimSpace(again.String()), written.String()); diff != "" {
		t.Errorf("the log is not one encoding of a Report (-re-encoded +written):\n%s", diff)
	}
	if got := strings.Count(w.String(), "\n        {\"ruleId\":"); got != len(s.Result.Findings) {
		t.Errorf("%d results begin a line of their own, want %d", got, len(s.Result.Findings))
	}
	if got := len(log.Runs[0].Results); got != len(s.Result.Findings) {
		t.Errorf("%d results, want %d", got, len(s.Result.Findings))
	}
	// Text is not HTML-escaped: a message with <, > and & stays readable.
	if !bytes.Contains(w.Bytes(), []byte("kms_key_arn = <CMK ARN> & more")) {
		t.Error("the message with <, > and & was escaped")
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
	if want := testScan().Result.Findings[0].ComputeFingerprint(); base != want {
		t.Errorf("SARIF fingerprint %s is not the finding's %s", base, want)
	}
}

func TestFingerprintChanges(t *testing.T) {
	base := fingerprint(t, testScan(), 0)
	for name, change := range map[string]func(*rules.Finding){
		"address":   func(f *rules.Finding) { f.Resource.Address = "aws_dynamodb_table.invoices" },
		"attribute": func(f *rules.Finding) { f.Attribute = "server_side_encryption.kms_key_arn" },
		"file":      func(f *rules.Finding) { f.Range.Filename = "tables.tf" },
	} {
		s := testScan()
		change(&s.Result.Findings[0])
		if got := fingerprint(t, s, 0); got == base {
			t.Errorf("fingerprint unchanged when the %s changed", name)
		}
	}
}

// TestFingerprintFromPipeline checks that the pipeline's fingerprint is
// the one written.
func TestFingerprintFromPipeline(t *testing.T) {
	s := testScan()
	s.Result.Findings[0].Fingerprint = "0123456789abcdef0123456789abcdef"
	if got := fingerprint(t, s, 0); got != s.Result.Findings[0].Fingerprint {
		t.Errorf("fingerprint %s, want the pipeline's %s", got, s.Result.Findings[0].Fingerprint)
	}
}

func TestResults(t *testing.T) {
	out := write(t, testScan())
	rs := results(t, out)
	ruleIDs := []string{"DDB101", "DDB201", "DDB301", "DDB601"}
	wantLevels := []string{"warning", "error", "note", "warning"}
	wantRules := []string{"DDB101", "DDB301", "DDB601", "DDB201"}
	if len(rs) != len(wantRules) {
		t.Fatalf("%d results, want %d", len(rs), len(wantRules))
	}
	for i, r := range rs {
		if *r.RuleID != wantRules[i] || ruleIDs[*r.RuleIndex] != *r.RuleID {
			t.Errorf("result %d: rule %s at index %d", i, *r.RuleID, *r.RuleIndex)
		}
		if *r.Level != wantLevels[i] {
			t.Errorf("result %d: level %s, want %s", i, *r.Level, wantLevels[i])
		}
		if !strings.HasSuffix(*r.Message.Text, ".") {
			t.Errorf("result %d: message %q does not end with a period", i, *r.Message.Text)
		}
		al := r.Locations[0].PhysicalLocation.ArtifactLocation
		if *al.URIBaseId != SrcRoot || strings.HasPrefix(*al.URI, "/") || strings.Contains(*al.URI, "project/") {
			t.Errorf("result %d: artifact location %s %s is not relative to the root", i, *al.URI, *al.URIBaseId)
		}
	}
	if got := *rs[2].Locations[0].LogicalLocations[0].FullyQualifiedName; got != `module.db["a"].aws_dynamodb_table.this` {
		t.Errorf("logical location %s", got)
	}
	if got := *rs[3].Locations[0].PhysicalLocation.ArtifactLocation.URI; got != "stacks/db%20template.yaml" {
		t.Errorf("uri %s, want the space escaped", got)
	}
}

// TestRelatedLocations checks that a finding in a module is located in the
// module's file, with related locations for the module call and the input
// its value came from, each with an id and a message.
func TestRelatedLocations(t *testing.T) {
	rs := results(t, write(t, testScan()))
	r := rs[2]
	if got := *r.Locations[0].PhysicalLocation.ArtifactLocation.URI; got != "modules/db/main.tf" {
		t.Errorf("the finding in the module is in %s, want modules/db/main.tf", got)
	}
	type related struct {
		ID                  uint
		URI, Base, Message  string
		StartLine, StartCol int
	}
	var got []related
	for _, l := range r.RelatedLocations {
		pl := l.PhysicalLocation
		got = append(got, related{*l.Id, *pl.ArtifactLocation.URI, *pl.ArtifactLocation.URIBaseId,
			*l.Message.Text, *pl.Region.StartLine, *pl.Region.StartColumn})
	}
	want := []related{
		{1, "main.tf", SrcRoot, `called from module.db["a"].`, 40, 1},
		{2, "modules/db/variables.tf", SrcRoot, `value from the default of variable "billing_mode".`, 3, 13},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("related locations (-want +got):\n%s", diff)
	}
	for i, r := range rs {
		if i != 2 && r.RelatedLocations != nil {
			t.Errorf("result %d has related locations", i)
		}
	}
	// A related location on no line in particular is put on the first,
	// as GitHub needs a line.
	s := testScan()
	s.Result.Findings[2].Related = []model.Related{{Range: model.Range{Filename: "main.tf"}, Message: "called from module.db"}}
	l := results(t, write(t, s))[2].RelatedLocations[0]
	if *l.PhysicalLocation.Region.StartLine != 1 {
		t.Errorf("related location without a line: region %+v", l.PhysicalLocation.Region)
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
	s.Result.Findings[0].Resource.Range = model.Range{Filename: "main.tf"}
	loc := results(t, write(t, s))[0].Locations[0].PhysicalLocation
	if *loc.ArtifactLocation.URI != "main.tf" || *loc.Region.StartLine != 1 {
		t.Errorf("location %s line %d, want main.tf line 1", *loc.ArtifactLocation.URI, *loc.Region.StartLine)
	}
}

func TestUnknownRule(t *testing.T) {
	s := testScan()
	s.Rules = s.Rules[1:]
	var b bytes.Buffer
	if err := Write(&b, s); err == nil || !strings.Contains(err.Error(), "DDB101") {
		t.Errorf("Write with a finding of a rule not in the set: err = %v", err)
	}
	if b.Len() > 0 {
		t.Errorf("Write wrote %d bytes of a log it could not build", b.Len())
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

// TestHelp checks that the rules' help is their documentation, as rules
// renders it, without the snippets' expectation markers.
func TestHelp(t *testing.T) {
	log, err := gosarif.FromBytes(write(t, testScan()))
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range log.Runs[0].Tool.Driver.Rules {
		r := testRules()[i]
		if *d.Help.Text != r.Text() || *d.Help.Markdown != r.Markdown() {
			t.Errorf("%s: help is not the rule's Text() and Markdown()", d.ID)
		}
		if strings.Contains(*d.Help.Text+*d.Help.Markdown, `want "DDB`) {
			t.Errorf("%s: the help still holds want markers", d.ID)
		}
		for name, text := range map[string]*string{"shortDescription": d.ShortDescription.Text, "fullDescription": d.FullDescription.Text} {
			if !strings.HasSuffix(*text, ".") {
				t.Errorf("%s: %s %q does not end with a period", d.ID, name, *text)
			}
		}
	}
}

func TestURIs(t *testing.T) {
	for _, tc := range []struct{ name, uri, base string }{
		{"main.tf", "main.tf", SrcRoot},
		{"stacks/db template.yaml", "stacks/db%20template.yaml", SrcRoot},
		{"a#b/100%.tf", "a%23b/100%25.tf", SrcRoot},
		{"what?.tf", "what%3F.tf", SrcRoot},
		{"modules/tablé/main.tf", "modules/tabl%C3%A9/main.tf", SrcRoot},
		{"日本/main.tf", "%E6%97%A5%E6%9C%AC/main.tf", SrcRoot},
		{"x/c:d.tf", "x/c:d.tf", SrcRoot},
		{"c:d.tf", "./c:d.tf", SrcRoot}, // not the scheme c:
		{"/abs/dir with space/x#1.tfvars", "file:///abs/dir%20with%20space/x%231.tfvars", ""},
		{"C:/x/y z.tf", "file:///C:/x/y%20z.tf", ""},
	} {
		al := location(model.Range{Filename: tc.name}).PhysicalLocation.ArtifactLocation
		base := ""
		if al.URIBaseId != nil {
			base = *al.URIBaseId
		}
		if *al.URI != tc.uri || base != tc.base {
			t.Errorf("%s: got %s (base %q), want %s (base %q)", tc.name, *al.URI, base, tc.uri, tc.base)
		}
		// The URI names the file again.
		u, err := url.Parse(*al.URI)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		want := tc.name
		switch {
		case strings.HasPrefix(*al.URI, "./"):
			want = "./" + tc.name
		case u.Scheme == "file" && !strings.HasPrefix(tc.name, "/"):
			want = "/" + tc.name // file:///C:/…
		}
		if u.Path != want || (u.Scheme != "" && u.Scheme != "file") || u.Fragment != "" || u.RawQuery != "" {
			t.Errorf("%s: %s reads back as scheme %q, path %q, fragment %q, query %q",
				tc.name, *al.URI, u.Scheme, u.Path, u.Fragment, u.RawQuery)
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

// manyResults is a scan of 1000 times the findings of testScan.
func manyResults() *report.Scan {
	s := testScan()
	base := s.Result.Findings
	s.Result.Findings = nil
	for i := range 1000 {
		for _, f := range base {
			f.Resource.Address += fmt.Sprint(i)
			s.Result.Findings = append(s.Result.Findings, f)
		}
	}
	return s
}

// TestManyResults checks that a large scan is written as a valid log with
// every result.
func TestManyResults(t *testing.T) {
	s := manyResults()
	out := write(t, s)
	if got := len(results(t, out)); got != len(s.Result.Findings) {
		t.Errorf("%d results, want %d", got, len(s.Result.Findings))
	}
}

// BenchmarkWrite writes a large log; B/op over bytes/log is the memory
// taken per byte written (about 3.7 for building, encoding and indenting
// it once).
func BenchmarkWrite(b *testing.B) {
	s := manyResults()
	var size int
	b.ReportAllocs()
	for b.Loop() {
		var buf bytes.Buffer
		if err := Write(&buf, s); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size), "bytes/log")
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, os.ErrClosed }

func TestWriteError(t *testing.T) {
	if err := Write(failingWriter{}, testScan()); err == nil || !strings.Contains(err.Error(), "file already closed") {
		t.Errorf("Write to a failing writer: err = %v", err)
	}
}

// TestUnknownRuleWritesNothing checks that a finding of a rule that is not
// among the scan's is an error before any of the log is written.
func TestUnknownRuleWritesNothing(t *testing.T) {
	s := testScan()
	s.Result.Findings = append(s.Result.Findings, s.Result.Findings[0])
	s.Result.Findings[len(s.Result.Findings)-1].RuleID = "DDB999"
	var w bytes.Buffer
	err := Write(&w, s)
	if err == nil || !strings.Contains(err.Error(), "DDB999") {
		t.Errorf("Write = %v, want an error naming DDB999", err)
	}
	if w.Len() != 0 {
		t.Errorf("%d bytes were written", w.Len())
	}
}
