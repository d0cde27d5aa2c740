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
  replica {
    region_name = "eu-west-1"
  }
  tags = {
    tier = "critical"
  }
}

# Replicated by a standalone replica resource.
resource "aws_dynamodb_table" "payments" {
  name             = "payments"
  billing_mode     = "PAY_PER_REQUEST"
  hash_key         = "pk"
  stream_enabled   = true
  stream_view_type = "NEW_AND_OLD_IMAGES"
  attribute {
    name = "pk"
    type = "S"
  }
  tags = {
    tier = "critical"
  }
}

resource "aws_dynamodb_table_replica" "payments_west" {
  provider         = aws.west
  global_table_arn = aws_dynamodb_table.payments.arn
}

# Replicated by a legacy global table spanning two regions.
resource "aws_dynamodb_table" "sessions" {
  name             = "sessions"
  billing_mode     = "PAY_PER_REQUEST"
  hash_key         = "pk"
  stream_enabled   = true
  stream_view_type = "NEW_AND_OLD_IMAGES"
  attribute {
    name = "pk"
    type = "S"
  }
  tags = {
    tier = "critical"
  }
}

resource "aws_dynamodb_global_table" "sessions" {
  name = "sessions"
  replica {
    region_name = "us-east-1"
  }
  replica {
    region_name = "us-west-2"
  }
}
