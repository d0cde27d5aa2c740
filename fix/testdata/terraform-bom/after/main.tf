resource "aws_dynamodb_table" "one_line" {
  name = "one-line"
  point_in_time_recovery {
    enabled = true
  }

  deletion_protection_enabled = true
}

resource "aws_dynamodb_table" "nested" {
  name                        = "nested"
  deletion_protection_enabled = true
  point_in_time_recovery { enabled = true }
}
