resource "aws_dynamodb_table" "orders" {
  name             = "orders"
  hash_key         = "pk"
  stream_enabled   = true
  stream_view_type = "NEW_AND_OLD_IMAGES"

  attribute {
    name = "pk"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }

  replica {
    region_name            = "eu-west-1"
    point_in_time_recovery = true
  }
}

# The table's own PITR is DDB201's concern; without replicas this rule has nothing to say.
resource "aws_dynamodb_table" "regional" {
  name     = "regional"
  hash_key = "pk"

  attribute {
    name = "pk"
    type = "S"
  }
}
