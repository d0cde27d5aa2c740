resource "aws_dynamodb_table" "one_line" { name = "one-line" }

resource "aws_dynamodb_table" "nested" {
  name                        = "nested"
  deletion_protection_enabled = false
  point_in_time_recovery { enabled = false }
}
