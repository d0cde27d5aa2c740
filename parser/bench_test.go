package parser_test

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dynamoguard/dynamoguard/internal/synthrepo"
	"github.com/dynamoguard/dynamoguard/model"
	"github.com/dynamoguard/dynamoguard/parser"
	"github.com/dynamoguard/dynamoguard/rules"
)

// benchBySize runs fn as one sub-benchmark per size, on that size's
// repository, and reports files/s.
func benchBySize(b *testing.B, fn func(b *testing.B, fsys fstest.MapFS)) {
	for _, size := range synthrepo.Sizes {
		b.Run(size.Name, func(b *testing.B) {
			fsys := synthrepo.Repo(size.TF, size.CFN, size.Tables)
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
				if err := synthrepo.Parse(name, f.Data); err != nil {
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
			if err := synthrepo.Parse(name, f.Data); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(len(fsys))*float64(b.N)/b.Elapsed().Seconds(), "files/s")
}
