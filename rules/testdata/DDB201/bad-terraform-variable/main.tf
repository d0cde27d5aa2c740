variable "enabled_pitr" {
  type    = bool
  default = false
}

resource "aws_dynamodb_table" "orders" {
  name         = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"

  attribute {
    name = "pk"
    type = "S"
  }

  point_in_time_recovery {
    enabled = var.enabled_pitr # want "DDB201 table aws_dynamodb_table.orders has point_in_time_recovery.enabled set to false \\(from the default of variable \"enabled_pitr\" \\(main.tf:3\\)\\).*; set variable enabled_pitr to true, or point_in_time_recovery \\{ enabled = true \\}"
  }
}
