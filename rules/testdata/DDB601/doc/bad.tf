resource "aws_dynamodb_table" "orders" {
  name           = "orders"
  billing_mode   = "PROVISIONED" # want "DDB601"
  read_capacity  = 20
  write_capacity = 20
  hash_key       = "pk"

  attribute {
    name = "pk"
    type = "S"
  }
}
