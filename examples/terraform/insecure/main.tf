# An orders service as it is often first written: every DynamoDB default left
# alone. dynamoguard reports each weakness; ../fixed/main.tf is the same
# service with them fixed.

provider "aws" {
  region = "us-east-1"
}

variable "environment" {
  type    = string
  default = "prod"
}

locals {
  prefix = "orders-${var.environment}"
}

# No server_side_encryption block: the AWS-owned key (DDB101). No
# point_in_time_recovery (DDB201), no deletion protection (DDB203).
resource "aws_dynamodb_table" "orders" {
  name         = "${local.prefix}-orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "order_id"

  attribute {
    name = "order_id"
    type = "S"
  }
}

# KMS on, but with the AWS-managed key (DDB102); PITR written off (DDB201).
resource "aws_dynamodb_table" "customers" {
  name         = "${local.prefix}-customers"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "customer_id"

  attribute {
    name = "customer_id"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = "alias/aws/dynamodb"
  }

  point_in_time_recovery {
    enabled = false
  }

  deletion_protection_enabled = true
}

resource "aws_kms_key" "events" {
  description         = "orders events table"
  enable_key_rotation = true
}

# A global table whose primary uses a CMK, PITR and deletion protection but
# whose replica falls back to the AWS-managed key, without PITR or deletion
# protection: the replica is weaker than its primary (DDB502, once per
# setting; run without DDB502, DDB103, DDB202 and DDB203 report them).
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
    kms_key_arn = aws_kms_key.events.arn
  }

  point_in_time_recovery {
    enabled = true
  }

  replica {
    region_name = "eu-west-1"
  }
}

# A DAX cache in front of the orders table, created with the defaults: no
# encryption at rest (DDB104) and a plain-text endpoint (DDB105).
resource "aws_dax_cluster" "orders" {
  cluster_name       = "${local.prefix}-cache"
  iam_role_arn       = "arn:aws:iam::111122223333:role/orders-dax"
  node_type          = "dax.r5.large"
  replication_factor = 3
}
