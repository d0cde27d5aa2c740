resource "aws_kms_key" "orders" {
  enable_key_rotation = true
}

variable "orders_key_eu_west_1" {
  type    = string
  default = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

resource "aws_dynamodb_table" "orders" {
  name                        = "orders"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "pk"
  stream_enabled              = true
  stream_view_type            = "NEW_AND_OLD_IMAGES"
  deletion_protection_enabled = true

  attribute {
    name = "pk"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.orders.arn
  }

  point_in_time_recovery {
    enabled = true
  }

  replica {
    region_name                 = "eu-west-1"
    kms_key_arn                 = var.orders_key_eu_west_1
    point_in_time_recovery      = true
    deletion_protection_enabled = true
  }
}
