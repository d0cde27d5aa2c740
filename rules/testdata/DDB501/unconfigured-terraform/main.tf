variable "unknown_region" {
  type = string
}

# Without allowed_regions in the configuration the rule does not apply.
resource "aws_dynamodb_table" "orders" {
  name             = "orders"
  hash_key         = "pk"
  billing_mode     = "PAY_PER_REQUEST"
  stream_enabled   = true
  stream_view_type = "NEW_AND_OLD_IMAGES"
  attribute {
    name = "pk"
    type = "S"
  }
  replica {
    region_name = "ap-south-1"
  }
  replica {
    region_name = var.unknown_region
  }
}
