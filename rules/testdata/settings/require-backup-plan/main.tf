resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "pk"

  attribute {
    name = "pk"
    type = "S"
  }
}
