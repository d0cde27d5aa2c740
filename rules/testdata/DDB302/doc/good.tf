resource "aws_s3_bucket" "exports" {
  bucket = "orders-exports"
}

resource "aws_dynamodb_table_export" "orders" {
  table_arn = "arn:aws:dynamodb:us-east-1:111122223333:table/orders"
  s3_bucket = aws_s3_bucket.exports.id
}

data "aws_iam_policy_document" "exports" {
  statement {
    actions   = ["s3:GetObject", "s3:ListBucket"]
    resources = [aws_s3_bucket.exports.arn, "${aws_s3_bucket.exports.arn}/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/analytics"]
    }
  }
}

resource "aws_s3_bucket_policy" "exports" {
  bucket = aws_s3_bucket.exports.id
  policy = data.aws_iam_policy_document.exports.json
}
