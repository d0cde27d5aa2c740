resource "aws_dynamodb_table" "named" {
  name                        = "named"
  deletion_protection_enabled = true
}

resource "aws_dynamodb_table" "empty" {
  deletion_protection_enabled = true
}

resource "aws_dynamodb_table" "spaced" {
  name                        = "spaced"
  deletion_protection_enabled = true
}
