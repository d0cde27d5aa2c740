variable "rotate" {
  type    = bool
  default = false
}

variable "rotate_unset" {
  type = bool
}

resource "aws_kms_key" "table" { # want "DDB107 KMS key aws_kms_key.table protects table aws_dynamodb_table.orders but has enable_key_rotation not set \\(default false\\).*set enable_key_rotation = true"
}

resource "aws_kms_key" "shared" {
  enable_key_rotation = false # want "DDB107 KMS key aws_kms_key.shared protects backup vault aws_backup_vault.v and 1 more but has enable_key_rotation set to false"
}

resource "aws_kms_key" "primary" {
  multi_region        = true
  enable_key_rotation = var.rotate # want "DDB107 KMS key aws_kms_key.primary protects replica eu-west-1 of table aws_dynamodb_table.global .*\\(from the default of variable \"rotate\".*set variable rotate to true"
}

resource "aws_kms_replica_key" "eu" {
  primary_key_arn = aws_kms_key.primary.arn
}

resource "aws_kms_key" "unknown" {
  enable_key_rotation = var.rotate_unset # skip "DDB107"
}

resource "aws_kms_key" "unused" {
  enable_key_rotation = false
}

resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "pk"

  attribute {
    name = "pk"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.table.arn
  }
}

resource "aws_dynamodb_table" "global" {
  name             = "global"
  hash_key         = "pk"
  stream_enabled   = true
  stream_view_type = "NEW_AND_OLD_IMAGES"

  attribute {
    name = "pk"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.unknown.arn
  }

  replica {
    region_name = "eu-west-1"
    kms_key_arn = aws_kms_replica_key.eu.arn
  }
}

resource "aws_dynamodb_table" "external_key" {
  name     = "external-key"
  hash_key = "pk"

  attribute {
    name = "pk"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" # skip "DDB107"
  }
}

resource "aws_backup_vault" "v" {
  name        = "v"
  kms_key_arn = aws_kms_key.shared.arn
}

resource "aws_dynamodb_table_export" "e" {
  table_arn         = aws_dynamodb_table.orders.arn
  s3_bucket         = "exports"
  s3_sse_algorithm  = "KMS"
  s3_sse_kms_key_id = aws_kms_key.shared.arn
}
