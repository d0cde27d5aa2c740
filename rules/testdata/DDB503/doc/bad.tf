resource "aws_dynamodb_table" "orders" { # want "DDB503"
  name         = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"

  attribute {
    name = "pk"
    type = "S"
  }

  tags = {
    tier = "critical"
  }
}
