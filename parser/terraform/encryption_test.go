package terraform

import (
	"testing"
	"unicode/utf8"

	"github.com/dynamoguard/dynamoguard/model"
)

// sseTable is a table whose kms_key_arn (line 5, column 19) is %s.
const sseTable = `resource "aws_dynamodb_table" "t" {
  name = "t"
  server_side_encryption {
    enabled     = true
    kms_key_arn = `

const sseTableEnd = `
  }
}
`

func TestKMSKeyClassification(t *testing.T) {
	const keyARN = `"arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"`
	tests := []struct {
		name  string
		expr  string
		extra string
		opts  Options
		want  model.KeyRef // Range is filled in: the expression
		// key is the address of the key resource Link finds, when it is
		// not KeyAddress.
		key string
	}{
		{
			name:  "CMK by reference",
			expr:  "aws_kms_key.t.arn",
			extra: `resource "aws_kms_key" "t" {}`,
			want:  model.KeyRef{Kind: model.KeyCustomerManaged, KeyAddress: "aws_kms_key.t"},
		},
		{
			name:  "CMK by reference in a template",
			expr:  `"${aws_kms_key.t.arn}"`,
			extra: `resource "aws_kms_key" "t" {}`,
			want:  model.KeyRef{Kind: model.KeyCustomerManaged, KeyAddress: "aws_kms_key.t"},
		},
		{
			name:  "CMK by indexed reference",
			expr:  "aws_kms_key.t[0].arn",
			extra: `resource "aws_kms_key" "t" { count = 1 }`,
			want:  model.KeyRef{Kind: model.KeyCustomerManaged, KeyAddress: "aws_kms_key.t"},
			key:   "aws_kms_key.t[0]",
		},
		{
			name:  "CMK through a local and a function",
			expr:  "local.key",
			extra: "resource \"aws_kms_key\" \"t\" {}\nlocals { key = lower(aws_kms_key.t.arn) }",
			want:  model.KeyRef{Kind: model.KeyCustomerManaged, KeyAddress: "aws_kms_key.t"},
		},
		{
			name:  "CMK by coalesce of an empty variable and a reference",
			expr:  "coalesce(var.key, aws_kms_key.t.arn)",
			extra: "resource \"aws_kms_key\" \"t\" {}\nvariable \"key\" { default = \"\" }",
			want:  model.KeyRef{Kind: model.KeyCustomerManaged, KeyAddress: "aws_kms_key.t"},
		},
		{
			name: "CMK by literal ARN",
			expr: keyARN,
			want: model.KeyRef{Kind: model.KeyCustomerManaged, ID: keyARN[1 : len(keyARN)-1]},
		},
		{
			name: "CMK by customer alias",
			expr: `"alias/orders"`,
			want: model.KeyRef{Kind: model.KeyCustomerManaged, ID: "alias/orders"},
		},
		{
			name: "AWS managed by alias",
			expr: `"alias/aws/dynamodb"`,
			want: model.KeyRef{Kind: model.KeyAWSManaged, ID: "alias/aws/dynamodb"},
		},
		{
			name: "AWS managed by alias ARN",
			expr: `"arn:aws-us-gov:kms:us-gov-west-1:111122223333:alias/aws/dynamodb"`,
			want: model.KeyRef{Kind: model.KeyAWSManaged, ID: "arn:aws-us-gov:kms:us-gov-west-1:111122223333:alias/aws/dynamodb"},
		},
		{
			name:  "AWS managed by data.aws_kms_alias",
			expr:  "data.aws_kms_alias.ddb.target_key_arn",
			extra: `data "aws_kms_alias" "ddb" { name = "alias/aws/dynamodb" }`,
			want:  model.KeyRef{Kind: model.KeyAWSManaged, ID: "alias/aws/dynamodb"},
		},
		{
			name:  "CMK by data.aws_kms_alias of a customer alias",
			expr:  "data.aws_kms_alias.mine.target_key_arn",
			extra: `data "aws_kms_alias" "mine" { name = "alias/mine" }`,
			want:  model.KeyRef{Kind: model.KeyCustomerManaged, ID: "alias/mine"},
		},
		{
			name:  "CMK by data.aws_kms_key of a key resource",
			expr:  "data.aws_kms_key.k.arn",
			extra: "resource \"aws_kms_key\" \"t\" {}\ndata \"aws_kms_key\" \"k\" { key_id = aws_kms_key.t.key_id }",
			want:  model.KeyRef{Kind: model.KeyCustomerManaged, KeyAddress: "aws_kms_key.t"},
		},
		{
			name:  "CMK by alias resource",
			expr:  "aws_kms_alias.a.arn",
			extra: "resource \"aws_kms_key\" \"t\" {}\nresource \"aws_kms_alias\" \"a\" {\n name = \"alias/t\"\n target_key_id = aws_kms_key.t.key_id\n}",
			want:  model.KeyRef{Kind: model.KeyCustomerManaged, KeyAddress: "aws_kms_alias.a"},
			key:   "aws_kms_key.t",
		},
		{
			name:  "CMK by replica key",
			expr:  "aws_kms_replica_key.r.arn",
			extra: "resource \"aws_kms_key\" \"p\" { multi_region = true }\nresource \"aws_kms_replica_key\" \"r\" { primary_key_arn = aws_kms_key.p.arn }",
			want:  model.KeyRef{Kind: model.KeyCustomerManaged, KeyAddress: "aws_kms_replica_key.r"},
			key:   "aws_kms_key.p",
		},
		{
			name:  "unknown: variable without default",
			expr:  "var.key_arn",
			extra: `variable "key_arn" { type = string }`,
			want:  model.KeyRef{Kind: model.KeyUnknown, Meta: model.Meta{Reason: `kms_key_arn is var.key_arn: variable "key_arn" has no default and no value was given`}},
		},
		{
			name:  "unknown: module output",
			expr:  "module.kms.key_arn",
			extra: `module "kms" { source = "app.terraform.io/acme/kms/aws" }`,
			want: model.KeyRef{Kind: model.KeyUnknown, Meta: model.Meta{
				Reason: `kms_key_arn is module.kms.key_arn: it comes from module.kms, whose source "app.terraform.io/acme/kms/aws" is not fetched`}},
		},
		{
			name:  "unknown: other resource",
			expr:  "aws_s3_bucket.b.arn",
			extra: `resource "aws_s3_bucket" "b" {}`,
			want:  model.KeyRef{Kind: model.KeyUnknown, Meta: model.Meta{Reason: `kms_key_arn is aws_s3_bucket.b.arn: it depends on aws_s3_bucket.b, which is known only after apply`}},
		},
		{
			name:  "unknown: data alias with unknown name",
			expr:  "data.aws_kms_alias.a.arn",
			extra: "variable \"alias\" {}\ndata \"aws_kms_alias\" \"a\" { name = var.alias }",
			want:  model.KeyRef{Kind: model.KeyUnknown, Meta: model.Meta{Reason: `kms_key_arn is data.aws_kms_alias.a.arn: name of data.aws_kms_alias.a is unknown: variable "alias" has no default and no value was given`}},
		},
		{
			name:  "variable default resolves",
			expr:  "var.key_arn",
			extra: `variable "key_arn" { default = "alias/aws/dynamodb" }`,
			want:  model.KeyRef{Kind: model.KeyAWSManaged, ID: "alias/aws/dynamodb"},
		},
		{
			name:  "a key in the condition does not make the AWS-managed branch a CMK",
			expr:  `length(aws_kms_key.k[*].arn) > 0 ? "alias/aws/dynamodb" : "alias/aws/dynamodb"`,
			extra: `resource "aws_kms_key" "k" {}`,
			want:  model.KeyRef{Kind: model.KeyAWSManaged, ID: "alias/aws/dynamodb"},
		},
		{
			name:  "branches that differ under an unknown condition",
			expr:  `var.use_cmk ? aws_kms_key.k.arn : "alias/aws/dynamodb"`,
			extra: "resource \"aws_kms_key\" \"k\" {}\nvariable \"use_cmk\" { type = bool }",
			want:  model.KeyRef{Kind: model.KeyUnknown, Meta: model.Meta{Reason: "kms_key_arn is var.use_cmk ? aws_kms_key.k.arn : \"alias/aws/dynamodb\": the key is chosen by the condition var.use_cmk, which cannot be evaluated"}},
		},
		{
			name:  "a key or null under an unknown condition",
			expr:  `var.use_cmk ? aws_kms_key.k.arn : null`,
			extra: "resource \"aws_kms_key\" \"k\" {}\nvariable \"use_cmk\" { type = bool }",
			want:  model.KeyRef{Kind: model.KeyUnknown, Meta: model.Meta{Reason: "kms_key_arn is var.use_cmk ? aws_kms_key.k.arn : null: the key is chosen by the condition var.use_cmk, which cannot be evaluated"}},
		},
		{
			name:  "the same key in both branches",
			expr:  `var.x ? aws_kms_key.k.arn : aws_kms_key.k.arn`,
			extra: "resource \"aws_kms_key\" \"k\" {}\nvariable \"x\" { type = bool }",
			want:  model.KeyRef{Kind: model.KeyCustomerManaged, KeyAddress: "aws_kms_key.k"},
		},
		{
			name:  "a known condition picks its branch",
			expr:  `var.x ? aws_kms_key.k.arn : "alias/aws/dynamodb"`,
			extra: "resource \"aws_kms_key\" \"k\" {}\nvariable \"x\" { default = false }",
			want:  model.KeyRef{Kind: model.KeyAWSManaged, ID: "alias/aws/dynamodb"},
		},
		{
			name:  "variable given by Options.Vars",
			expr:  "var.key_arn",
			extra: `variable "key_arn" { type = string }`,
			opts:  Options{Vars: map[string]string{"key_arn": "alias/mine"}},
			want:  model.KeyRef{Kind: model.KeyCustomerManaged, ID: "alias/mine"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := sseTable + tc.expr + sseTableEnd + tc.extra + "\n"
			p, diags := loadFiles(t, map[string]string{"main.tf": src}, tc.opts)
			if len(diags) > 0 {
				t.Errorf("unexpected diagnostics: %v", diags)
			}
			table := onlyTable(t, p, diags)
			want := tc.want
			want.Range = rng(5, 19, 5, 19+utf8.RuneCountInString(tc.expr))
			if d := diff(want, table.Encryption); d != "" {
				t.Errorf("Encryption (-want +got):\n%s", d)
			}
			key := tc.key
			if key == "" {
				key = want.KeyAddress
			}
			if key != "" && key != "-" && (table.Encryption.Key == nil || table.Encryption.Key.Address != key) {
				t.Errorf("Encryption.Key = %v, want the key %s", table.Encryption.Key, key)
			}
		})
	}
}

func TestSSEStates(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		wantSSE model.Value[bool]
		wantKey model.KeyRef
	}{
		{
			name:    "no block: AWS owned at the resource",
			src:     "resource \"aws_dynamodb_table\" \"t\" {\n  name = \"t\"\n}\n",
			wantSSE: model.AbsentValue(false, rng(1, 1, 1, 34), ""),
			wantKey: model.KeyRef{Kind: model.KeyAWSOwned, Meta: model.Meta{Range: rng(1, 1, 1, 34)}},
		},
		{
			name:    "enabled absent: AWS owned at the block",
			src:     "resource \"aws_dynamodb_table\" \"t\" {\n  server_side_encryption {\n  }\n}\n",
			wantSSE: model.AbsentValue(false, rng(2, 3, 2, 25), ""),
			wantKey: model.KeyRef{Kind: model.KeyAWSOwned, Meta: model.Meta{Range: rng(2, 3, 2, 25)}},
		},
		{
			name:    "disabled: AWS owned at enabled",
			src:     "resource \"aws_dynamodb_table\" \"t\" {\n  server_side_encryption {\n    enabled = false\n  }\n}\n",
			wantSSE: model.KnownValue(false, rng(3, 15, 3, 20), ""),
			wantKey: model.KeyRef{Kind: model.KeyAWSOwned, Meta: model.Meta{Range: rng(3, 15, 3, 20)}},
		},
		{
			name:    "enabled without key: AWS managed at enabled",
			src:     "resource \"aws_dynamodb_table\" \"t\" {\n  server_side_encryption {\n    enabled = true\n    kms_key_arn = \"\"\n  }\n}\n",
			wantSSE: model.KnownValue(true, rng(3, 15, 3, 19), ""),
			wantKey: model.KeyRef{Kind: model.KeyAWSManaged, Meta: model.Meta{Range: rng(4, 19, 4, 21)}},
		},
		{
			name: "enabled unknown",
			src:  "variable \"on\" {}\nresource \"aws_dynamodb_table\" \"t\" {\n  server_side_encryption {\n    enabled = var.on\n  }\n}\n",
			wantSSE: model.UnknownValue[bool](rng(4, 15, 4, 21), "",
				`variable "on" has no default and no value was given`),
			wantKey: model.KeyRef{Kind: model.KeyUnknown, Meta: model.Meta{Range: rng(4, 15, 4, 21), Reason: `server_side_encryption.enabled is var.on: variable "on" has no default and no value was given`}},
		},
		{
			name:    "enabled as the string true",
			src:     "resource \"aws_dynamodb_table\" \"t\" {\n  server_side_encryption {\n    enabled = \"true\"\n  }\n}\n",
			wantSSE: model.KnownValue(true, rng(3, 15, 3, 21), ""),
			wantKey: model.KeyRef{Kind: model.KeyAWSManaged, Meta: model.Meta{Range: rng(3, 15, 3, 21)}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, diags := loadFiles(t, map[string]string{"main.tf": tc.src}, Options{})
			if len(diags) > 0 {
				t.Errorf("unexpected diagnostics: %v", diags)
			}
			table := onlyTable(t, p, diags)
			if d := diff(tc.wantSSE, table.SSEEnabled); d != "" {
				t.Errorf("SSEEnabled (-want +got):\n%s", d)
			}
			if d := diff(tc.wantKey, table.Encryption); d != "" {
				t.Errorf("Encryption (-want +got):\n%s", d)
			}
		})
	}
}
