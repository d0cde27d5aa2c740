resource "aws_backup_plan" "daily" {
  name = "daily"

  rule {
    rule_name         = "daily"
    target_vault_name = "tables"
    schedule          = "cron(0 3 * * ? *)"
  }
}

resource "aws_dynamodb_table" "orders" { # want "DDB204"
  name         = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"

  attribute {
    name = "pk"
    type = "S"
  }
}
