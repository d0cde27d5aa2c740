module "kms" {
  source = "./modules/kms"
}

module "tables" {
  source   = "./modules/table"
  for_each = { orders = false, payments = true }

  name        = each.key
  pitr        = each.value
  kms_key_arn = module.kms.key_arn
}

module "labels" {
  source = "cloudposse/label/null"
  name   = "app"
}

module "remote_tables" {
  source = "terraform-aws-modules/dynamodb-table/aws"
}

resource "aws_dynamodb_table" "root" {
  name = "root"
  tags = module.labels.tags

  server_side_encryption {
    enabled     = true
    kms_key_arn = module.kms.key_arn
  }

  point_in_time_recovery {
    enabled = true
  }

  deletion_protection_enabled = true
}
