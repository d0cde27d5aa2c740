data "aws_caller_identity" "current" {}

variable "region" {
  default = "eu-west-1"
}

resource "aws_iam_policy" "star" {
  policy = jsonencode({
    Statement = [{
      Effect   = "Allow"
      Action   = ["dynamodb:GetItem", "dynamodb:DeleteTable", "dynamodb:ListTables", "dynamodb:DescribeLimits"]
      Resource = "*" # want col=18 "DDB403 .*data-plane read GetItem; destructive control plane DeleteTable on every table .*Resource \"\\*\""
    }]
  })
}

resource "aws_iam_policy" "all_tables" {
  policy = jsonencode({
    Statement = [{
      Effect = "Allow"
      Action = ["dynamodb:ExportTableToPointInTime", "dynamodb:Query"]
      Resource = [
        "arn:aws:dynamodb:${var.region}:${data.aws_caller_identity.current.account_id}:table/*", # want col=9 "DDB403 .*export/import ExportTableToPointInTime"
      ]
    }]
  })
}

resource "aws_iam_policy" "streams" {
  policy = jsonencode({
    Statement = [{
      Effect   = "Allow"
      Action   = ["dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"]
      Resource = "arn:aws:dynamodb:*:*:table/*/stream/*" # want col=18 "DDB403 .*streams GetRecords, GetShardIterator"
    }]
  })
}

resource "aws_iam_policy" "notresource" {
  policy = jsonencode({
    Statement = [{
      Effect      = "Allow"
      Action      = "dynamodb:Scan"
      NotResource = "arn:aws:dynamodb:*:*:table/secrets" # want col=21 "DDB403 .*NotResource"
    }]
  })
}

data "aws_iam_policy_document" "backup" {
  statement {
    actions   = ["dynamodb:CreateBackup", "dynamodb:RestoreTableToPointInTime"]
    resources = ["*"] # want col=18 "DDB403 .*backup/restore CreateBackup, RestoreTableToPointInTime"
  }
}

resource "aws_iam_group_policy" "backup" {
  group  = "ops"
  policy = data.aws_iam_policy_document.backup.json
}

resource "aws_iam_user_policy_attachment" "read" {
  user       = "analyst"
  policy_arn = "arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess" # want col=16 "DDB403 the AWS managed policy AmazonDynamoDBReadOnlyAccess .*data-plane read BatchGetItem, GetItem, Query, Scan"
}
