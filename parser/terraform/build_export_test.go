package terraform

import (
	"testing"

	"github.com/dynamoguard/dynamoguard/model"
)

func TestTableExport(t *testing.T) {
	const table = `resource "aws_dynamodb_table" "orders" { name = "orders" }
resource "aws_s3_bucket" "exports" { bucket = "exports" }
resource "aws_kms_key" "k" {}
variable "alg" {}
`
	tests := []struct {
		name  string
		body  string
		kind  model.KeyKind
		state model.State
		key   string // the key resource Link finds
		table bool   // whether Link finds the table
	}{
		{name: "SSE-S3 by default", body: `table_arn = aws_dynamodb_table.orders.arn
  s3_bucket = aws_s3_bucket.exports.id`, kind: model.KeyAWSOwned, state: model.Known, table: true},
		{name: "SSE-KMS without key", body: `table_arn = "arn:aws:dynamodb:us-east-1:111122223333:table/orders"
  s3_bucket = "exports"
  s3_sse_algorithm = "KMS"`, kind: model.KeyAWSManaged, state: model.Known, table: true},
		{name: "SSE-KMS with a CMK", body: `table_arn = "arn:aws:dynamodb:us-east-1:111122223333:table/other"
  s3_bucket = "exports"
  s3_sse_algorithm = "KMS"
  s3_sse_kms_key_id = aws_kms_key.k.arn`, kind: model.KeyCustomerManaged, state: model.Known, key: "aws_kms_key.k"},
		{name: "unknown algorithm", body: `table_arn = aws_dynamodb_table.orders.arn
  s3_bucket = "exports"
  s3_sse_algorithm = var.alg`, kind: model.KeyUnknown, state: model.Unknown, table: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, _ := loadFiles(t, map[string]string{
				"main.tf": table + "resource \"aws_dynamodb_table_export\" \"e\" {\n  " + tt.body + "\n}\n",
			}, Options{})
			if err := model.Validate(p); err != nil {
				t.Fatal(err)
			}
			if len(p.DynamoDB.TableExports) != 1 {
				t.Fatalf("got %d exports, want 1", len(p.DynamoDB.TableExports))
			}
			e := p.DynamoDB.TableExports[0]
			if e.Encryption.Kind != tt.kind || e.Encryption.State != tt.state {
				t.Errorf("encryption = %v %v, want %v %v", e.Encryption.Kind, e.Encryption.State, tt.kind, tt.state)
			}
			gotKey := ""
			if e.Encryption.Key != nil {
				gotKey = e.Encryption.Key.Address
			}
			if gotKey != tt.key {
				t.Errorf("linked key = %q, want %q", gotKey, tt.key)
			}
			if (e.Table != nil) != tt.table {
				t.Errorf("linked table = %v, want %v", e.Table != nil, tt.table)
			}
			if e.S3Bucket.Value != "exports" && len(e.S3Bucket.Refs) == 0 {
				t.Errorf("s3_bucket = %+v, want the bucket name or a reference", e.S3Bucket)
			}
		})
	}
}
