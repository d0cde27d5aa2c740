data "aws_caller_identity" "current" {}

resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "pk"
  attribute {
    name = "pk"
    type = "S"
  }
}

resource "aws_dynamodb_resource_policy" "orders" {
  resource_arn = "arn:aws:dynamodb:us-east-1:111122223333:table/orders"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect = "Allow"
        Principal = {
          AWS = [
            "arn:aws:iam::111122223333:role/reader",
            "arn:aws:iam::444455556666:role/partner",
            "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root",
          ]
          Service = "lambda.amazonaws.com"
        }
        Action   = "dynamodb:GetItem"
        Resource = "arn:aws:dynamodb:us-east-1:111122223333:table/orders"
      },
      {
        Effect    = "Deny"
        Principal = { AWS = "arn:aws:iam::999999999999:root" }
        Action    = "dynamodb:*"
        Resource  = "*"
      },
    ]
  })
}
