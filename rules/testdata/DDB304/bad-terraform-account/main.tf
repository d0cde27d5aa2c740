variable "restrict" {
  type = bool
}

# The account blocks ACLs only; the bucket's block must do the rest.
resource "aws_s3_account_public_access_block" "this" {
  block_public_acls       = true
  ignore_public_acls      = true
  restrict_public_buckets = var.restrict # skip "DDB304"
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

resource "aws_s3_bucket_public_access_block" "exports" { # want "DDB304 public-access block of export bucket aws_s3_bucket.exports \\(target of aws_dynamodb_table_export.orders\\) has block_public_policy not set \\(default false\\), so"
  bucket = aws_s3_bucket.exports.id
}

resource "aws_dynamodb_table_export" "orders" {
  table_arn = aws_dynamodb_table.orders.arn
  s3_bucket = aws_s3_bucket.exports.id
}
