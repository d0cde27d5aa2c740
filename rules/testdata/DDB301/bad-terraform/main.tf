# The bucket lives in a module; its policy, written by the caller with an
# aws_iam_policy_document, is attached by the module's output.
module "exports" {
  source = "./modules/exports"
  name   = "orders-exports"
}

resource "aws_dynamodb_table_export" "orders" {
  table_arn = "arn:aws:dynamodb:us-east-1:111122223333:table/orders"
  s3_bucket = module.exports.bucket
}

data "aws_iam_policy_document" "exports" {
  statement {
    sid       = "Consumers"
    actions   = ["s3:GetObject"]
    resources = ["${module.exports.arn}/*"]
    principals {
      type        = "AWS"
      identifiers = ["*"] # want col=22 "DDB301 policy of export bucket module.exports.aws_s3_bucket.this \\(target of aws_dynamodb_table_export.orders\\) allows Principal \"\\*\" with no restricting condition"
    }
    # Transport and user agent say nothing about who the caller is.
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["true"]
    }
  }
  statement {
    sid       = "NotMe"
    actions   = ["s3:ListBucket"]
    resources = [module.exports.arn]
    not_principals { # want "DDB301 .*allows everyone but the NotPrincipal"
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }
}

resource "aws_s3_bucket_policy" "exports" {
  bucket = module.exports.bucket
  policy = data.aws_iam_policy_document.exports.json
}

# The legacy policy argument of a bucket; the policy names DynamoDB, so
# the bucket receives exports.
resource "aws_s3_bucket" "legacy" {
  bucket = "legacy-exports"
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "dynamodb.amazonaws.com"}, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::legacy-exports/*"},
        {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::legacy-exports/*"}
      ]
    }
  EOT
}
