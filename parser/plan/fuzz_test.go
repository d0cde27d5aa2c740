package plan

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/dynamoguard/dynamoguard/parser/terraform"
)

// FuzzLoad reads any bytes as a plan and builds them: no panic, no hang,
// and every diagnostic names the file.
func FuzzLoad(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*.json")
	more, _ := filepath.Glob("testdata/*/*.json")
	for _, name := range append(seeds, more...) {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
		f.Add(data[:len(data)/3])
	}
	f.Add([]byte(`{"format_version":"1.2","resource_changes":[{"address":"module.a[\"x\"].aws_dynamodb_table.t[0]","mode":"managed","type":"aws_dynamodb_table","name":"t","change":{"actions":["create"],"after":{"server_side_encryption":[{"enabled":true}]},"after_unknown":{"server_side_encryption":[{"kms_key_arn":true}],"replica":true}}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		proj, diags := Load("plan.json", bytes.NewReader(data), nil, terraform.Options{})
		if proj == nil {
			t.Fatal("nil project")
		}
		for _, d := range diags {
			if d.Subject.Filename != "plan.json" {
				t.Errorf("diagnostic %q names %q", d.Summary, d.Subject.Filename)
			}
		}
	})
}
