# Who may read and export the tables of main.tf.

# The bucket that receives the table exports.
resource "aws_s3_bucket" "exports" {
  bucket = "example-orders-exports"
}

resource "aws_s3_bucket_public_access_block" "exports" {
  bucket                  = aws_s3_bucket.exports.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_dynamodb_table_export" "orders" {
  table_arn         = aws_dynamodb_table.orders.arn
  s3_bucket         = aws_s3_bucket.exports.id
  s3_sse_algorithm  = "KMS"
  s3_sse_kms_key_id = aws_kms_key.tables.arn
}

# Only the analytics role reads the exports, and only over TLS.
resource "aws_s3_bucket_policy" "exports" {
  bucket = aws_s3_bucket.exports.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AnalyticsReaders"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:role/analytics" }
        Action    = "s3:GetObject"
        Resource  = "${aws_s3_bucket.exports.arn}/*"
      },
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.exports.arn, "${aws_s3_bucket.exports.arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
    ]
  })
}

# The application role reads and writes items of its own table only.
data "aws_iam_policy_document" "app" {
  statement {
    actions = [
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
      "dynamodb:Query",
    ]
    resources = [aws_dynamodb_table.orders.arn, "${aws_dynamodb_table.orders.arn}/index/*"]
  }
}

resource "aws_iam_role_policy" "app" {
  name   = "app-tables"
  role   = "app"
  policy = data.aws_iam_policy_document.app.json
}
