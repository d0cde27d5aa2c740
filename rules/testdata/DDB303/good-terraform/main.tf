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

resource "aws_dynamodb_table_export" "orders" {
  table_arn = aws_dynamodb_table.orders.arn
  s3_bucket = aws_s3_bucket.exports.id
}

# The guard in a second policy document: the bucket's policy resource
# written with a heredoc.
resource "aws_s3_bucket_policy" "exports" {
  bucket = aws_s3_bucket.exports.id
  policy = <<-JSON
    {
      "Version": "2012-10-17",
      "Statement": [{
        "Sid": "DenyInsecureTransport",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": ["${aws_s3_bucket.exports.arn}", "${aws_s3_bucket.exports.arn}/*"],
        "Condition": {"Bool": {"aws:SecureTransport": false}}
      }]
    }
  JSON
}

# No policy, but not an export bucket either.
resource "aws_s3_bucket" "logs" {
  bucket = "logs"
}
