variable "owner" {
  type = string
}

data "aws_caller_identity" "current" {}

resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "pk"
  attribute {
    name = "pk"
    type = "S"
  }
}

resource "aws_dynamodb_table_export" "trusted" {
  table_arn       = aws_dynamodb_table.orders.arn
  s3_bucket       = "backup-exports"
  s3_bucket_owner = "555566667777"
}

# The table's own account, written in its ARN.
resource "aws_dynamodb_table_export" "own" {
  table_arn       = "arn:aws:dynamodb:us-east-1:111122223333:table/orders"
  s3_bucket       = "orders-exports"
  s3_bucket_owner = "111122223333"
}

resource "aws_dynamodb_table_export" "caller" {
  table_arn       = aws_dynamodb_table.orders.arn
  s3_bucket       = "orders-exports"
  s3_bucket_owner = data.aws_caller_identity.current.account_id
}

resource "aws_dynamodb_table_export" "same_account" {
  table_arn = aws_dynamodb_table.orders.arn
  s3_bucket = "orders-exports"
}

resource "aws_dynamodb_table_export" "unknown" {
  table_arn       = aws_dynamodb_table.orders.arn
  s3_bucket       = "orders-exports"
  s3_bucket_owner = var.owner # skip "DDB306"
}
