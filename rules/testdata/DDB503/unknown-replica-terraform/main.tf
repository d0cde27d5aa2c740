# A standalone replica whose table is not known may be this table's.
resource "aws_dynamodb_table" "maybe" {
  name         = "maybe"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"
  attribute {
    name = "pk"
    type = "S"
  }
}

variable "table_arn" {
  type = string
}

resource "aws_dynamodb_table_replica" "unknown" {
  global_table_arn = var.table_arn # skip "DDB503 table replica aws_dynamodb_table_replica.unknown may replicate this table"
}
