resource "aws_dynamodb_table" "protected" {
  name                        = "protected"
  hash_key                    = "pk"
  deletion_protection_enabled = true
  stream_enabled              = true
  stream_view_type            = "NEW_AND_OLD_IMAGES"

  attribute {
    name = "pk"
    type = "S"
  }

  replica {
    region_name                 = "eu-west-1"
    deletion_protection_enabled = true
  }
}
