resource "aws_backup_plan" "daily" {
  name = "daily"

  rule {
    rule_name         = "daily"
    target_vault_name = "tables"
    schedule          = "cron(0 3 * * ? *)"
  }
}

resource "aws_backup_selection" "by_arn" {
  name         = "by-arn"
  plan_id      = aws_backup_plan.daily.id
  iam_role_arn = "arn:aws:iam::111122223333:role/backup"
  resources    = [aws_dynamodb_table.by_arn.arn]
}

resource "aws_backup_selection" "by_tag" {
  name         = "by-tag"
  plan_id      = aws_backup_plan.daily.id
  iam_role_arn = "arn:aws:iam::111122223333:role/backup"

  selection_tag {
    type  = "STRINGEQUALS"
    key   = "backup"
    value = "daily"
  }
}

resource "aws_backup_selection" "logs" {
  name          = "logs"
  plan_id       = aws_backup_plan.daily.id
  iam_role_arn  = "arn:aws:iam::111122223333:role/backup"
  resources     = ["arn:aws:dynamodb:${data.aws_region.current.name}:111122223333:table/logs-*"]
  not_resources = ["arn:aws:dynamodb:*:*:table/logs-scratch"]
}

resource "aws_backup_selection" "prod_only" {
  name         = "prod-only"
  plan_id      = aws_backup_plan.daily.id
  iam_role_arn = "arn:aws:iam::111122223333:role/backup"
  resources    = ["arn:aws:dynamodb:*:*:table/*"]

  condition {
    string_equals {
      key   = "aws:ResourceTag/env"
      value = "prod"
    }
  }
}

data "aws_region" "current" {}

resource "aws_dynamodb_table" "by_arn" {
  name     = "by-arn"
  hash_key = "pk"

  attribute {
    name = "pk"
    type = "S"
  }
}

resource "aws_dynamodb_table" "forgotten" { # want "DDB204 table aws_dynamodb_table.forgotten is in no AWS Backup selection of plan aws_backup_plan.daily.*add aws_dynamodb_table.forgotten.arn to the resources of an aws_backup_selection"
  name     = "forgotten"
  hash_key = "pk"

  attribute {
    name = "pk"
    type = "S"
  }
}

resource "aws_dynamodb_table" "tagged" {
  name     = "tagged"
  hash_key = "pk"
  tags     = { backup = "daily" }

  attribute {
    name = "pk"
    type = "S"
  }
}

resource "aws_dynamodb_table" "weekly" { # want "DDB204 table aws_dynamodb_table.weekly"
  name     = "weekly"
  hash_key = "pk"
  tags     = { backup = "weekly", env = "staging" }

  attribute {
    name = "pk"
    type = "S"
  }
}

resource "aws_dynamodb_table" "prod" {
  name     = "prod"
  hash_key = "pk"
  tags     = { env = "prod" }

  attribute {
    name = "pk"
    type = "S"
  }
}

resource "aws_dynamodb_table" "logs" {
  name     = "logs-2024"
  hash_key = "pk"

  attribute {
    name = "pk"
    type = "S"
  }
}

resource "aws_dynamodb_table" "scratch" { # want "DDB204 table aws_dynamodb_table.scratch"
  name     = "logs-scratch"
  hash_key = "pk"

  attribute {
    name = "pk"
    type = "S"
  }
}
