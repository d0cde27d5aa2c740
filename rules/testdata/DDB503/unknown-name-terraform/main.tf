variable "table_name" {
  type = string
}

# Its name decides whether it is critical, and the name is not known.
resource "aws_dynamodb_table" "t" {
  name         = var.table_name # skip "DDB503 .*critical_tables cannot tell whether the table is critical"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"
  attribute {
    name = "pk"
    type = "S"
  }
}

# Known and not matching: decided, no finding.
resource "aws_dynamodb_table" "cache" {
  name         = "cache"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"
  attribute {
    name = "pk"
    type = "S"
  }
}
