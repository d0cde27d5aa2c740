provider "aws" {
  region = "eu-west-1"
}

resource "aws_kms_key" "orders" {
  description         = "orders table key"
  enable_key_rotation = true
}

resource "aws_dynamodb_table" "orders" {
  name         = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.orders.arn
  }

  replica {
    region_name = "eu-central-1"
  }
}

resource "aws_dynamodb_table" "events" {
  count        = 2
  name         = "events-${count.index}"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }

  point_in_time_recovery {
    enabled = false
  }
}

resource "aws_dynamodb_resource_policy" "orders" {
  resource_arn = aws_dynamodb_table.orders.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "dynamodb:GetItem"
      Resource  = "*"
    }]
  })
}

module "db" {
  source   = "./modules/table"
  for_each = toset(["a", "b"])
  name     = "db-${each.key}"
}

module "kms" {
  source = "./modules/kms"
}

resource "aws_dynamodb_table" "audit" {
  name                        = "audit"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "id"
  deletion_protection_enabled = true

  attribute {
    name = "id"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = module.kms.key_arn
  }

  point_in_time_recovery {
    enabled = true
  }
}
