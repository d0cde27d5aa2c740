resource "aws_s3_bucket" "exports" {
  bucket = "orders-exports"
}

resource "aws_dynamodb_table_export" "orders" {
  table_arn = "arn:aws:dynamodb:us-east-1:111122223333:table/orders"
  s3_bucket = aws_s3_bucket.exports.id
}

resource "aws_s3_bucket_policy" "exports" {
  bucket = aws_s3_bucket.exports.id
  policy = jsonencode({ # want "DDB303"
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:role/analytics" }
      Action    = "s3:GetObject"
      Resource  = "${aws_s3_bucket.exports.arn}/*"
    }]
  })
}
