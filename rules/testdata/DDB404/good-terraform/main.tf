resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "id"
  attribute {
    name = "id"
    type = "S"
  }
}

resource "aws_iam_policy" "console" {
  policy = jsonencode({
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["dynamodb:PartiQLSelect"]
        Resource = [aws_dynamodb_table.orders.arn, "${aws_dynamodb_table.orders.arn}/index/*"]
      },
      {
        # A full wildcard is DDB401's.
        Effect   = "Allow"
        Action   = "dynamodb:*"
        Resource = "arn:aws:dynamodb:eu-west-1:111122223333:table/scratch"
      },
      {
        # Denied on every table.
        Effect   = "Allow"
        Action   = "dynamodb:PartiQLDelete"
        Resource = "*"
      },
      {
        Effect   = "Deny"
        Action   = "dynamodb:PartiQLDelete"
        Resource = "*"
      },
    ]
  })
}
