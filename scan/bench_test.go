package scan

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// bigJSONTemplate is bigTemplate in JSON, as CDK synthesizes templates.
func bigJSONTemplate(tb testing.TB, dir string, n int) int {
	tb.Helper()
	var b strings.Builder
	b.WriteString("{\n  \"AWSTemplateFormatVersion\": \"2010-09-09\",\n  \"Parameters\": {\n    \"Pitr\": {\n      \"Type\": \"String\",\n      \"Default\": \"true\"\n    }\n  },\n" +
		"  \"Resources\": {\n    \"Key\": {\n      \"Type\": \"AWS::KMS::Key\",\n      \"Properties\": {\n        \"EnableKeyRotation\": true\n      }\n    }")
	for i := range n {
		fmt.Fprintf(&b, ",\n    \"Table%d\": {\n      \"Type\": \"AWS::DynamoDB::Table\",\n      \"Properties\": {\n        \"TableName\": \"t%d\",\n        \"BillingMode\": \"PAY_PER_REQUEST\",\n"+
			"        \"KeySchema\": [\n          {\n            \"AttributeName\": \"pk\",\n            \"KeyType\": \"HASH\"\n          }\n        ],\n"+
			"        \"AttributeDefinitions\": [\n          {\n            \"AttributeName\": \"pk\",\n            \"AttributeType\": \"S\"\n          }\n        ]", i, i)
		switch i % 3 {
		case 1:
			b.WriteString(",\n        \"SSESpecification\": {\n          \"SSEEnabled\": true\n        }")
		case 2:
			b.WriteString(",\n        \"SSESpecification\": {\n          \"SSEEnabled\": true,\n          \"SSEType\": \"KMS\",\n          \"KMSMasterKeyId\": {\n            \"Fn::GetAtt\": [\"Key\", \"Arn\"]\n          }\n        }")
		}
		switch i % 3 {
		case 0:
			b.WriteString(",\n        \"PointInTimeRecoverySpecification\": {\n          \"PointInTimeRecoveryEnabled\": true\n        }")
		case 1:
			b.WriteString(",\n        \"PointInTimeRecoverySpecification\": {\n          \"PointInTimeRecoveryEnabled\": {\n            \"Ref\": \"Pitr\"\n          }\n        }")
		}
		b.WriteString("\n      }\n    }")
	}
	b.WriteString("\n  }\n}\n")
	if err := os.WriteFile(filepath.Join(dir, "stack.json"), []byte(b.String()), 0o600); err != nil {
		tb.Fatal(err)
	}
	return b.Len()
}

// bigMinifiedTemplate is bigJSONTemplate on one line, as a minifier
// writes it.
func bigMinifiedTemplate(tb testing.TB, dir string, n int) int {
	tb.Helper()
	bigJSONTemplate(tb, dir, n)
	name := filepath.Join(dir, "stack.json")
	data, err := os.ReadFile(name)
	if err != nil {
		tb.Fatal(err)
	}
	var b bytes.Buffer
	if err := json.Compact(&b, data); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(name, b.Bytes(), 0o600); err != nil {
		tb.Fatal(err)
	}
	return b.Len()
}

// bigTemplate writes a CloudFormation template of n tables in a rotating
// mix of settings (no SSE, AWS-managed, CMK; PITR on, off, from a
// parameter) into dir, and returns its size in bytes.
func bigTemplate(tb testing.TB, dir string, n int) int {
	tb.Helper()
	var b strings.Builder
	b.WriteString("AWSTemplateFormatVersion: \"2010-09-09\"\nParameters:\n  Pitr:\n    Type: String\n    Default: \"true\"\nResources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      EnableKeyRotation: true\n")
	for i := range n {
		fmt.Fprintf(&b, "  Table%d:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      TableName: t%d\n      BillingMode: PAY_PER_REQUEST\n      KeySchema:\n        - AttributeName: pk\n          KeyType: HASH\n      AttributeDefinitions:\n        - AttributeName: pk\n          AttributeType: S\n", i, i)
		switch i % 3 {
		case 1:
			b.WriteString("      SSESpecification:\n        SSEEnabled: true\n")
		case 2:
			b.WriteString("      SSESpecification:\n        SSEEnabled: true\n        SSEType: KMS\n        KMSMasterKeyId: !GetAtt Key.Arn\n")
		}
		switch i % 3 {
		case 0:
			b.WriteString("      PointInTimeRecoverySpecification:\n        PointInTimeRecoveryEnabled: true\n")
		case 1:
			b.WriteString("      PointInTimeRecoverySpecification:\n        PointInTimeRecoveryEnabled: !Ref Pitr\n")
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "stack.yaml"), []byte(b.String()), 0o600); err != nil {
		tb.Fatal(err)
	}
	return b.Len()
}

// BenchmarkTemplateSize is a whole scan (load, link, rules, suppressions,
// fixes) of one template of 1,000 to 8,000 tables, in YAML, in JSON and
// in JSON on one line: the time per table must stay flat as the template
// grows.
func BenchmarkTemplateSize(b *testing.B) {
	for _, format := range []struct {
		name  string
		write func(testing.TB, string, int) int
	}{{"yaml", bigTemplate}, {"json", bigJSONTemplate}, {"minified", bigMinifiedTemplate}} {
		for _, n := range []int{1000, 2000, 4000, 8000} {
			b.Run(fmt.Sprintf("%s/tables=%d", format.name, n), func(b *testing.B) {
				benchTemplate(b, format.write, n)
			})
		}
	}
}

// benchTemplate scans the template of n tables that write makes, and
// reports the time per table and the MB/s.
func benchTemplate(b *testing.B, write func(testing.TB, string, int) int, n int) {
	dir := b.TempDir()
	size := write(b, dir, n)
	b.ReportAllocs()
	for b.Loop() {
		res, err := Run(context.Background(), Options{Paths: []string{dir}})
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Findings) == 0 {
			b.Fatal("no findings")
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/table")
	b.ReportMetric(float64(size)*float64(b.N)/b.Elapsed().Seconds()/1e6, "MB/s")
}
