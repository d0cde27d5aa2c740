# Who may read and export the tables of main.tf.

# The bucket that receives the table exports.
resource "aws_s3_bucket" "exports" {
  bucket = "example-orders-exports"
}

resource "aws_dynamodb_table_export" "orders" {
  table_arn = aws_dynamodb_table.orders.arn
  s3_bucket = aws_s3_bucket.exports.id
}

# Anyone can read the exported items, over plain HTTP too, and nothing
# blocks public access to the bucket.
resource "aws_s3_bucket_policy" "exports" {
  bucket = aws_s3_bucket.exports.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AnalyticsReaders"
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "${aws_s3_bucket.exports.arn}/*"
    }]
  })
}

# The application role may do everything to every table, and run PartiQL
# against any of them.
data "aws_iam_policy_document" "app" {
  statement {
    actions   = ["dynamodb:*"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "app" {
  name   = "app-tables"
  role   = "app"
  policy = data.aws_iam_policy_document.app.json
}
