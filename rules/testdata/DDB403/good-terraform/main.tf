resource "aws_dynamodb_table" "orders" {
  name             = "orders"
  hash_key         = "id"
  stream_enabled   = true
  stream_view_type = "NEW_IMAGE"
  attribute {
    name = "id"
    type = "S"
  }
}

variable "tables" {}

resource "aws_iam_policy" "app" {
  policy = jsonencode({
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:DeleteItem"]
        Resource = [aws_dynamodb_table.orders.arn, "${aws_dynamodb_table.orders.arn}/index/*"]
      },
      {
        Effect   = "Allow"
        Action   = ["dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:DescribeStream"]
        Resource = aws_dynamodb_table.orders.stream_arn
      },
      {
        # Actions that support only Resource "*".
        Effect = "Allow"
        Action = ["dynamodb:ListTables", "dynamodb:ListStreams", "dynamodb:DescribeLimits", "dynamodb:ListBackups",
          "dynamodb:ListGlobalTables", "dynamodb:ListExports", "dynamodb:DescribeEndpoints",
        "dynamodb:DescribeReservedCapacity", "dynamodb:DescribeReservedCapacityOfferings"]
        Resource = "*"
      },
      {
        # Control-plane metadata is not what DDB403 reports.
        Effect   = "Allow"
        Action   = ["dynamodb:DescribeTable", "dynamodb:ListTagsOfResource"]
        Resource = "*"
      },
      {
        Effect   = "Allow"
        Action   = "dynamodb:GetItem"
        Resource = "arn:aws:dynamodb:eu-west-1:111122223333:table/orders*"
      },
    ]
  })
}

resource "aws_iam_policy" "denied" {
  policy = jsonencode({
    Statement = [
      { Effect = "Allow", Action = "dynamodb:DeleteTable", Resource = "*" },
      { Effect = "Deny", Action = "dynamodb:Delete*", Resource = "arn:aws:dynamodb:*:*:table/*" },
    ]
  })
}

resource "aws_iam_policy" "unknown" {
  policy = jsonencode({
    Statement = [{
      Effect   = "Allow"
      Action   = "dynamodb:GetItem"
      Resource = var.tables # skip "DDB403 variable \"tables\""
    }]
  })
}

# Metadata only: Describe… actions on every table are not reported.
resource "aws_iam_policy" "describe" {
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "dynamodb:Describe*", Resource = "*" }]
  })
}
