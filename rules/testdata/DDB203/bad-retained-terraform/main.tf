# prevent_destroy stops terraform destroy, not a DeleteTable call.
resource "aws_dynamodb_table" "orders" { # want "DDB203 table aws_dynamodb_table.orders has deletion_protection_enabled not set \\(default false\\), so although lifecycle \\{ prevent_destroy = true \\} stops terraform destroy, a single DeleteTable call still deletes it"
  name         = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"
  attribute {
    name = "pk"
    type = "S"
  }
  lifecycle {
    prevent_destroy = true
  }
}
