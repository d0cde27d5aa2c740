provider "aws" {
  region = "eu-west-1"
}

resource "aws_kms_key" "k" {
  description = "table key"
  enable_key_rotation = true
}

resource "aws_dynamodb_table" "t" {
  name = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key = "id"
  stream_enabled = true
  stream_view_type = "NEW_AND_OLD_IMAGES"
  deletion_protection_enabled = true

  attribute {
    name = "id"
    type = "S"
  }

  server_side_encryption {
    enabled = true
    kms_key_arn = aws_kms_key.k.arn
  }

  point_in_time_recovery {
    enabled = true
  }
}

resource "aws_dynamodb_table_replica" "r" {
  global_table_arn = aws_dynamodb_table.t.arn
  point_in_time_recovery = false
}

resource "aws_dax_cluster" "d" {
  cluster_name = "orders-cache"
  node_type = "dax.r5.large"
  replication_factor = 3
  iam_role_arn = "arn:aws:iam::111122223333:role/dax"
}

resource "aws_backup_vault" "v" {
  name = "tables"
  kms_key_arn = aws_kms_key.k.arn
}

resource "aws_backup_plan" "p" {
  name = "daily"

  rule {
    rule_name = "daily"
    target_vault_name = aws_backup_vault.v.name
    schedule = "cron(0 5 * * ? *)"
  }
}

resource "aws_backup_selection" "s" {
  name = "tables"
  iam_role_arn = "arn:aws:iam::111122223333:role/backup"
  plan_id = aws_backup_plan.p.id
  resources = [aws_dynamodb_table.t.arn]
}

resource "aws_appautoscaling_target" "read" {
  service_namespace = "dynamodb"
  scalable_dimension = "dynamodb:table:ReadCapacityUnits"
  resource_id = "table/${aws_dynamodb_table.t.name}"
  min_capacity = 5
  max_capacity = 50
}

resource "aws_dynamodb_table_export" "e" {
  table_arn = aws_dynamodb_table.t.arn
  s3_bucket = "orders-exports"
  s3_sse_algorithm = "AES256"
}

resource "aws_vpc_endpoint" "ddb" {
  vpc_id = "vpc-0a1b2c3d"
  service_name = "com.amazonaws.eu-west-1.dynamodb"
  vpc_endpoint_type = "Gateway"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Principal = "*"
      Action = "dynamodb:*"
      Resource = "*"
    }]
  })
}

resource "aws_iam_role_policy" "app" {
  name = "app"
  role = "app"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "dynamodb:*"
      Resource = "*"
    }]
  })
}

resource "aws_s3_bucket_policy" "exports" {
  bucket = "orders-exports"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Principal = {
        AWS = "arn:aws:iam::999988887777:root"
      }
      Action = "s3:GetObject"
      Resource = "arn:aws:s3:::orders-exports/*"
    }]
  })
}

resource "aws_kinesis_stream" "s" {
  name = "orders-changes"
  encryption_type = "NONE"

  stream_mode_details {
    stream_mode = "ON_DEMAND"
  }
}

resource "aws_dynamodb_kinesis_streaming_destination" "s" {
  stream_arn = aws_kinesis_stream.s.arn
  table_name = aws_dynamodb_table.t.name
}
