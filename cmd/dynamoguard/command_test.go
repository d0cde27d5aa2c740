package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const insecureTF = `resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "pk"

  attribute {
    name = "pk"
    type = "S"
  }
}
`

const secureTF = `resource "aws_kms_key" "k" {
  enable_key_rotation = true
}

resource "aws_dynamodb_table" "orders" {
  name                        = "orders"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "pk"
  deletion_protection_enabled = true

  attribute {
    name = "pk"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.k.arn
  }

  point_in_time_recovery {
    enabled = true
  }
}
`

const lowOnlyTF = `resource "aws_kms_key" "k" {
  enable_key_rotation = true
}

resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "pk"

  attribute {
    name = "pk"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.k.arn
  }

  point_in_time_recovery {
    enabled = true
  }
}
`

// tree writes files (path → content) under a new temporary folder.
func tree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// run runs the CLI in dir and returns the exit code, stdout and stderr.
func run(t *testing.T, dir string, args ...string) (ExitCode, string, string) {
	t.Helper()
	if dir != "" {
		t.Chdir(dir)
	}
	var stdout, stderr bytes.Buffer
	c := &Command{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr}
	code := c.Run(args)
	return code, stdout.String(), stderr.String()
}

func TestScanExitCodes(t *testing.T) {
	tests := []struct {
		name     string
		files    map[string]string
		args     []string
		want     ExitCode
		stdout   []string
		stderr   []string
		noStdout []string
	}{
		{
			name:   "findings fail the gate",
			files:  map[string]string{"main.tf": insecureTF},
			args:   []string{"scan", "."},
			want:   ExitFindings,
			stdout: []string{"main.tf:1:1: medium [DDB101]", "[DDB201]", "[DDB203]", "aws_dynamodb_table.orders"},
		},
		{
			name:  "clean configuration",
			files: map[string]string{"main.tf": secureTF},
			args:  []string{"scan"},
			want:  ExitClean,
		},
		{
			name:   "configuration with errors",
			files:  map[string]string{"main.tf": secureTF, ".dynamoguard.yml": "rules:\n  disable: [DDB999]\n"},
			args:   []string{"scan"},
			want:   ExitError,
			stderr: []string{".dynamoguard.yml:2:", "DDB999", "configuration file has errors"},
		},
		{
			name:   "configuration disables and overrides",
			files:  map[string]string{"main.tf": lowOnlyTF, "ci.yml": "rules:\n  severity:\n    DDB203: high\n"},
			args:   []string{"scan", "--config", "ci.yml", "--fail-on", "high"},
			want:   ExitFindings,
			stdout: []string{"high [DDB203]"},
		},
		{
			name:   "low finding below the threshold",
			files:  map[string]string{"main.tf": lowOnlyTF},
			args:   []string{"scan", "--fail-on", "medium"},
			want:   ExitClean,
			stdout: []string{"[DDB203]"},
		},
		{
			name:  "low finding at the default threshold",
			files: map[string]string{"main.tf": lowOnlyTF},
			args:  []string{"scan"},
			want:  ExitFindings,
		},
		{
			name:  "fail-on none",
			files: map[string]string{"main.tf": insecureTF},
			args:  []string{"scan", "--fail-on", "none"},
			want:  ExitClean,
		},
		{
			name:     "skip-rule leaves a rule out",
			files:    map[string]string{"main.tf": insecureTF},
			args:     []string{"scan", "--skip-rule", "DDB101", "--skip-rule", "DDB201", "--fail-on", "medium"},
			want:     ExitClean,
			noStdout: []string{"[DDB101]", "[DDB201]"},
		},
		{
			name:   "no IaC at all",
			files:  map[string]string{"README.md": "# hi\n", "ci.yaml": "on: push\njobs: {}\n"},
			args:   []string{"scan", "."},
			want:   ExitClean,
			stderr: []string{"no Terraform or CloudFormation files found"},
		},
		{
			name:   "path does not exist",
			args:   []string{"scan", "does-not-exist"},
			want:   ExitError,
			stderr: []string{"does-not-exist", "does not exist"},
		},
		{
			name:   "every IaC file broken",
			files:  map[string]string{"main.tf": "resource \"aws_dynamodb_table\" \"x\" {\n  name = \n"},
			args:   []string{"scan", "."},
			want:   ExitError,
			stdout: []string{"main.tf:2"},
			stderr: []string{"could be parsed"},
		},
		{
			name: "a broken file does not hide the others",
			files: map[string]string{
				"broken/main.tf": "resource \"aws_dynamodb_table\" \"x\" {\n",
				"good/main.tf":   insecureTF,
				"bad.yaml":       "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  T: [\n",
			},
			args:   []string{"scan", "."},
			want:   ExitFindings,
			stdout: []string{"good/main.tf:1:1", "broken/main.tf:", "bad.yaml:"},
		},
		{
			name:   "unknown rule",
			args:   []string{"scan", "--rule", "DDB999"},
			want:   ExitError,
			stderr: []string{`unknown rule "DDB999"`, "DDB101"},
		},
		{
			name:   "unknown severity",
			args:   []string{"scan", "--fail-on", "urgent"},
			want:   ExitError,
			stderr: []string{"--fail-on", "urgent"},
		},
		{
			name:   "unknown format",
			args:   []string{"scan", "--format", "xml"},
			want:   ExitError,
			stderr: []string{`unknown --format "xml"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := tree(t, tt.files)
			code, stdout, stderr := run(t, dir, tt.args...)
			if code != tt.want {
				t.Errorf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.want, stdout, stderr)
			}
			for _, s := range tt.stdout {
				if !strings.Contains(stdout, s) {
					t.Errorf("stdout lacks %q:\n%s", s, stdout)
				}
			}
			for _, s := range tt.noStdout {
				if strings.Contains(stdout, s) {
					t.Errorf("stdout has %q:\n%s", s, stdout)
				}
			}
			for _, s := range tt.stderr {
				if !strings.Contains(stderr, s) {
					t.Errorf("stderr lacks %q:\n%s", s, stderr)
				}
			}
		})
	}
}

func TestScanSARIFToFile(t *testing.T) {
	dir := tree(t, map[string]string{"infra/main.tf": insecureTF})
	code, stdout, _ := run(t, dir, "scan", "--format", "sarif", "--output", "out.sarif", "infra")
	if code != ExitFindings {
		t.Fatalf("exit code %d, want 1", code)
	}
	if stdout != "" {
		t.Errorf("stdout not empty with --output: %q", stdout)
	}
	first, err := os.ReadFile(filepath.Join(dir, "out.sarif"))
	if err != nil {
		t.Fatal(err)
	}
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			Results []struct {
				RuleID    string `json:"ruleId"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI       string `json:"uri"`
							URIBaseID string `json:"uriBaseId"`
						} `json:"artifactLocation"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(first, &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 || len(log.Runs[0].Results) == 0 {
		t.Fatalf("unexpected SARIF: %s", first)
	}
	loc := log.Runs[0].Results[0].Locations[0].PhysicalLocation.ArtifactLocation
	// Outside a git work tree the scan root is the scanned folder.
	if loc.URI != "main.tf" || loc.URIBaseID != "%SRCROOT%" {
		t.Errorf("artifact location = %+v, want main.tf relative to %%SRCROOT%%", loc)
	}
	// The same input gives byte-identical output.
	run(t, "", "scan", "--format", "sarif", "--output", "again.sarif", "infra")
	again, err := os.ReadFile(filepath.Join(dir, "again.sarif"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, again) {
		t.Error("two scans of the same input gave different SARIF")
	}
	// A report over a longer file replaces all of it.
	long := bytes.Repeat([]byte("x"), len(first)*2)
	if err := os.WriteFile(filepath.Join(dir, "again.sarif"), long, 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, "", "scan", "--format", "sarif", "--output", "again.sarif", "infra")
	if again, err := os.ReadFile(filepath.Join(dir, "again.sarif")); err != nil || !bytes.Equal(first, again) {
		t.Errorf("the report over a longer file is not the report alone (%d bytes, want %d): %v", len(again), len(first), err)
	}
	// A report that cannot be written is an error, and nothing else.
	code, _, stderr := run(t, "", "scan", "--format", "sarif", "--output", filepath.Join("missing", "out.sarif"), "infra")
	if code != ExitError || !strings.Contains(stderr, "write missing") {
		t.Errorf("report into a missing folder: exit %d, %q; want 2 and the path", code, stderr)
	}
}

func TestScanJSON(t *testing.T) {
	dir := tree(t, map[string]string{"main.tf": insecureTF})
	code, stdout, _ := run(t, dir, "scan", "-f", "json")
	if code != ExitFindings {
		t.Fatalf("exit code %d, want 1", code)
	}
	var doc struct {
		Version  string `json:"version"`
		Findings []struct {
			RuleID    string `json:"rule_id"`
			File      string `json:"file"`
			StartLine int    `json:"start_line"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	ids := map[string]bool{}
	for _, f := range doc.Findings {
		ids[f.RuleID] = true
		if f.File != "main.tf" || f.StartLine != 1 {
			t.Errorf("finding %s at %s:%d, want main.tf:1", f.RuleID, f.File, f.StartLine)
		}
	}
	for _, id := range []string{"DDB101", "DDB201", "DDB203"} {
		if !ids[id] {
			t.Errorf("no %s finding in %s", id, stdout)
		}
	}
}

func TestScanSingleFile(t *testing.T) {
	dir := tree(t, map[string]string{
		"mod/tables.tf": `resource "aws_dynamodb_table" "t" {
  name     = "t"
  hash_key = "pk"

  attribute {
    name = "pk"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.k.arn
  }
}
`,
		"mod/kms.tf": "resource \"aws_kms_key\" \"k\" {}\n",
	})
	// A file is read with its module: the key in kms.tf makes the table's key a CMK.
	code, stdout, _ := run(t, dir, "scan", "--rule", "DDB101", "--rule", "DDB102", "mod/tables.tf")
	if code != ExitClean {
		t.Errorf("exit code %d, want 0:\n%s", code, stdout)
	}
}

func TestRulesAndExplain(t *testing.T) {
	code, stdout, _ := run(t, "", "rules")
	if code != ExitClean || !strings.Contains(stdout, "DDB101") || !strings.Contains(stdout, "table-aws-owned-key") {
		t.Errorf("rules: exit %d\n%s", code, stdout)
	}
	code, stdout, _ = run(t, "", "rules", "--format", "json")
	var list []map[string]any
	if code != ExitClean || json.Unmarshal([]byte(stdout), &list) != nil || len(list) == 0 || list[0]["id"] != "DDB101" {
		t.Errorf("rules --format json: exit %d\n%s", code, stdout)
	}
	code, stdout, _ = run(t, "", "explain", "DDB101")
	if code != ExitClean || !strings.HasPrefix(stdout, "DDB101: ") || strings.Contains(stdout, `want "`) {
		t.Errorf("explain DDB101: exit %d\n%s", code, stdout)
	}
	code, stdout, _ = run(t, "", "explain", "--format", "markdown", "DDB101")
	if code != ExitClean || !strings.HasPrefix(stdout, "# DDB101: ") {
		t.Errorf("explain --format markdown DDB101: exit %d\n%s", code, stdout)
	}
	code, _, stderr := run(t, "", "explain", "DDB999")
	if code != ExitError || !strings.Contains(stderr, "DDB999") {
		t.Errorf("explain DDB999: exit %d, stderr %q", code, stderr)
	}
	code, stdout, _ = run(t, "", "version")
	if code != ExitClean || !strings.HasPrefix(stdout, "dynamoguard ") {
		t.Errorf("version: exit %d, %q", code, stdout)
	}
}

// TestReadmeRulesTable keeps the README's rule table in step with the catalogue.
func TestReadmeRulesTable(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), rulesMarkdown()) {
		t.Errorf("README.md's rule table differs from `dynamoguard rules --format markdown`:\n%s", rulesMarkdown())
	}
}

func TestCFNParams(t *testing.T) {
	template := `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Pitr:
    Type: String
Resources:
  T:
    Type: AWS::DynamoDB::Table
    Properties:
      DeletionProtectionEnabled: true
      SSESpecification: {SSEEnabled: true, SSEType: KMS, KMSMasterKeyId: arn:aws:kms:us-east-1:111122223333:key/k}
      PointInTimeRecoverySpecification:
        PointInTimeRecoveryEnabled: !Ref Pitr
`
	for _, tc := range []struct {
		name, params string
		want         ExitCode
		stderr       string
	}{
		{"no value: not analysed", "", ExitClean, ""},
		{"object, boolean false", `{"Pitr": false}`, ExitFindings, ""},
		{"CLI list, string true", `[{"ParameterKey": "Pitr", "ParameterValue": "true"}]`, ExitClean, ""},
		{"null is refused", `{"Pitr": null}`, ExitError, `parameter "Pitr"`},
		{"object value is refused", `{"Pitr": {"a": 1}}`, ExitError, `parameter "Pitr"`},
		{"not JSON", `Pitr=true`, ExitError, "want a JSON object"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{"t.yaml": template}
			args := []string{"scan", "t.yaml"}
			if tc.params != "" {
				files["params.json"] = tc.params
				args = append(args, "--cfn-params", "params.json")
			}
			code, stdout, stderr := run(t, tree(t, files), args...)
			if code != tc.want || !strings.Contains(stderr, tc.stderr) {
				t.Errorf("exit %d, want %d; stderr %q lacks %q\n%s", code, tc.want, stderr, tc.stderr, stdout)
			}
		})
	}
}
