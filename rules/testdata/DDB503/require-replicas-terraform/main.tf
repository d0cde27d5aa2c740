resource "aws_dynamodb_table" "any" { # want "DDB503 table aws_dynamodb_table.any has no replica in another region although require_replicas is set"
  name         = "any"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"
  attribute {
    name = "pk"
    type = "S"
  }
}

# Replicated by a replica naming the table by ARN.
resource "aws_dynamodb_table" "byarn" {
  name             = "byarn"
  billing_mode     = "PAY_PER_REQUEST"
  hash_key         = "pk"
  stream_enabled   = true
  stream_view_type = "NEW_AND_OLD_IMAGES"
  attribute {
    name = "pk"
    type = "S"
  }
}

resource "aws_dynamodb_table_replica" "byarn" {
  global_table_arn = "arn:aws:dynamodb:us-east-1:111122223333:table/byarn"
}

# The replica of a table of another project decides nothing here.
resource "aws_dynamodb_table_replica" "elsewhere" {
  global_table_arn = "arn:aws:dynamodb:us-east-1:111122223333:table/elsewhere"
}
