resource "aws_s3_bucket" "exports" {
  bucket = "orders-exports"
}

resource "aws_dynamodb_table_export" "orders" {
  table_arn = "arn:aws:dynamodb:us-east-1:111122223333:table/orders"
  s3_bucket = aws_s3_bucket.exports.id
}

data "aws_iam_policy_document" "exports" {
  statement {
    actions   = ["s3:AbortMultipartUpload", "s3:PutObject", "s3:PutObjectAcl"]
    resources = ["${aws_s3_bucket.exports.arn}/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/exporter"]
    }
    condition {
      test     = "StringEquals"
      variable = "s3:x-amz-acl"
      values   = ["bucket-owner-full-control"]
    }
  }
  # Denying with a wildcard is what a guard does.
  statement {
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = ["${aws_s3_bucket.exports.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "exports" {
  bucket = aws_s3_bucket.exports.id
  policy = data.aws_iam_policy_document.exports.json
}

# Broad, but not an export bucket.
resource "aws_s3_bucket" "scratch" {
  bucket = "scratch"
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:root" }
      Action    = "s3:*"
      Resource  = "arn:aws:s3:::scratch/*"
    }]
  })
}
