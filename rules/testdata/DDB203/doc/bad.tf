resource "aws_dynamodb_table" "orders" {
  name                        = "orders"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "pk"
  deletion_protection_enabled = false # want "DDB203"

  attribute {
    name = "pk"
    type = "S"
  }
}
