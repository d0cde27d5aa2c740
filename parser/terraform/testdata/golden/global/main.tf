provider "aws" {
  region = var.region
}

locals {
  name     = "${var.prefix}-orders"
  replicas = { for r in var.replica_regions : r => { pitr = r != "eu-west-2" } }
  policy   = templatefile("${path.module}/policy.json.tpl", { table = local.name })
}

resource "aws_kms_key" "orders" {
  description         = "orders"
  enable_key_rotation = true
  policy              = local.policy
}

resource "aws_kms_alias" "orders" {
  name          = "alias/${local.name}"
  target_key_id = aws_kms_key.orders.key_id
}

resource "aws_dynamodb_table" "orders" {
  name         = local.name
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_alias.orders.target_key_arn
  }

  point_in_time_recovery {
    enabled = var.pitr
  }

  dynamic "replica" {
    for_each = local.replicas
    content {
      region_name            = replica.key
      point_in_time_recovery = replica.value.pitr
    }
  }

  tags = {
    Name = local.name
  }
}

module "audit" {
  source  = "terraform-aws-modules/dynamodb-table/aws"
  version = "4.0.0"
}
