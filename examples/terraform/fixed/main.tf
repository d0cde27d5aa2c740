# The orders service of ../insecure/main.tf with every finding fixed: each
# table and replica is encrypted with a customer managed key, has
# point-in-time recovery and deletion protection.

provider "aws" {
  region = "us-east-1"
}

provider "aws" {
  alias  = "eu"
  region = "eu-west-1"
}

variable "environment" {
  type    = string
  default = "prod"
}

locals {
  prefix = "orders-${var.environment}"
}

resource "aws_kms_key" "tables" {
  description         = "orders tables"
  enable_key_rotation = true
}

resource "aws_kms_key" "tables_eu" {
  provider            = aws.eu
  description         = "orders tables, eu-west-1 replicas"
  enable_key_rotation = true
}

resource "aws_dynamodb_table" "orders" {
  name                        = "${local.prefix}-orders"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "order_id"
  deletion_protection_enabled = true

  attribute {
    name = "order_id"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.tables.arn
  }

  point_in_time_recovery {
    enabled = true
  }
}

resource "aws_dynamodb_table" "customers" {
  name                        = "${local.prefix}-customers"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "customer_id"
  deletion_protection_enabled = true

  attribute {
    name = "customer_id"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.tables.arn
  }

  point_in_time_recovery {
    enabled = true
  }
}

resource "aws_dynamodb_table" "events" {
  name                        = "${local.prefix}-events"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "event_id"
  stream_enabled              = true
  stream_view_type            = "NEW_AND_OLD_IMAGES"
  deletion_protection_enabled = true

  attribute {
    name = "event_id"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.tables.arn
  }

  point_in_time_recovery {
    enabled = true
  }

  replica {
    region_name                 = "eu-west-1"
    kms_key_arn                 = aws_kms_key.tables_eu.arn
    point_in_time_recovery      = true
    deletion_protection_enabled = true
  }
}

resource "aws_dax_cluster" "orders" {
  cluster_name                     = "${local.prefix}-cache"
  iam_role_arn                     = "arn:aws:iam::111122223333:role/orders-dax"
  node_type                        = "dax.r5.large"
  replication_factor               = 3
  cluster_endpoint_encryption_type = "TLS"

  server_side_encryption {
    enabled = true
  }
}
