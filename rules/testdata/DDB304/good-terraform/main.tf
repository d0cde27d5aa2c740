variable "unknown" {
  type = bool
}

resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "pk"

  attribute {
    name = "pk"
    type = "S"
  }
}

resource "aws_s3_bucket" "exports" {
  bucket = "orders-exports"
}

resource "aws_s3_bucket_public_access_block" "exports" {
  bucket                  = aws_s3_bucket.exports.bucket
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_dynamodb_table_export" "orders" {
  table_arn = aws_dynamodb_table.orders.arn
  s3_bucket = aws_s3_bucket.exports.id
}

# Not an export bucket: no finding without a block.
resource "aws_s3_bucket" "assets" {
  bucket = "website-assets"
}

resource "aws_s3_bucket" "later" {
  bucket = "orders-later"
}

resource "aws_s3_bucket_public_access_block" "later" {
  bucket                  = aws_s3_bucket.later.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = var.unknown # skip "DDB304 .*variable"
}

resource "aws_dynamodb_table_export" "later" {
  table_arn = aws_dynamodb_table.orders.arn
  s3_bucket = aws_s3_bucket.later.id
}
