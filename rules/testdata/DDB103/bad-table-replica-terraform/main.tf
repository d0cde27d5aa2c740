provider "aws" {
  alias  = "west"
  region = "us-west-2"
}

resource "aws_kms_key" "orders" {
  enable_key_rotation = true
}

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
    enabled     = true
    kms_key_arn = aws_kms_key.orders.arn
  }
}

# Without kms_key_arn a standalone replica uses aws/dynamodb.
resource "aws_dynamodb_table_replica" "west" { # want "DDB103 table replica aws_dynamodb_table_replica.west \\(us-west-2\\) uses the AWS-managed key aws/dynamodb \\(kms_key_arn is not set\\).*set kms_key_arn to a customer managed key in us-west-2"
  provider         = aws.west
  global_table_arn = aws_dynamodb_table.orders.arn
}

resource "aws_dynamodb_table_replica" "managed" {
  provider         = aws.west
  global_table_arn = aws_dynamodb_table.orders.arn
  kms_key_arn      = "alias/aws/dynamodb" # want "DDB103 table replica aws_dynamodb_table_replica.managed .*kms_key_arn is \"alias/aws/dynamodb\""
}

resource "aws_dynamodb_table_replica" "cmk" {
  provider         = aws.west
  global_table_arn = aws_dynamodb_table.orders.arn
  kms_key_arn      = "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

variable "table_arn" {
  type = string
}

# The table is not known: its key cannot be told.
resource "aws_dynamodb_table_replica" "unknown" { # skip "DDB103 the replica names no kms_key_arn, so its key follows the encryption of its table"
  provider         = aws.west
  global_table_arn = var.table_arn
}
