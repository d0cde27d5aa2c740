resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "id"
  attribute {
    name = "id"
    type = "S"
  }
}

resource "aws_iam_policy" "app" {
  policy = jsonencode({
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["dynamodb:GetItem", "dynamodb:Describe*", "dynamodb:List*", "s3:Get*"]
        Resource = aws_dynamodb_table.orders.arn
      },
      # Denied everywhere: the pattern grants nothing.
      { Effect = "Allow", Action = "dynamodb:Delete*", Resource = "*" },
      { Effect = "Deny", Action = "dynamodb:Delete*", Resource = "*" },
      # A Deny with a pattern is no grant.
      { Effect = "Deny", Action = "dynamodb:Put*", Resource = "*" },
    ]
  })
}
