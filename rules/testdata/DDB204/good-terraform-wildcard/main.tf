resource "aws_backup_plan" "daily" {
  name = "daily"

  rule {
    rule_name         = "daily"
    target_vault_name = "tables"
    schedule          = "cron(0 3 * * ? *)"
  }
}

resource "aws_backup_selection" "all" {
  name         = "all"
  plan_id      = aws_backup_plan.daily.id
  iam_role_arn = "arn:aws:iam::111122223333:role/backup"
  resources    = ["*"]
}

resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "pk"

  attribute {
    name = "pk"
    type = "S"
  }
}
