resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "pk"
  attribute {
    name = "pk"
    type = "S"
  }
}

resource "aws_dynamodb_resource_policy" "orders" {
  resource_arn = aws_dynamodb_table.orders.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Principal = {
        AWS = [
          "arn:aws:iam::111122223333:role/reader",
          "444455556666", # want col=11 "DDB406 resource policy of table aws_dynamodb_table.orders grants \"444455556666\" \\(account 444455556666, not in trusted_accounts\\)"
          "arn:aws:iam::777788889999:role/partner", # want col=11 "DDB406 .*\\(account 777788889999"
        ]
      }
      Action   = "dynamodb:GetItem"
      Resource = "arn:aws:dynamodb:us-east-1:111122223333:table/orders"
    }]
  })
}

# Everyone, as long as they are in the partner's account.
resource "aws_dynamodb_resource_policy" "by_condition" {
  resource_arn = "arn:aws:dynamodb:us-east-1:111122223333:table/ledger"
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "dynamodb:GetItem"
      Resource  = "*"
      Condition = {
        StringEquals = { "aws:PrincipalAccount" = ["111122223333", "444455556666"] } # want col=68 "DDB406 .*grants \"444455556666\" \\(account 444455556666"
      }
    }]
  })
}
