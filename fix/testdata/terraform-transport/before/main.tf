resource "aws_dynamodb_table" "orders" {
  name         = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"

  attribute {
    name = "pk"
    type = "S"
  }
}

resource "aws_s3_bucket" "exports" {
  bucket = "orders-exports"
}

resource "aws_dynamodb_table_export" "orders" {
  table_arn = aws_dynamodb_table.orders.arn
  s3_bucket = aws_s3_bucket.exports.id
}

resource "aws_s3_bucket_policy" "exports" {
  bucket = aws_s3_bucket.exports.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:role/exporter" }
        Action    = ["s3:PutObject"]
        Resource  = "${aws_s3_bucket.exports.arn}/*"
      }
    ]
  })
}

resource "aws_s3_bucket" "archive" {
  bucket = "orders-archive"
}

resource "aws_dynamodb_table_export" "archive" {
  table_arn = aws_dynamodb_table.orders.arn
  s3_bucket = aws_s3_bucket.archive.id
}

# A heredoc policy is not edited.
resource "aws_s3_bucket_policy" "archive" {
  bucket = aws_s3_bucket.archive.id
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Effect": "Allow",
          "Principal": {"AWS": "arn:aws:iam::111122223333:role/exporter"},
          "Action": "s3:PutObject",
          "Resource": "arn:aws:s3:::orders-archive/*"
        }
      ]
    }
  EOT
}
