// Package synthrepo generates the repositories the benchmarks scan:
// Terraform modules and CloudFormation templates of DynamoDB tables in a
// rotating mix of settings, in memory or written to a folder.
package synthrepo

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing/fstest"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"go.yaml.in/yaml/v3"
)

// Repo builds an in-memory repository of tfDirs Terraform modules and
// cfnFiles CloudFormation templates, each with tables tables in a rotating
// mix of settings (no SSE, AWS-managed, CMK by reference, key from a
// variable; PITR on, off, from a variable; replicas).
func Repo(tfDirs, cfnFiles, tables int) fstest.MapFS {
	fsys := fstest.MapFS{}
	for i := 0; i < tfDirs; i++ {
		var b strings.Builder
		fmt.Fprintf(&b, `variable "env" {
  default = "prod"
}

variable "pitr" {
  default = %t
}

variable "key_arn" {
  type = string
}

locals {
  prefix = "${var.env}-svc%d"
}

resource "aws_kms_key" "k" {
  enable_key_rotation = true
}
`, i%2 == 0, i)
		for t := 0; t < tables; t++ {
			fmt.Fprintf(&b, "\nresource \"aws_dynamodb_table\" \"t%d\" {\n  name     = \"${local.prefix}-t%d\"\n  hash_key = \"pk\"\n\n  attribute {\n    name = \"pk\"\n    type = \"S\"\n  }\n", t, t)
			switch (i + t) % 4 {
			case 1:
				b.WriteString("\n  server_side_encryption {\n    enabled = true\n  }\n")
			case 2:
				b.WriteString("\n  server_side_encryption {\n    enabled     = true\n    kms_key_arn = aws_kms_key.k.arn\n  }\n")
			case 3:
				b.WriteString("\n  server_side_encryption {\n    enabled     = true\n    kms_key_arn = var.key_arn\n  }\n")
			}
			switch (i + t) % 3 {
			case 0:
				b.WriteString("\n  point_in_time_recovery {\n    enabled = true\n  }\n")
			case 1:
				b.WriteString("\n  point_in_time_recovery {\n    enabled = var.pitr\n  }\n")
			}
			if t == tables-1 && i%10 == 0 {
				b.WriteString("\n  replica {\n    region_name = \"eu-west-1\"\n  }\n")
			}
			b.WriteString("}\n")
		}
		fsys[fmt.Sprintf("tf/mod%05d/main.tf", i)] = &fstest.MapFile{Data: []byte(b.String())}
	}
	for i := 0; i < cfnFiles; i++ {
		var b strings.Builder
		fmt.Fprintf(&b, `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env:
    Type: String
    Default: prod
  EnablePitr:
    Type: String
    Default: "%t"
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: true
`, i%2 == 0)
		for t := 0; t < tables; t++ {
			fmt.Fprintf(&b, "  Table%d:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      TableName: !Sub \"${Env}-stack%d-t%d\"\n      BillingMode: PAY_PER_REQUEST\n      KeySchema:\n        - AttributeName: pk\n          KeyType: HASH\n      AttributeDefinitions:\n        - AttributeName: pk\n          AttributeType: S\n", t, i, t)
			switch (i + t) % 4 {
			case 1:
				b.WriteString("      SSESpecification:\n        SSEEnabled: true\n")
			case 2:
				b.WriteString("      SSESpecification:\n        SSEEnabled: true\n        SSEType: KMS\n        KMSMasterKeyId: !GetAtt Key.Arn\n")
			case 3:
				b.WriteString("      SSESpecification:\n        SSEEnabled: !If [IsProd, true, false]\n")
			}
			if (i+t)%3 != 2 {
				b.WriteString("      PointInTimeRecoverySpecification:\n        PointInTimeRecoveryEnabled: !Ref EnablePitr\n")
			}
		}
		fsys[fmt.Sprintf("cfn/stack%05d.yaml", i)] = &fstest.MapFile{Data: []byte(b.String())}
	}
	return fsys
}

// Size is a repository of TF Terraform modules and CFN CloudFormation
// templates of Tables tables each.
type Size struct {
	Name    string
	TF, CFN int
	Tables  int
}

// Sizes are the repositories the benchmarks run on: Terraform modules and
// templates of 5 tables each.
var Sizes = []Size{
	{"small", 20, 10, 5},
	{"medium", 200, 100, 5},
	{"large", 800, 400, 5},
}

// Write writes the files of fsys under dir.
func Write(dir string, fsys fstest.MapFS) error {
	for name, f := range fsys {
		file := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
		if err := os.WriteFile(file, f.Data, 0o644); err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
	}
	return nil
}

// Parse parses the content data of the generated file named name with the
// parsers a scan uses and nothing else (hclsyntax for .tf, a yaml.v3 node
// tree otherwise): the floor a scan of the repository is measured against.
func Parse(name string, data []byte) error {
	if strings.HasSuffix(name, ".tf") {
		if _, diags := hclsyntax.ParseConfig(data, name, hcl.InitialPos); diags.HasErrors() {
			return diags
		}
		return nil
	}
	var n yaml.Node
	return yaml.Unmarshal(data, &n)
}
