resource "aws_dynamodb_table" "orders" {
  name         = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  attribute {
    name = "id"
    type = "S"
  }
}

resource "aws_iam_role_policy" "analyst" {
  name = "analyst"
  role = "analyst"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["dynamodb:PartiQLSelect", "dynamodb:PartiQLUpdate"] # want "DDB404 .*PartiQLSelect" "DDB404 .*PartiQLUpdate"
      Resource = "*"
    }]
  })
}
