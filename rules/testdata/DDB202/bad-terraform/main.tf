variable "replica_pitr" {
  type = bool
}

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

  replica { # want "DDB202 replica eu-west-1 of table aws_dynamodb_table.orders has replica\\[eu-west-1\\].point_in_time_recovery not set"
    region_name = "eu-west-1"
  }

  replica {
    region_name            = "us-west-2"
    point_in_time_recovery = false # want "DDB202 replica us-west-2 .*set to false"
  }

  replica {
    region_name            = "ap-south-1"
    point_in_time_recovery = var.replica_pitr # skip "DDB202 .*replica_pitr"
  }
}
