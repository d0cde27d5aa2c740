resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "id"
  attribute {
    name = "id"
    type = "S"
  }
}

resource "aws_iam_policy" "heredoc" {
  name   = "heredoc"
  policy = <<EOT
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["dynamodb:GetItem", "dynamodb:*"],
      "Resource": "${aws_dynamodb_table.orders.arn}"
    }
  ]
}
EOT
}

resource "aws_iam_role_policy" "jsonencode" {
  role = "app"
  policy = jsonencode({
    Statement = [{
      Effect   = "Allow"
      Action   = "*" # want col=18 "DDB401 .*\"\\*\", every DynamoDB action"
      Resource = "*"
    }]
  })
}

resource "aws_iam_user_policy" "notaction" {
  user = "ops"
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      NotAction = ["iam:*", "organizations:*"] # want col=19 "DDB401 .*NotAction"
      Resource  = "*"
    }]
  })
}

resource "aws_iam_group_policy" "case" {
  group = "ops"
  policy = jsonencode({
    Statement = [{
      Effect   = "Allow"
      Action   = ["DynamoDB:*"] # want col=19 "DDB401"
      Resource = "arn:aws:dynamodb:*:*:table/*"
    }]
  })
}

data "aws_iam_policy_document" "doc" {
  statement {
    actions   = ["s3:GetObject", "dynamodb:*"] # want col=34 "DDB401"
    resources = ["*"]
  }
}

resource "aws_iam_policy" "document" {
  policy = data.aws_iam_policy_document.doc.json
}

resource "aws_iam_role" "inline" {
  name               = "inline"
  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }] })
  inline_policy {
    name   = "all"
    policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "dynamodb:*", Resource = "*" }] }) # want col=69 "DDB401 inline policy inline_policy\\[0\\] of aws_iam_role.inline"
  }
}

resource "aws_iam_policy" "file" {
  policy = file("${path.module}/policies/admin.json")
}

resource "aws_iam_policy" "template" {
  policy = templatefile("${path.module}/policies/table.tpl", { table = aws_dynamodb_table.orders.arn })
}

resource "aws_iam_role_policy_attachment" "full" {
  role       = aws_iam_role.inline.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess" # want col=16 "DDB401 the AWS managed policy AmazonDynamoDBFullAccess attached by aws_iam_role_policy_attachment.full allows \"dynamodb:\\*\""
}

# A source document's statement is kept when no statement of the same Sid
# replaces it; the finding is where that source writes it.
data "aws_iam_policy_document" "source" {
  statement {
    sid       = "Admin"
    actions   = ["dynamodb:*"] # want col=18 "DDB401 policy aws_iam_policy.merged"
    resources = ["*"]
  }
}

data "aws_iam_policy_document" "merged" {
  source_policy_documents = [data.aws_iam_policy_document.source.json]
  statement {
    sid       = "Read"
    actions   = ["dynamodb:GetItem"]
    resources = [aws_dynamodb_table.orders.arn]
  }
}

resource "aws_iam_policy" "merged" {
  policy = data.aws_iam_policy_document.merged.json
}
