variable "replica_regions" {
  type = list(string)
}

variable "known_regions" {
  type    = list(string)
  default = ["eu-west-1"]
}

resource "aws_kms_key" "primary" {
  enable_key_rotation = true
}

# Replicas from a list the scanner cannot know: not analysed, never passed.
resource "aws_dynamodb_table" "unknown_replicas" {
  name             = "unknown-replicas"
  hash_key         = "pk"
  stream_enabled   = true
  stream_view_type = "NEW_AND_OLD_IMAGES"

  attribute {
    name = "pk"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.primary.arn
  }

  dynamic "replica" {
    for_each = var.replica_regions # skip "DDB103 .*replica_regions"
    content {
      region_name = replica.value
    }
  }
}

# Replicas from a known list are expanded and checked.
resource "aws_dynamodb_table" "known_replicas" {
  name             = "known-replicas"
  hash_key         = "pk"
  stream_enabled   = true
  stream_view_type = "NEW_AND_OLD_IMAGES"

  attribute {
    name = "pk"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.primary.arn
  }

  dynamic "replica" { # want "DDB103 replica eu-west-1 of table aws_dynamodb_table.known_replicas uses the AWS-managed key"
    for_each = var.known_regions
    content {
      region_name = replica.value
    }
  }
}
