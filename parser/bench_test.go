package parser_test

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"go.yaml.in/yaml/v3"

	"github.com/dynamoguard/dynamoguard/model"
	"github.com/dynamoguard/dynamoguard/parser"
	"github.com/dynamoguard/dynamoguard/rules"
)

// synthRepo builds an in-memory repository of tfDirs Terraform modules and
// cfnFiles CloudFormation templates, each with tables tables in a rotating
// mix of settings (no SSE, AWS-managed, CMK by reference, key from a
// variable; PITR on, off, from a variable; replicas).
func synthRepo(tfDirs, cfnFiles, tables int) fstest.MapFS {
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

// benchSizes are the repositories the benchmarks run on: Terraform
// modules and templates of 5 tables each.
var benchSizes = []struct {
	name    string
	tf, cfn int
	tables  int
}{
	{"small", 20, 10, 5},
	{"medium", 200, 100, 5},
	{"large", 800, 400, 5},
}

// benchBySize runs fn as one sub-benchmark per size, on that size's
// repository, and reports files/s.
func benchBySize(b *testing.B, fn func(b *testing.B, fsys fstest.MapFS)) {
	for _, size := range benchSizes {
		b.Run(size.name, func(b *testing.B) {
			fsys := synthRepo(size.tf, size.cfn, size.tables)
			b.ReportAllocs()
			fn(b, fsys)
			b.ReportMetric(float64(len(fsys))*float64(b.N)/b.Elapsed().Seconds(), "files/s")
		})
	}
}

func load(b *testing.B, fsys fstest.MapFS) *model.Project {
	proj, diags := parser.LoadFS(parser.Input{FS: fsys, Paths: []string{"."}}, parser.Options{})
	if len(diags) > 0 {
		b.Fatal(diags)
	}
	return proj
}

// BenchmarkScan is a whole scan (discovery, parsing, evaluation, the link
// pass, every rule) of synthetic repositories of three sizes. Compare with
// BenchmarkSyntaxOnly, the cost of merely parsing the same files, measured
// in the same run.
func BenchmarkScan(b *testing.B) {
	benchBySize(b, func(b *testing.B, fsys fstest.MapFS) {
		var findings int
		for b.Loop() {
			proj := load(b, fsys)
			model.Link(proj)
			findings = len(rules.Run(proj, rules.Options{Rules: rules.All}).Findings)
		}
		if findings == 0 {
			b.Fatal("no findings")
		}
	})
}

// BenchmarkLoad is the parsers and evaluation alone (Terraform and
// CloudFormation loaders).
func BenchmarkLoad(b *testing.B) {
	benchBySize(b, func(b *testing.B, fsys fstest.MapFS) {
		for b.Loop() {
			load(b, fsys)
		}
	})
}

// BenchmarkLink is the link pass alone, on a freshly loaded project each
// time (the loading is not timed).
func BenchmarkLink(b *testing.B) {
	benchBySize(b, func(b *testing.B, fsys fstest.MapFS) {
		for b.Loop() {
			b.StopTimer()
			proj := load(b, fsys)
			b.StartTimer()
			model.Link(proj)
		}
	})
}

// BenchmarkRules is every rule of the catalogue on a loaded and linked
// project.
func BenchmarkRules(b *testing.B) {
	benchBySize(b, func(b *testing.B, fsys fstest.MapFS) {
		proj := load(b, fsys)
		model.Link(proj)
		for b.Loop() {
			rules.Run(proj, rules.Options{Rules: rules.All})
		}
	})
}

// BenchmarkSyntaxOnly parses the same files with hclsyntax and yaml.v3
// alone, one after the other: the floor a scan is measured against.
func BenchmarkSyntaxOnly(b *testing.B) {
	benchBySize(b, func(b *testing.B, fsys fstest.MapFS) {
		for b.Loop() {
			for name, f := range fsys {
				if strings.HasSuffix(name, ".tf") {
					if _, diags := hclsyntax.ParseConfig(f.Data, name, hcl.InitialPos); diags.HasErrors() {
						b.Fatal(diags)
					}
					continue
				}
				var n yaml.Node
				if err := yaml.Unmarshal(f.Data, &n); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}

// moduleRepo builds an in-memory repository of roots root folders, each
// calling a shared local table module once per table with for_each, and a
// shared KMS module whose output is the tables' key.
func moduleRepo(roots, tables int) fstest.MapFS {
	fsys := fstest.MapFS{
		"modules/kms/main.tf": {Data: []byte("resource \"aws_kms_key\" \"this\" {\n  enable_key_rotation = true\n}\n\noutput \"arn\" {\n  value = aws_kms_key.this.arn\n}\n")},
		"modules/table/main.tf": {Data: []byte(`variable "name" {}
variable "pitr" { default = false }
variable "key" { default = null }

resource "aws_dynamodb_table" "this" {
  name     = var.name
  hash_key = "pk"

  attribute {
    name = "pk"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = var.key
  }

  point_in_time_recovery {
    enabled = var.pitr
  }
}
`)},
	}
	for i := range roots {
		var names []string
		for t := range tables {
			names = append(names, fmt.Sprintf("%q = %t", fmt.Sprintf("t%d", t), (i+t)%2 == 0))
		}
		fsys[fmt.Sprintf("envs/env%05d/main.tf", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf(`module "kms" {
  source = "../../modules/kms"
}

module "tables" {
  source   = "../../modules/table"
  for_each = { %s }
  name     = "env%d-${each.key}"
  pitr     = each.value
  key      = module.kms.arn
}
`, strings.Join(names, ", "), i))}
	}
	return fsys
}

// BenchmarkScanModules is a whole scan of 200 root modules that call two
// shared local modules, 5 table instances each (1,000 module instances of
// the table module). Compare with BenchmarkSyntaxOnlyModules.
func BenchmarkScanModules(b *testing.B) {
	fsys := moduleRepo(200, 5)
	b.ReportAllocs()
	var tables int
	for b.Loop() {
		proj, diags := parser.LoadFS(parser.Input{FS: fsys, Paths: []string{"."}}, parser.Options{})
		if len(diags) > 0 {
			b.Fatal(diags)
		}
		model.Link(proj)
		rules.Run(proj, rules.Options{Rules: rules.All})
		tables = len(proj.DynamoDB.Tables)
	}
	if tables != 1000 {
		b.Fatalf("%d tables, want 1000", tables)
	}
	b.ReportMetric(float64(len(fsys))*float64(b.N)/b.Elapsed().Seconds(), "files/s")
}

// BenchmarkSyntaxOnlyModules parses the files of BenchmarkScanModules once
// each with hclsyntax alone.
func BenchmarkSyntaxOnlyModules(b *testing.B) {
	fsys := moduleRepo(200, 5)
	b.ReportAllocs()
	for b.Loop() {
		for name, f := range fsys {
			if _, diags := hclsyntax.ParseConfig(f.Data, name, hcl.InitialPos); diags.HasErrors() {
				b.Fatal(diags)
			}
		}
	}
	b.ReportMetric(float64(len(fsys))*float64(b.N)/b.Elapsed().Seconds(), "files/s")
}
