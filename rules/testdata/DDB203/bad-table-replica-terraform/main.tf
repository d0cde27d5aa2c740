provider "aws" {
  alias  = "west"
  region = "us-west-2"
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
}

resource "aws_dynamodb_table_replica" "west" { # want "DDB203 table replica aws_dynamodb_table_replica.west \\(us-west-2\\) has deletion_protection_enabled not set \\(default false\\), so a single DeleteTable call or terraform destroy deletes it"
  provider         = aws.west
  global_table_arn = aws_dynamodb_table.orders.arn
}

resource "aws_dynamodb_table_replica" "on" {
  provider                    = aws.west
  global_table_arn            = aws_dynamodb_table.orders.arn
  deletion_protection_enabled = true
}
