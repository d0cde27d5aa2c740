# Key policies in a heredoc, an aws_kms_key_policy with an
# aws_iam_policy_document, and a file(); an AWS principal "*" and
# conditions that do not restrict who the caller is.
resource "aws_kms_key" "separate" {
  policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = "*", Action = "kms:*", Resource = "*" }] }) # replaced below
}

data "aws_iam_policy_document" "separate" {
  statement {
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["*"] # want "DDB110 key policy of aws_kms_key.separate"
    }
    condition {
      test     = "StringEquals"
      variable = "aws:UserAgent"
      values   = ["my-app"]
    }
  }
}

resource "aws_kms_key_policy" "separate" {
  key_id = aws_kms_key.separate.id
  policy = data.aws_iam_policy_document.separate.json
}

resource "aws_kms_key" "file" {
  policy = file("${path.module}/key-policy.json")
}

resource "aws_dynamodb_table" "heredoc" {
  name     = "heredoc"
  hash_key = "pk"
  attribute {
    name = "pk"
    type = "S"
  }
  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.heredoc.arn
  }
}

resource "aws_dynamodb_table" "separate" {
  name     = "separate"
  hash_key = "pk"
  attribute {
    name = "pk"
    type = "S"
  }
  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.separate.arn
  }
  replica {
    region_name = "eu-west-1"
    kms_key_arn = aws_kms_key.file.arn
  }
}
