variable "tag_type" {
  type = string
}

variable "tags" {
  type = map(string)
}

resource "aws_backup_plan" "daily" {
  name = "daily"

  rule {
    rule_name         = "daily"
    target_vault_name = "tables"
    schedule          = "cron(0 3 * * ? *)"
  }
}

resource "aws_backup_selection" "by_tag" {
  name         = "by-tag"
  plan_id      = aws_backup_plan.daily.id
  iam_role_arn = "arn:aws:iam::111122223333:role/backup"

  selection_tag {
    type  = var.tag_type # skip "DDB204 whether backup selection aws_backup_selection.by_tag covers table aws_dynamodb_table.orders is unknown"
    key   = "backup"
    value = "daily"
  }
}

resource "aws_backup_selection" "odd_tag" {
  name         = "odd-tag"
  plan_id      = aws_backup_plan.daily.id
  iam_role_arn = "arn:aws:iam::111122223333:role/backup"

  selection_tag {
    type  = "STRINGSOUNDSLIKE"
    key   = "backup"
    value = "daily"
  }
}

resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "pk"
  tags     = var.tags

  attribute {
    name = "pk"
    type = "S"
  }
}
