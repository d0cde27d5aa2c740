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
    Statement = [{
      Effect   = "Allow"
      Action   = ["dynamodb:GetItem", "dynamodb:PartiQLSelect"] # want col=39 "DDB404 .*PartiQL PartiQLSelect on every table \\(Resource \"\\*\"\\)"
      Resource = "*"
    }]
  })
}

resource "aws_iam_policy" "pattern" {
  policy = jsonencode({
    Statement = [{
      Effect   = "Allow"
      Action   = "dynamodb:PartiQL*" # want col=18 "DDB404 .*through a wildcard: \"dynamodb:PartiQL\\*\" grants PartiQLDelete, PartiQLInsert, PartiQLSelect, PartiQLUpdate"
      Resource = aws_dynamodb_table.orders.arn
    }]
  })
}

data "aws_iam_policy_document" "writer" {
  statement {
    actions = [
      "dynamodb:PartiQLInsert", # want col=7 "DDB404 .*PartiQLInsert"
      "dynamodb:PartiQLUpdate", # want col=7 "DDB404 .*PartiQLUpdate"
    ]
    resources = ["arn:aws:dynamodb:*:*:table/*"]
  }
}

resource "aws_iam_role_policy" "writer" {
  role   = "writer"
  policy = data.aws_iam_policy_document.writer.json
}
