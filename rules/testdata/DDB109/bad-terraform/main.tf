variable "algorithm" {
  type = string
}

resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "pk"

  attribute {
    name = "pk"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }
}

resource "aws_dynamodb_table_export" "default" { # want "DDB109 table export aws_dynamodb_table_export.default has s3_sse_algorithm not set \\(default \"AES256\"\\), which is SSE-S3"
  table_arn = aws_dynamodb_table.orders.arn
  s3_bucket = "orders-exports"
}

resource "aws_dynamodb_table_export" "aes" {
  table_arn        = aws_dynamodb_table.orders.arn
  s3_bucket        = "orders-exports"
  s3_sse_algorithm = "AES256" # want "DDB109 .*set to \"AES256\", which is SSE-S3"
}

resource "aws_dynamodb_table_export" "kms_no_key" {
  table_arn        = aws_dynamodb_table.orders.arn
  s3_bucket        = "orders-exports"
  s3_sse_algorithm = "KMS" # want "DDB109 .*s3_sse_kms_key_id not set, so the AWS-managed aws/s3 key is used"
}

resource "aws_dynamodb_table_export" "managed_alias" {
  table_arn         = aws_dynamodb_table.orders.arn
  s3_bucket         = "orders-exports"
  s3_sse_algorithm  = "KMS"
  s3_sse_kms_key_id = "alias/aws/s3" # want "DDB109 .*the AWS-managed key \"alias/aws/s3\""
}

resource "aws_dynamodb_table_export" "unknown" {
  table_arn        = aws_dynamodb_table.orders.arn
  s3_bucket        = "orders-exports"
  s3_sse_algorithm = var.algorithm # skip "DDB109"
}

resource "aws_dynamodb_table_export" "invalid" {
  table_arn        = aws_dynamodb_table.orders.arn
  s3_bucket        = "orders-exports"
  s3_sse_algorithm = "aws:kms" # skip "DDB109 .*neither AES256 nor KMS"
}
