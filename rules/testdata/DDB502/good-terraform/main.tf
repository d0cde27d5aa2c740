provider "aws" {
  alias  = "west"
  region = "us-west-2"
}

# The replicas are as strong as the table, or stronger.
resource "aws_dynamodb_table" "orders" {
  name             = "orders"
  billing_mode     = "PAY_PER_REQUEST"
  hash_key         = "pk"
  stream_enabled   = true
  stream_view_type = "NEW_AND_OLD_IMAGES"
  attribute {
    name = "pk"
    type = "S"
  }
  server_side_encryption {
    enabled = true
  }
  replica {
    region_name = "eu-west-1"
  }
  replica {
    region_name                 = "eu-central-1"
    kms_key_arn                 = "arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    point_in_time_recovery      = true
    deletion_protection_enabled = true
  }
}

resource "aws_dynamodb_table_replica" "west" {
  provider         = aws.west
  global_table_arn = aws_dynamodb_table.orders.arn
}
