resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "id"
  attribute {
    name = "id"
    type = "S"
  }
}

data "aws_iam_policy_document" "app" {
  statement {
    actions = [
      "dynamodb:Delete*", # want col=7 "DDB402 .*\"dynamodb:Delete\\*\", a pattern that grants DeleteBackup, DeleteGlobalTableWitness, DeleteItem, DeleteResourcePolicy, DeleteTable, DeleteTableReplica,"
      "dynamodb:?etItem", # want col=7 "DDB402 .*grants GetItem"
      "dynamodb:Describe*",
    ]
    resources = [aws_dynamodb_table.orders.arn]
  }
}

resource "aws_iam_role_policy" "app" {
  role   = "app"
  policy = data.aws_iam_policy_document.app.json
}

resource "aws_iam_policy" "heredoc" {
  policy = <<-EOT
    {
      "Statement": [{"Effect": "Allow", "Action": "dynamodb:Batch*", "Resource": "${aws_dynamodb_table.orders.arn}"}]
    }
  EOT
}
