variable "actions" {}

resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "id"
  attribute {
    name = "id"
    type = "S"
  }
}

resource "aws_s3_bucket" "assets" {
  bucket = "assets"
}

resource "aws_iam_policy" "scoped" {
  policy = jsonencode({
    Statement = [{
      Effect   = "Allow"
      Action   = ["dynamodb:GetItem", "dynamodb:Query"]
      Resource = [aws_dynamodb_table.orders.arn, "${aws_dynamodb_table.orders.arn}/index/*"]
    }]
  })
}

# Every action, but on S3 objects only: nothing on DynamoDB.
resource "aws_iam_policy" "s3" {
  policy = jsonencode({
    Statement = [{
      Effect   = "Allow"
      Action   = "*"
      Resource = ["arn:aws:s3:::assets/*", aws_s3_bucket.assets.arn]
    }]
  })
}

# An unconditional Deny of the same actions cancels the grant.
resource "aws_iam_policy" "denied" {
  policy = jsonencode({
    Statement = [
      { Effect = "Allow", Action = "dynamodb:*", Resource = "*" },
      { Effect = "Deny", Action = "dynamodb:*", Resource = "*" },
    ]
  })
}

# NotAction that excludes DynamoDB grants nothing on it.
resource "aws_iam_policy" "notaction" {
  policy = jsonencode({
    Statement = [{ Effect = "Allow", NotAction = ["dynamodb:*", "iam:*"], Resource = "*" }]
  })
}

# A Deny of everything is no grant.
resource "aws_iam_policy" "deny" {
  policy = jsonencode({
    Statement = [{ Effect = "Deny", Action = "dynamodb:*", Resource = "*" }]
  })
}

resource "aws_iam_policy" "unknown" {
  policy = jsonencode({
    Statement = [{
      Effect   = "Allow"
      Action   = var.actions # skip "DDB401 variable \"actions\""
      Resource = "*"
    }]
  })
}

# The override document replaces the statement with the same Sid.
data "aws_iam_policy_document" "base" {
  statement {
    sid       = "Tables"
    actions   = ["dynamodb:*"]
    resources = ["*"]
  }
}

data "aws_iam_policy_document" "narrow" {
  statement {
    sid       = "Tables"
    actions   = ["dynamodb:GetItem"]
    resources = [aws_dynamodb_table.orders.arn]
  }
}

data "aws_iam_policy_document" "merged" {
  source_policy_documents   = [data.aws_iam_policy_document.base.json]
  override_policy_documents = [data.aws_iam_policy_document.narrow.json]
}

resource "aws_iam_policy" "merged" {
  policy = data.aws_iam_policy_document.merged.json
}
