variable "org" {
  type = string
}

resource "aws_s3_bucket" "exports" {
  bucket = "orders-exports"
}

resource "aws_dynamodb_table_export" "orders" {
  table_arn = "arn:aws:dynamodb:us-east-1:111122223333:table/orders"
  s3_bucket = aws_s3_bucket.exports.id
}

data "aws_iam_policy_document" "exports" {
  # Restricted to the organisation, to one VPC endpoint, to an account.
  statement {
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.exports.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalOrgID"
      values   = ["o-a1b2c3d4e5"]
    }
  }
  statement {
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.exports.arn}/*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceVpce"
      values   = ["vpce-0123456789abcdef0"]
    }
  }
  statement {
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.exports.arn}/*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    condition {
      test     = "ArnLike"
      variable = "aws:PrincipalArn"
      values   = ["arn:aws:iam::111122223333:role/analytics-*"]
    }
  }
  # Everyone is denied, which is what the standard TLS guard does.
  statement {
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.exports.arn, "${aws_s3_bucket.exports.arn}/*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
  # A condition on a value the scanner cannot resolve: not analysed.
  statement {
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.exports.arn]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalOrgID"
      values   = [var.org] # skip "DDB301"
    }
  }
}

resource "aws_s3_bucket_policy" "exports" {
  bucket = aws_s3_bucket.exports.id
  policy = data.aws_iam_policy_document.exports.json
}

# Not an export bucket: public on purpose, not this rule's business.
resource "aws_s3_bucket" "site" {
  bucket = "website"
}

resource "aws_s3_bucket_policy" "site" {
  bucket = aws_s3_bucket.site.id
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:::website/*" }]
  })
}
