resource "aws_dynamodb_table" "orders" {
  name         = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"

  attribute {
    name = "pk"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }
}

resource "aws_s3_bucket" "exports" { # want "DDB304"
  bucket = "orders-exports"
}

resource "aws_dynamodb_table_export" "orders" {
  table_arn = aws_dynamodb_table.orders.arn
  s3_bucket = aws_s3_bucket.exports.id
}
