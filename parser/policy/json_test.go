package policy

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dynamoguard/dynamoguard/model"
)

func whole(file string) model.Range {
	return model.Range{Filename: file, Start: model.Pos{Line: 1, Column: 1}}
}

func parse(t *testing.T, text string) (model.PolicyDocument, model.Diagnostics) {
	t.Helper()
	doc, diags := FromJSON(Literal([]byte(text), "p.json", model.Pos{Line: 1, Column: 1}), whole("p.json"), "policy")
	if err := validateDoc(doc); err != "" {
		t.Fatalf("document has values nobody set: %s", err)
	}
	return doc, diags
}

// validateDoc checks that every Meta of doc has a state and a path.
func validateDoc(doc model.PolicyDocument) string {
	p := &model.Project{}
	p.Add(&model.IAMPolicy{Resource: model.Resource{Kind: model.Terraform, Type: "t", Address: "a", Scope: "s"},
		Kind: model.IAMManagedPolicy, Name: model.KnownValue("n", model.Range{}, "name"), Document: doc})
	if err := model.Validate(p); err != nil {
		return err.Error()
	}
	return ""
}

func TestJSONPositions(t *testing.T) {
	text := `{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "dynamodb:*", "Resource": ["arn:aws:dynamodb:*:*:table/a", "*"]},
    {
      "Effect": "Deny",
      "NotAction": ["s3:Get*"],
      "Principal": {"AWS": ["arn:aws:iam::111122223333:root"], "Service": "dynamodb.amazonaws.com"},
      "Condition": {"ForAnyValue:StringEqualsIfExists": {"aws:SourceVpce": ["vpce-1", "vpce-2"]}, "Bool": {"aws:SecureTransport": false}}
    }
  ]
}`
	doc, diags := parse(t, text)
	if len(diags) > 0 || !doc.IsKnown() || len(doc.Statements) != 2 {
		t.Fatalf("doc = %+v, diags %v", doc, diags)
	}
	s0, s1 := doc.Statements[0], doc.Statements[1]
	at := func(v model.Value[string], line, col int, want string) {
		t.Helper()
		if v.Value != want || v.Range.Start.Line != line || v.Range.Start.Column != col || !v.IsKnown() {
			t.Errorf("%s = %q at %d:%d (%s), want %q at %d:%d", v.Path, v.Value, v.Range.Start.Line, v.Range.Start.Column, v.State, want, line, col)
		}
	}
	at(s0.Actions.Values[0], 4, 35, "dynamodb:*")
	at(s0.Resources.Values[1], 4, 94, "*")
	if got := s0.Resources.Values[1].Path; got != "policy.Statement[0].Resource[1]" {
		t.Errorf("path = %q", got)
	}
	if !s0.IsAllow() || !s1.IsDeny() || s0.NotActions.Written() || !s1.NotActions.Written() {
		t.Errorf("effects / written wrong: %+v", s0)
	}
	at(s1.NotActions.Values[0], 7, 21, "s3:Get*")
	if len(s1.Principals.Entries) != 2 || s1.Principals.Entries[1].Type.Value != "Service" {
		t.Fatalf("principals = %+v", s1.Principals)
	}
	at(s1.Principals.Entries[0].IDs.Values[0], 8, 29, "arn:aws:iam::111122223333:root")
	c := s1.Conditions.Items
	if len(c) != 2 || c[0].SetQualifier != "ForAnyValue" || c[0].Base != "StringEquals" || !c[0].IfExists ||
		c[0].Key.Value != "aws:SourceVpce" || len(c[0].Values.Values) != 2 || c[1].Values.Values[0].Value != "false" {
		t.Errorf("conditions = %+v", c)
	}
}

func TestJSONSegments(t *testing.T) {
	// `{"Resource": "${aws_dynamodb_table.t.arn}/*", "Action": "${var.a}"}` as
	// a heredoc starting at line 3 column 1 whose interpolations were
	// replaced by their renderings.
	lit := func(s string) string { return s }
	parts := []struct {
		text string
		seg  Segment
	}{
		{lit(`{"Statement": {"Effect": "Allow", "Resource": "`), Segment{Start: model.Pos{Line: 3, Column: 1, Byte: 100}}},
		{`${aws_dynamodb_table.t.arn}`, Segment{Computed: true, Range: model.Range{Filename: "main.tf", Start: model.Pos{Line: 3, Column: 48}, End: model.Pos{Line: 3, Column: 78}},
			Refs: []model.Ref{{Address: "aws_dynamodb_table.t", Attribute: "arn"}}}},
		{"/*\",\n \"Action\": \"", Segment{Start: model.Pos{Line: 3, Column: 78, Byte: 177}}},
		{`x`, Segment{Computed: true, Unknown: true, Reason: "var.a has no value", Range: model.Range{Filename: "main.tf", Start: model.Pos{Line: 4, Column: 13}, End: model.Pos{Line: 4, Column: 21}}}},
		{`"}}`, Segment{Start: model.Pos{Line: 4, Column: 21, Byte: 200}}},
	}
	var tx Text
	tx.Filename = "main.tf"
	for _, p := range parts {
		p.seg.Offset = len(tx.Data)
		tx.Segments = append(tx.Segments, p.seg)
		tx.Data = append(tx.Data, p.text...)
	}
	doc, diags := FromJSON(tx, whole("main.tf"), "policy")
	if len(diags) > 0 || len(doc.Statements) != 1 {
		t.Fatalf("doc %+v diags %v", doc, diags)
	}
	s := doc.Statements[0]
	r := s.Resources.Values[0]
	if r.Value != "${aws_dynamodb_table.t.arn}/*" || len(r.Refs) != 1 || !r.IsKnown() || r.Range.Start.Line != 3 || r.Range.Start.Column != 47 {
		t.Errorf("resource = %+v", r)
	}
	a := s.Actions
	if !a.IsUnknown() || a.Reason != "var.a has no value" || a.Range.Start.Line != 4 || a.Range.Start.Column != 12 {
		t.Errorf("action = %+v", a)
	}
}

func TestJSONBadInput(t *testing.T) {
	cases := []struct {
		name, text string
		docUnknown bool
		stUnknown  bool
		diag       string
		line       int
	}{
		{"invalid", "{\n  \"Statement\": [\n    {\"Effect\": \"Allow\",,}\n  ]\n}", true, false, "not valid JSON", 3},
		{"truncated", "{\"Statement\": [", true, false, "not valid JSON", 1},
		{"empty", "  \n", true, false, "empty", 1},
		{"trailing", "{\"Statement\": []} x", true, false, "not valid JSON", 1},
		{"not an object", "[1]", true, false, "not a JSON object", 1},
		{"no statement", "{\"Version\": \"2012-10-17\"}", true, false, "no Statement", 1},
		{"action number", "{\"Statement\": {\"Effect\": \"Allow\",\n \"Action\": 5, \"Resource\": \"*\"}}", false, true, "Action is 5", 2},
		{"action object", "{\"Statement\": {\"Effect\": \"Allow\", \"Action\": {\"a\": 1}}}", false, true, "Action is an object", 1},
		{"list of numbers", "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": [\"s3:*\", 2]}]}", false, true, "element that is 2", 1},
		{"unknown element", "{\"Statement\": [{\"Effect\": \"Allow\", \"Actions\": \"s3:*\"}]}", false, true, "\"Actions\"", 1},
		{"statement string", "{\"Statement\": \"x\"}", false, true, "Statement is a string", 1},
		{"deep", strings.Repeat("[", 1000) + strings.Repeat("]", 1000), true, false, "nested more than", 1},
		{"duplicate", "{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"a\", \"Action\": \"b\"}}", false, false, "", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc, diags := parse(t, c.text)
			if doc.IsUnknown() != c.docUnknown {
				t.Fatalf("document state %s, reason %q", doc.State, doc.Reason)
			}
			if c.stUnknown && (len(doc.Statements) != 1 || !doc.Statements[0].IsUnknown()) {
				t.Fatalf("statements = %+v", doc.Statements)
			}
			if c.diag == "" {
				if c.name == "duplicate" && !doc.Statements[0].Actions.IsUnknown() {
					t.Errorf("a duplicate key must make the element unknown: %+v", doc.Statements[0].Actions)
				}
				return
			}
			if len(diags) == 0 || !strings.Contains(diags[0].Detail, c.diag) || diags[0].Subject.Start.Line != c.line {
				t.Errorf("diags = %v, want %q at line %d", diags, c.diag, c.line)
			}
		})
	}
}

func TestPrincipalShapes(t *testing.T) {
	cases := map[string]string{
		`"*"`:                                   "wildcard",
		`{"AWS": "*"}`:                          "known",
		`"arn:aws:iam::1:root"`:                 "unknown",
		`{"Group": "x"}`:                        "unknown",
		`{"AWS": {"a": "b"}}`:                   "unknown",
		`["*"]`:                                 "unknown",
		`{"AWS": ["a", "b"], "Federated": "c"}`: "known",
	}
	for p, want := range cases {
		doc, _ := parse(t, `{"Statement": {"Effect": "Allow", "Action": "s3:*", "Principal": `+p+`}}`)
		pr := doc.Statements[0].Principals
		got := pr.State.String()
		if pr.Wildcard.Value {
			got = "wildcard"
		}
		if got != want {
			t.Errorf("Principal %s: %s, want %s", p, got, want)
		}
	}
}

// largePolicy is a document of n statements, separated by sep.
func largePolicy(n int, sep string) string {
	var b strings.Builder
	b.WriteString(`{"Version": "2012-10-17", "Statement": [`)
	for i := range n {
		if i > 0 {
			b.WriteString("," + sep)
		}
		fmt.Fprintf(&b, `{"Sid": "S%d", "Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:Query"], "Resource": "arn:aws:dynamodb:us-east-1:111122223333:table/t%d"}`, i, i)
	}
	b.WriteString("]}")
	return b.String()
}

func readLargePolicy(text string) model.PolicyDocument {
	doc, _ := FromJSON(Literal([]byte(text), "p.json", model.Pos{Line: 1, Column: 1}), whole("p.json"), "policy")
	return doc
}

// TestLargeDocument reads a 100,000-statement document, one statement a
// line, with every position right; BenchmarkLargeDocument shows the cost
// is linear in the statements.
func TestLargeDocument(t *testing.T) {
	doc := readLargePolicy(largePolicy(100000, "\n"))
	if len(doc.Statements) != 100000 {
		t.Fatalf("statements = %d", len(doc.Statements))
	}
	if last := doc.Statements[99999].Resources.Values[0]; last.Range.Start.Line != 100000 {
		t.Errorf("last resource at line %d", last.Range.Start.Line)
	}
	doc = readLargePolicy(largePolicy(10000, "")) // minified, on one line
	if last := doc.Statements[9999].Resources.Values[0]; last.Value != "arn:aws:dynamodb:us-east-1:111122223333:table/t9999" {
		t.Errorf("last resource %+v", last)
	}
}

// BenchmarkLargeDocument reads documents of 1,000 to 100,000 statements:
// ns/op per statement stays flat when the cost is linear.
func BenchmarkLargeDocument(b *testing.B) {
	for _, n := range []int{1000, 10000, 100000} {
		text := largePolicy(n, "\n")
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				readLargePolicy(text)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/statement")
		})
	}
}

// FuzzParseJSON checks that no text makes the reader panic, hang or build
// a document with values nobody set.
func FuzzParseJSON(f *testing.F) {
	for _, s := range []string{
		`{"Statement": {"Effect": "Allow", "Action": "dynamodb:*", "Resource": "*"}}`,
		`{"Statement": [{"Effect": "Deny", "NotAction": ["a"], "NotResource": "b", "Principal": {"AWS": ["1"]},
		  "Condition": {"ForAnyValue:StringLikeIfExists": {"k": ["v", 1, true]}}}]}`,
		`{"Statement": [1, "x", null, {"Principal": "*"}]}`, `[`, `{"Statement": {"Action": {"a": []}}}`, "\xff",
	} {
		f.Add([]byte(s))
	}
	// The JSON templates of the rules' fixtures hold policies of every
	// shape.
	fixtures, _ := filepath.Glob("../../rules/testdata/*/*/*.json")
	for _, name := range fixtures {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, _ := FromJSON(Literal(data, "f.json", model.Pos{Line: 1, Column: 1}), whole("f.json"), "policy")
		if err := validateDoc(doc); err != "" {
			t.Fatalf("document has values nobody set: %s", err)
		}
	})
}
