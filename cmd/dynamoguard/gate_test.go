package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// pitrOffTF is secureTF without point-in-time recovery: its only finding
// at or above medium is DDB201.
var pitrOffTF = strings.Replace(secureTF, "\n  point_in_time_recovery {\n    enabled = true\n  }\n", "", 1)

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func gitTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := tree(t, files)
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// jsonReport runs a scan with the JSON report and returns the exit code
// and the findings (rule ID → suppression syntax, "" when counting).
func jsonReport(t *testing.T, dir string, args ...string) (ExitCode, []map[string]any, string) {
	t.Helper()
	code, stdout, stderr := run(t, dir, append([]string{"scan", "--format", "json"}, args...)...)
	var doc struct {
		Findings []map[string]any `json:"findings"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("JSON report: %v\n%s\n%s", err, stdout, stderr)
	}
	return code, doc.Findings, stderr
}

func suppressionOf(f map[string]any) string {
	s, ok := f["suppression"].(map[string]any)
	if !ok {
		return ""
	}
	return s["kind"].(string) + ":" + s["syntax"].(string)
}

func TestGateBaseline(t *testing.T) {
	dir := gitTree(t, map[string]string{"infra/main.tf": pitrOffTF})

	// A new finding fails the gate.
	if code, _, stderr := run(t, dir, "scan", ".", "--fail-on", "medium"); code != ExitFindings {
		t.Fatalf("new finding: exit %d, want 1\n%s", code, stderr)
	}

	// Baselined, it does not.
	if code, _, stderr := run(t, dir, "baseline", "."); code != ExitClean || !strings.Contains(stderr, "wrote 1 findings") {
		t.Fatalf("baseline: exit %d\n%s", code, stderr)
	}
	data, err := os.ReadFile(filepath.Join(dir, ".dynamoguard-baseline.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"tool": "dynamoguard"`, `"version": "1"`, `"rule_id": "DDB201"`, `"file": "infra/main.tf"`,
		`"resource": "aws_dynamodb_table.orders"`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("baseline file lacks %s:\n%s", want, data)
		}
	}
	code, fs, stderr := jsonReport(t, dir, ".", "--fail-on", "medium", "--baseline", ".dynamoguard-baseline.json")
	if code != ExitClean {
		t.Fatalf("baselined finding: exit %d, want 0\n%s", code, stderr)
	}
	if len(fs) != 1 || suppressionOf(fs[0]) != "external:baseline" {
		t.Errorf("baselined finding: %v, want one DDB201 suppressed by the baseline (it stays in the report)", fs)
	}

	// Moved 20 lines down, and reformatted, it still does not.
	moved := strings.Repeat("# a comment pushing the table down\n", 20) + strings.ReplaceAll(pitrOffTF, "  ", "    ")
	writeFile(t, filepath.Join(dir, "infra/main.tf"), moved)
	code, fs, stderr = jsonReport(t, dir, ".", "--fail-on", "medium", "--baseline", ".dynamoguard-baseline.json")
	if code != ExitClean || len(fs) != 1 || fs[0]["start_line"].(float64) < 20 {
		t.Fatalf("moved finding: exit %d, findings %v\n%s", code, fs, stderr)
	}

	// A second table is a new finding: the gate fails on it alone.
	writeFile(t, filepath.Join(dir, "infra/new.tf"), strings.ReplaceAll(strings.ReplaceAll(pitrOffTF, "orders", "audit"), `"k"`, `"k2"`))
	code, fs, _ = jsonReport(t, dir, ".", "--fail-on", "medium", "--baseline", ".dynamoguard-baseline.json")
	if code != ExitFindings {
		t.Errorf("new finding beside a baselined one: exit %d, want 1", code)
	}
	var counting int
	for _, f := range fs {
		if suppressionOf(f) == "" && f["rule_id"] == "DDB201" {
			counting++
		}
	}
	if counting != 1 {
		t.Errorf("new finding beside a baselined one: %d DDB201 count, want 1: %v", counting, fs)
	}
	os.Remove(filepath.Join(dir, "infra/new.tf"))

	// Fixed, the entry is reported as gone.
	writeFile(t, filepath.Join(dir, "infra/main.tf"), strings.Replace(pitrOffTF, "  server_side_encryption {",
		"  point_in_time_recovery {\n    enabled = true\n  }\n\n  server_side_encryption {", 1))
	code, _, stderr = run(t, dir, "scan", ".", "--fail-on", "medium", "--baseline", ".dynamoguard-baseline.json", "--format", "sarif", "--output", "x.sarif")
	if code != ExitClean || !strings.Contains(stderr, "1 baselined finding no longer occurs: remove it with dynamoguard baseline") {
		t.Errorf("fixed finding: exit %d, stderr %q", code, stderr)
	}
}

// A renamed file gives its findings new fingerprints: they are new and
// fail the gate, and the old entries are reported as gone (README: the
// baseline names files; re-run dynamoguard baseline after a rename).
func TestGateBaselineRename(t *testing.T) {
	dir := gitTree(t, map[string]string{"infra/main.tf": pitrOffTF})
	if code, _, stderr := run(t, dir, "baseline", "."); code != ExitClean {
		t.Fatalf("baseline: exit %d\n%s", code, stderr)
	}
	if err := os.Rename(filepath.Join(dir, "infra/main.tf"), filepath.Join(dir, "infra/tables.tf")); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := run(t, dir, "scan", ".", "--fail-on", "medium", "--baseline", ".dynamoguard-baseline.json", "--output", "text=out.txt")
	if code != ExitFindings {
		t.Errorf("renamed file: exit %d, want 1 (its findings are new)", code)
	}
	if !strings.Contains(stderr, "1 baselined finding no longer occurs") {
		t.Errorf("renamed file: stderr %q, want the old entry reported as gone", stderr)
	}
}

func TestGateBaselineErrors(t *testing.T) {
	dir := gitTree(t, map[string]string{"main.tf": pitrOffTF,
		"notjson.json":  "{\"tool\": ",
		"other.json":    `{"tool": "checkov", "version": "1", "findings": []}`,
		"version.json":  `{"tool": "dynamoguard", "version": "7", "findings": []}`,
		"badentry.json": `{"tool": "dynamoguard", "version": "1", "findings": [{"fingerprint": "xyz", "rule_id": "DDB201"}]}`,
	})
	for file, want := range map[string]string{
		"missing.json":  "no such file",
		"notjson.json":  "not a dynamoguard baseline",
		"other.json":    `its tool is "checkov"`,
		"version.json":  `its version is "7"`,
		"badentry.json": `fingerprint "xyz"`,
	} {
		code, _, stderr := run(t, dir, "scan", ".", "--baseline", file)
		if code != ExitError || !strings.Contains(stderr, want) || !strings.Contains(stderr, "--baseline") {
			t.Errorf("--baseline %s: exit %d, stderr %q, want 2 and %q", file, code, stderr, want)
		}
	}
}

func TestGateSuppressions(t *testing.T) {
	pitrIgnored := func(comment string) string {
		return strings.Replace(pitrOffTF, `resource "aws_dynamodb_table"`, comment+"\n"+`resource "aws_dynamodb_table"`, 1)
	}
	tests := []struct {
		name    string
		files   map[string]string
		args    []string
		want    ExitCode
		syntax  string // the suppression of DDB201
		notes   []string
		noNotes bool
	}{
		{
			name:   "with a reason",
			files:  map[string]string{"main.tf": pitrIgnored("# dynamoguard:ignore DDB201 -- rebuilt nightly from the event log")},
			want:   ExitClean,
			syntax: "inSource:dynamoguard",
		},
		{
			name:   "slashes and an expiry to come",
			files:  map[string]string{"main.tf": pitrIgnored("// dynamoguard:ignore DDB201 exp:2999-12-31 -- until the migration")},
			want:   ExitClean,
			syntax: "inSource:dynamoguard",
		},
		{
			name:   "expired",
			files:  map[string]string{"main.tf": pitrIgnored("# dynamoguard:ignore DDB201 exp:2020-01-31 -- until the migration")},
			want:   ExitFindings,
			syntax: "",
			notes:  []string{"DDB005"},
		},
		{
			name:   "malformed date",
			files:  map[string]string{"main.tf": pitrIgnored("# dynamoguard:ignore DDB201 exp:31/01/2020 -- until the migration")},
			want:   ExitFindings,
			syntax: "",
			notes:  []string{"DDB004"},
		},
		{
			name:   "without a reason",
			files:  map[string]string{"main.tf": pitrIgnored("# dynamoguard:ignore DDB201")},
			want:   ExitClean,
			syntax: "inSource:dynamoguard",
			notes:  []string{"DDB001"},
		},
		{
			name:   "audit mode",
			files:  map[string]string{"main.tf": pitrIgnored("# dynamoguard:ignore DDB201 -- rebuilt nightly")},
			args:   []string{"--no-inline-suppressions"},
			want:   ExitFindings,
			syntax: "",
		},
		{
			name:   "checkov",
			files:  map[string]string{"main.tf": strings.Replace(pitrOffTF, `  name                        = "orders"`, "  #checkov:skip=CKV_AWS_28:rebuilt nightly\n"+`  name = "orders"`, 1)},
			want:   ExitClean,
			syntax: "inSource:checkov",
		},
		{
			name:   "trivy AVD ID",
			files:  map[string]string{"main.tf": pitrIgnored("#trivy:ignore:AVD-AWS-0024")},
			want:   ExitClean,
			syntax: "inSource:trivy",
		},
		{
			name:   "trivy long ID with an expiry",
			files:  map[string]string{"main.tf": pitrIgnored("# trivy:ignore:aws-dynamodb-enable-recovery:exp:2999-01-01")},
			want:   ExitClean,
			syntax: "inSource:trivy",
		},
		{
			name:   "trivy short ID, expired",
			files:  map[string]string{"main.tf": pitrIgnored("#trivy:ignore:AWS-0024:exp:2020-01-01")},
			want:   ExitFindings,
			syntax: "",
			notes:  []string{"DDB005"},
		},
		{
			name:   "tfsec",
			files:  map[string]string{"main.tf": pitrIgnored("#tfsec:ignore:aws-dynamodb-enable-recovery")},
			want:   ExitClean,
			syntax: "inSource:tfsec",
		},
		{
			name: "peer syntax off in the configuration",
			files: map[string]string{"main.tf": pitrIgnored("#tfsec:ignore:aws-dynamodb-enable-recovery"),
				".dynamoguard.yml": "suppressions:\n  peer_syntax: false\n"},
			want:   ExitFindings,
			syntax: "",
		},
		{
			name:   "another rule's peer ID",
			files:  map[string]string{"main.tf": pitrIgnored("#checkov:skip=CKV_AWS_119:wrong check")},
			want:   ExitFindings,
			syntax: "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := gitTree(t, tt.files)
			code, fs, stderr := jsonReport(t, dir, append([]string{".", "--fail-on", "medium"}, tt.args...)...)
			if code != tt.want {
				t.Errorf("exit %d, want %d\n%s", code, tt.want, stderr)
			}
			var got string
			var notes []string
			for _, f := range fs {
				switch id := f["rule_id"].(string); {
				case id == "DDB201":
					got = suppressionOf(f)
				case strings.HasPrefix(id, "DDB0"):
					notes = append(notes, id)
				}
			}
			if got != tt.syntax {
				t.Errorf("DDB201 suppression %q, want %q", got, tt.syntax)
			}
			if strings.Join(notes, ",") != strings.Join(tt.notes, ",") {
				t.Errorf("notes %v, want %v", notes, tt.notes)
			}
		})
	}
}

// A suppression on a module block covers every resource of every instance
// of the module.
func TestGateModuleSuppression(t *testing.T) {
	dir := gitTree(t, map[string]string{
		"main.tf": `# dynamoguard:ignore DDB101,DDB201,DDB203 -- scratch tables of the load tests
module "scratch" {
  source   = "./modules/scratch"
  for_each = toset(["a", "b", "c"])
  name     = each.key
}
`,
		"modules/scratch/main.tf": `variable "name" {}

resource "aws_dynamodb_table" "this" {
  name         = var.name
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"

  attribute {
    name = "pk"
    type = "S"
  }
}
`,
	})
	code, fs, stderr := jsonReport(t, dir, ".")
	if code != ExitClean {
		t.Errorf("exit %d, want 0\n%s", code, stderr)
	}
	instances := map[string]int{}
	for _, f := range fs {
		if suppressionOf(f) != "inSource:dynamoguard" {
			t.Errorf("%v %v is not suppressed", f["rule_id"], f["resource"])
			continue
		}
		instances[f["resource"].(map[string]any)["address"].(string)]++
	}
	if len(instances) != 3 {
		t.Errorf("suppressed instances %v, want the 3 of the module", instances)
	}
	// Naming only the module's file (as pre-commit does) still reads the
	// calling block's suppression.
	code, _, stderr = run(t, dir, "scan", "modules/scratch/main.tf")
	if code != ExitClean {
		t.Errorf("module file named: exit %d, want 0\n%s", code, stderr)
	}
}

func TestGateCloudFormationSuppressions(t *testing.T) {
	table := func(id, metadata string) string {
		return "  " + id + ":\n    Type: AWS::DynamoDB::Table\n" + metadata +
			"    Properties:\n      BillingMode: PAY_PER_REQUEST\n      DeletionProtectionEnabled: true\n" +
			"      SSESpecification: {SSEEnabled: true, SSEType: KMS, KMSMasterKeyId: !GetAtt Key.Arn}\n" +
			"      KeySchema: [{AttributeName: pk, KeyType: HASH}]\n      AttributeDefinitions: [{AttributeName: pk, AttributeType: S}]\n"
	}
	tmpl := "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n" +
		"  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      EnableKeyRotation: true\n" +
		"  # dynamoguard:ignore DDB201 -- comment above the logical ID\n" +
		table("Comment", "") +
		table("Ours", "    Metadata:\n      dynamoguard:\n        ignore:\n          - {id: DDB201, reason: metadata, expires: 2999-01-31}\n") +
		table("Checkov", "    Metadata:\n      checkov:\n        skip:\n          - {id: CKV_AWS_28, comment: checkov}\n") +
		table("CfnNag", "    Metadata:\n      cfn_nag:\n        rules_to_suppress:\n          - {id: W78, reason: cfn_nag}\n") +
		table("Guard", "    Metadata:\n      guard:\n        SuppressedRules: [DYNAMODB_PITR_ENABLED]\n") +
		table("Expired", "    Metadata:\n      dynamoguard:\n        ignore:\n          - {id: DDB201, reason: old, expires: 2020-01-31}\n") +
		table("Counted", "")
	dir := gitTree(t, map[string]string{"template.yaml": tmpl})
	code, fs, stderr := jsonReport(t, dir, ".", "--fail-on", "medium")
	if code != ExitFindings {
		t.Errorf("exit %d, want 1 (Expired and Counted)\n%s", code, stderr)
	}
	want := map[string]string{
		"Comment": "inSource:dynamoguard", "Ours": "inSource:dynamoguard-metadata", "Checkov": "inSource:checkov",
		"CfnNag": "inSource:cfn_nag", "Guard": "inSource:guard", "Expired": "", "Counted": "",
	}
	got := map[string]string{}
	for _, f := range fs {
		if f["rule_id"] == "DDB201" {
			got[f["resource"].(map[string]any)["address"].(string)] = suppressionOf(f)
		}
	}
	for id, w := range want {
		if g, ok := got[id]; !ok || g != w {
			t.Errorf("%s: DDB201 suppression %q (found %v), want %q", id, g, ok, w)
		}
	}
}

func TestSeveralOutputs(t *testing.T) {
	dir := gitTree(t, map[string]string{"main.tf": pitrIgnored(t)})
	code, stdout, stderr := run(t, dir, "scan", ".", "--output", "sarif=out.sarif", "--output", "markdown=summary.md", "--output", "github=-")
	if code != ExitFindings {
		t.Errorf("exit %d, want 1\n%s", code, stderr)
	}
	if !strings.HasPrefix(stdout, "::") || !strings.Contains(stdout, "title=DDB") {
		t.Errorf("annotations on stdout: %q", stdout)
	}
	sarifData, err := os.ReadFile(filepath.Join(dir, "out.sarif"))
	if err != nil || !strings.Contains(string(sarifData), `"kind":"inSource"`) {
		t.Errorf("SARIF: %v, want a suppressed result", err)
	}
	md, err := os.ReadFile(filepath.Join(dir, "summary.md"))
	if err != nil || !strings.Contains(string(md), "| severity | new | baselined | suppressed |") {
		t.Errorf("Markdown: %v\n%s", err, md)
	}
	if code, _, stderr := run(t, dir, "scan", ".", "--output", "json=-", "--output", "github=-"); code != ExitError || !strings.Contains(stderr, "standard output") {
		t.Errorf("two reports on stdout: exit %d, %q", code, stderr)
	}
	if code, _, stderr := run(t, dir, "scan", ".", "--format", "yaml"); code != ExitError || !strings.Contains(stderr, "markdown") {
		t.Errorf("unknown format: exit %d, %q", code, stderr)
	}
}

func pitrIgnored(*testing.T) string {
	return "# dynamoguard:ignore DDB201 -- rebuilt nightly\n" + insecureTF
}
