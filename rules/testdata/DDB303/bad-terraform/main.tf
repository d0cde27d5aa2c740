variable "policy" {
  type = string
}

resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "pk"
  attribute {
    name = "pk"
    type = "S"
  }
}

# No bucket policy at all.
resource "aws_s3_bucket" "bare" { # want "DDB303 export bucket aws_s3_bucket.bare \\(target of aws_dynamodb_table_export.bare\\) has no policy denying requests without TLS"
  bucket = "bare-exports"
}

resource "aws_dynamodb_table_export" "bare" {
  table_arn = aws_dynamodb_table.orders.arn
  s3_bucket = aws_s3_bucket.bare.id
}

# A Deny on another condition, and an Allow that requires TLS: neither
# denies plain HTTP.
resource "aws_s3_bucket" "allow_tls" {
  bucket = "allow-tls-exports"
}

resource "aws_dynamodb_table_export" "allow_tls" {
  table_arn = aws_dynamodb_table.orders.arn
  s3_bucket = aws_s3_bucket.allow_tls.bucket
}

data "aws_iam_policy_document" "allow_tls" {
  statement {
    effect    = "Deny"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.allow_tls.arn}/*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    condition {
      test     = "StringNotEquals"
      variable = "s3:x-amz-server-side-encryption"
      values   = ["aws:kms"]
    }
  }
  statement {
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.allow_tls.arn}/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["true"]
    }
  }
}

resource "aws_s3_bucket_policy" "allow_tls" {
  bucket = aws_s3_bucket.allow_tls.id
  policy = data.aws_iam_policy_document.allow_tls.json # want "DDB303 policy of export bucket aws_s3_bucket.allow_tls .* does not deny requests without TLS"
}

# A policy the scanner cannot read: not analysed.
resource "aws_s3_bucket" "unread" {
  bucket = "unread-exports"
}

resource "aws_dynamodb_table_export" "unread" {
  table_arn = aws_dynamodb_table.orders.arn
  s3_bucket = aws_s3_bucket.unread.id
}

resource "aws_s3_bucket_policy" "unread" {
  bucket = aws_s3_bucket.unread.id
  policy = var.policy # skip "DDB303"
}
