package scan

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// goodTF and goodYAML are files with findings that sit beside each hostile
// input: a scan of the hostile tree must report them as a scan of them alone
// does.
const goodTF = `resource "aws_dynamodb_table" "good" {
  name     = "good"
  hash_key = "pk"

  attribute {
    name = "pk"
    type = "S"
  }
}
`

const goodYAML = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Good:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions:
        - AttributeName: pk
          AttributeType: S
      KeySchema:
        - AttributeName: pk
          KeyType: HASH
`

const tableTF = `resource "aws_dynamodb_table" "%s" {
  name     = "%s"
  hash_key = "pk"
  %s
  attribute {
    name = "pk"
    type = "S"
  }
}
`

// hostileCase is one hostile input: files to write (a nil value is made by
// make instead), and what the scan must say about it.
type hostileCase struct {
	name  string
	files map[string]string
	// make builds inputs that are not plain files, or too large to spell.
	make func(t *testing.T, dir string)
	// diag, when set, must match a diagnostic's summary or detail.
	diag string
	// check, when set, looks at the scan of the hostile tree.
	check func(t *testing.T, res *Result)
	// slow cases are skipped under -short and -race.
	slow bool
}

func nested(opening, closing string, depth int, inner string) string {
	return strings.Repeat(opening, depth) + inner + strings.Repeat(closing, depth)
}

func hostileCases() []hostileCase {
	const deep = 100000
	return []hostileCase{
		{name: "invalid-hcl", files: map[string]string{"main.tf": "resource \"aws_dynamodb_table\" \"t\" {\n  name = \n"}, diag: `.`},
		{name: "invalid-yaml", files: map[string]string{"template.yaml": "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  T: [\n    Type: {\n"}, diag: `.`},
		{name: "invalid-json", files: map[string]string{"template.json": `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"T": {"Type": "AWS::DynamoDB::Table",`}, diag: `.`},
		{name: "alias-bomb", make: func(t *testing.T, dir string) {
			var b strings.Builder
			b.WriteString("AWSTemplateFormatVersion: \"2010-09-09\"\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
			for i := 1; i <= 12; i++ {
				fmt.Fprintf(&b, "a%d: &a%d [%s]\n", i, i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*a%d, ", i-1), 10), ", "))
			}
			b.WriteString("Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      Tags: *a12\n")
			writeFile(t, filepath.Join(dir, "template.yaml"), b.String())
		}, diag: `alias`},
		{name: "deep-hcl", files: map[string]string{"main.tf": "locals {\n  x = " + nested("[", "]", deep, "1") + "\n}\n" + fmt.Sprintf(tableTF, "t", "t", "")}, diag: `nest|deep`},
		{name: "deep-hcl-json", files: map[string]string{"main.tf.json": `{"locals": {"x": ` + nested("[", "]", deep, "1") + `}}`}, diag: `nest|deep`},
		{name: "deep-yaml-flow", files: map[string]string{"template.yaml": "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  T:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      Tags: " + nested("[", "]", deep, "1") + "\n"}, diag: `depth|deep|nest`},
		// "- - - 1" nests block sequences on one line.
		{name: "deep-yaml-block", files: map[string]string{"template.yaml": "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  T:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      Tags:\n        " + strings.Repeat("- ", deep) + "1\n"}, diag: `depth|deep|nest`},
		{name: "deep-json-template", files: map[string]string{"template.json": `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"T": {"Type": "AWS::DynamoDB::Table", "Properties": {"Tags": ` + nested("[", "]", deep, "1") + `}}}}`}, diag: `depth|deep|nest`},
		{name: "deep-plan", files: map[string]string{"plan.json": `{"format_version": "1.2", "terraform_version": "1.9.0", "planned_values": {"root_module": {"resources": [{"address": "aws_dynamodb_table.t", "mode": "managed", "type": "aws_dynamodb_table", "name": "t", "values": {"name": "t", "tags": ` + nested(`{"a": `, "}", deep, "1") + `}}]}}}`}, diag: `.`},
		{name: "deep-policy", files: map[string]string{"main.tf": fmt.Sprintf(tableTF, "t", "t", "") + "resource \"aws_dynamodb_resource_policy\" \"p\" {\n  resource_arn = aws_dynamodb_table.t.arn\n  policy = <<EOF\n{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"dynamodb:*\", \"Resource\": \"*\", \"Condition\": " + nested(`{"a": `, "}", deep, "1") + "}]}\nEOF\n}\n"}, diag: `.`},
		{name: "large-file", make: func(t *testing.T, dir string) {
			f, err := os.Create(filepath.Join(dir, "template.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = f.Close() }()
			if _, err := f.WriteString(goodYAML); err != nil {
				t.Fatal(err)
			}
			line := "# " + strings.Repeat("x", 1022) + "\n"
			chunk := strings.Repeat(line, 1024)
			for range 50 {
				if _, err := f.WriteString(chunk); err != nil {
					t.Fatal(err)
				}
			}
		}, diag: `file too large`},
		{name: "nul-bytes", files: map[string]string{"main.tf": fmt.Sprintf(tableTF, "t", "t", "") + "\x00\x00\x00", "template.yaml": goodYAML + "\x00"}, diag: `not UTF-8 text`},
		{name: "not-utf8", files: map[string]string{"template.yaml": goodYAML + "# \xff\xfe\n"}, diag: `not UTF-8 text`},
		{name: "fifo", make: func(t *testing.T, dir string) {
			mkfifo(t, filepath.Join(dir, "pipe.yaml"))
			mkfifo(t, filepath.Join(dir, "pipe.tf"))
		}},
		{name: "symlink-loop", make: func(t *testing.T, dir string) {
			for _, l := range [][2]string{{"a.yaml", "b.yaml"}, {"b.yaml", "a.yaml"}, {"loop", "."}, {"self.tf", "self.tf"}} {
				if err := os.Symlink(l[1], filepath.Join(dir, l[0])); err != nil {
					t.Skipf("no symbolic links: %v", err)
				}
			}
		}},
		{name: "unreadable", make: func(t *testing.T, dir string) {
			name := filepath.Join(dir, "template.yaml")
			writeFile(t, name, goodYAML)
			if err := os.Chmod(name, 0); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = os.Chmod(name, 0o644) })
			if f, err := os.Open(name); err == nil {
				// Whoever may read any file: an entry that cannot be
				// opened for another reason, a link out of the scan root.
				_ = f.Close()
				if err := os.Remove(name); err != nil {
					t.Fatal(err)
				}
				if err := os.Symlink(os.DevNull, name); err != nil {
					t.Skipf("no symbolic links: %v", err)
				}
			}
		}, check: func(t *testing.T, res *Result) {
			for _, d := range res.Diagnostics {
				if d.Subject.Filename == "unreadable/template.yaml" {
					return
				}
			}
			for _, n := range res.NotAnalysed {
				if n.Range.Filename == "unreadable/template.yaml" {
					return
				}
			}
			t.Errorf("nothing says unreadable/template.yaml was not read: %v %v", res.Diagnostics, res.NotAnalysed)
		}},
		{name: "module-self-cycle", files: map[string]string{"main.tf": "module \"self\" {\n  source = \"./\"\n}\n" + fmt.Sprintf(tableTF, "t", "t", "")}, diag: `.`},
		{name: "variable-cycle", files: map[string]string{"main.tf": "locals {\n  a = local.b\n  b = local.a\n}\n" + fmt.Sprintf(tableTF, "t", "t", "server_side_encryption { enabled = local.a }")}},
		{name: "count-1e9", files: map[string]string{"main.tf": fmt.Sprintf(tableTF, "t", "t", "count = 1e9")}, diag: `instance|count`},
		{name: "for-each-1e6", files: map[string]string{"main.tf": fmt.Sprintf(tableTF, "t", "t", "for_each = toset([for i in range(1000000) : tostring(i)])")}, diag: `.`},
		{name: "template-20000", make: func(t *testing.T, dir string) {
			var b strings.Builder
			b.WriteString("AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n")
			for i := range 20000 {
				fmt.Fprintf(&b, "  T%d:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      BillingMode: PAY_PER_REQUEST\n      KeySchema: [{AttributeName: pk, KeyType: HASH}]\n", i)
			}
			writeFile(t, filepath.Join(dir, "many.yaml"), b.String())
		}, slow: true, check: func(t *testing.T, res *Result) {
			n := 0
			for _, f := range res.Findings {
				if f.RuleID == "DDB101" && f.Range.Filename == "template-20000/many.yaml" {
					n++
				}
			}
			if n != 20000 {
				t.Errorf("DDB101 findings in many.yaml = %d, want 20000", n)
			}
		}},
		{name: "policy-100000", make: func(t *testing.T, dir string) {
			var b strings.Builder
			b.WriteString(`{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"T": {"Type": "AWS::DynamoDB::Table", "Properties": {"BillingMode": "PAY_PER_REQUEST", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}], "ResourcePolicy": {"PolicyDocument": {"Version": "2012-10-17", "Statement": [`)
			for i := range 100000 {
				if i > 0 {
					b.WriteString(",")
				}
				b.WriteString(`{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"dynamodb:GetItem","Resource":"*"}`)
			}
			b.WriteString(`, {"Effect": "Allow", "Principal": "*", "Action": "dynamodb:*", "Resource": "*"}]}}}}}}`)
			writeFile(t, filepath.Join(dir, "policy.json"), b.String())
		}, slow: true, diag: `too large to evaluate`},
		{name: "policy-100000-terraform", make: func(t *testing.T, dir string) {
			var b strings.Builder
			fmt.Fprintf(&b, tableTF, "t", "t", "")
			b.WriteString("resource \"aws_dynamodb_resource_policy\" \"p\" {\n  resource_arn = aws_dynamodb_table.t.arn\n  policy       = <<EOF\n{\"Version\": \"2012-10-17\", \"Statement\": [")
			for range 100000 {
				// One line: hcl's parser joins a heredoc's lines in time
				// quadratic in their number.
				b.WriteString(`{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"dynamodb:GetItem","Resource":"*"},`)
			}
			b.WriteString("{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"dynamodb:*\", \"Resource\": \"*\"}]}\nEOF\n}\n")
			writeFile(t, filepath.Join(dir, "main.tf"), b.String())
		}, slow: true, check: func(t *testing.T, res *Result) {
			// The statement after the 100,000 others is read: the table
			// open to anyone is reported there.
			for _, f := range res.Findings {
				if f.Range.Filename == "policy-100000-terraform/main.tf" && f.Range.Start.Line == 13 && f.Range.Start.Column > 9000000 {
					t.Logf("%s at line %d", f.RuleID, f.Range.Start.Line)
					return
				}
			}
			var at []string
			for _, f := range res.Findings {
				at = append(at, fmt.Sprintf("%s:%d %s", f.Range.Filename, f.Range.Start.Line, f.RuleID))
			}
			t.Errorf("no finding at the public statement: %v %v", at, res.Diagnostics)
		}},
	}
}

func writeFile(t *testing.T, name, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// findingKeys are the findings of res in the files under dir, as text.
func findingKeys(res *Result, dir string) []string {
	var out []string
	for _, f := range res.Findings {
		if f.Range.Filename == dir || strings.HasPrefix(f.Range.Filename, dir+"/") {
			out = append(out, fmt.Sprintf("%s:%d:%d %s %s", f.Range.Filename, f.Range.Start.Line, f.Range.Start.Column, f.RuleID, f.Message))
		}
	}
	return out
}

// TestHostileInput scans, for each hostile input, a tree holding it beside
// good files: the scan ends in bounded time and memory with a diagnostic
// (or a correct result), and the good files' findings are those of a scan of
// them alone.
func TestHostileInput(t *testing.T) {
	root := t.TempDir()
	// A .git folder makes root the scan root of every scan below, so that
	// file names compare.
	if err := os.Mkdir(filepath.Join(root, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(root)
	for _, c := range hostileCases() {
		t.Run(c.name, func(t *testing.T) {
			if c.slow && (testing.Short() || raceDetector) {
				// -race makes them seven times slower (two minutes
				// together); they run in every plain go test, and
				// .ci/run runs the suite without -race as well.
				t.Skip("slow: not run with -short or -race")
			}
			dir := filepath.Join(root, c.name)
			writeFile(t, filepath.Join(dir, "good", "main.tf"), goodTF)
			writeFile(t, filepath.Join(dir, "good.yaml"), goodYAML)
			for name, data := range c.files {
				writeFile(t, filepath.Join(dir, name), data)
			}
			if c.make != nil {
				c.make(t, dir)
			}
			alone, err := Run(context.Background(), Options{Paths: []string{c.name + "/good", c.name + "/good.yaml"}})
			if err != nil {
				t.Fatal(err)
			}
			want := findingKeys(alone, c.name+"/good")
			want = append(want, findingKeys(alone, c.name+"/good.yaml")...)
			if len(want) == 0 {
				t.Fatalf("the good files have no findings: %v %v", alone.Findings, alone.Diagnostics)
			}
			var before runtime.MemStats
			runtime.ReadMemStats(&before)
			begin := time.Now()
			res, err := Run(context.Background(), Options{Paths: []string{c.name}})
			elapsed := time.Since(begin)
			var after runtime.MemStats
			runtime.ReadMemStats(&after)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%v, %d MB allocated", elapsed.Round(time.Millisecond), (after.TotalAlloc-before.TotalAlloc)>>20)
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 2<<30 {
				t.Errorf("allocated %d MB", alloc>>20)
			}
			got := findingKeys(res, c.name+"/good")
			got = append(got, findingKeys(res, c.name+"/good.yaml")...)
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("good files' findings changed (-alone +beside hostile):\n%s", d)
			}
			for i, d := range res.Diagnostics {
				if i < 3 {
					t.Logf("%.300s", d.Error())
				}
			}
			if c.diag != "" {
				re := regexp.MustCompile(c.diag)
				found := false
				for _, d := range res.Diagnostics {
					found = found || re.MatchString(d.Summary) || re.MatchString(d.Detail)
					if d.Subject.Filename == "" {
						t.Errorf("diagnostic without a file: %v", d)
					}
				}
				if !found {
					t.Errorf("no diagnostic matching %q: %v", c.diag, res.Diagnostics)
				}
			}
			if c.check != nil {
				c.check(t, res)
			}
			for _, d := range res.Diagnostics {
				if strings.Contains(strings.ToLower(d.Summary), "internal error") {
					t.Errorf("internal error: %v", d)
				}
			}
		})
	}
}
