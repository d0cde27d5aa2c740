provider "aws" {
  alias  = "west"
  region = "us-west-2"
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
}

resource "aws_dynamodb_table_replica" "west" { # want "DDB202 table replica aws_dynamodb_table_replica.west \\(us-west-2\\) has point_in_time_recovery not set \\(default false\\).*set point_in_time_recovery = true"
  provider         = aws.west
  global_table_arn = aws_dynamodb_table.orders.arn
}

resource "aws_dynamodb_table_replica" "off" {
  provider               = aws.west
  global_table_arn       = aws_dynamodb_table.orders.arn
  point_in_time_recovery = false # want "DDB202 table replica aws_dynamodb_table_replica.off .*set to false"
}

resource "aws_dynamodb_table_replica" "on" {
  provider               = aws.west
  global_table_arn       = aws_dynamodb_table.orders.arn
  point_in_time_recovery = true
}
