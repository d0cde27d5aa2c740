variable "principal" {
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

resource "aws_iam_role" "reader" {
  name = "reader"
  assume_role_policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_dynamodb_resource_policy" "orders" {
  resource_arn = aws_dynamodb_table.orders.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { AWS = aws_iam_role.reader.arn }
        Action    = "dynamodb:GetItem"
        Resource  = aws_dynamodb_table.orders.arn
      },
      {
        Effect    = "Allow"
        Principal = "*"
        Action    = "dynamodb:Query"
        Resource  = aws_dynamodb_table.orders.arn
        Condition = { StringEquals = { "aws:PrincipalAccount" = ["111122223333", "555566667777"] } }
      },
      {
        Effect    = "Allow"
        Principal = "*"
        Action    = "dynamodb:Scan"
        Resource  = aws_dynamodb_table.orders.arn
        Condition = { ArnLike = { "aws:PrincipalArn" = "arn:aws:iam::111122223333:role/*" } }
      },
      {
        Effect    = "Deny"
        Principal = "*"
        Action    = "dynamodb:DeleteTable"
        Resource  = aws_dynamodb_table.orders.arn
      },
      {
        Effect    = "Allow"
        Principal = { AWS = var.principal } # skip "DDB405"
        Action    = "dynamodb:GetItem"
        Resource  = aws_dynamodb_table.orders.arn
      },
    ]
  })
}
