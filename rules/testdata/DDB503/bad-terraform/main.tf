variable "replica_regions" {
  type = list(string)
}

resource "aws_dynamodb_table" "orders" { # want "DDB503 table aws_dynamodb_table.orders has no replica in another region although it is selected by critical_tables, so a regional outage makes its data unavailable; add a replica"
  name         = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"
  attribute {
    name = "pk"
    type = "S"
  }
  tags = {
    tier = "critical"
  }
}

# Not critical: no finding.
resource "aws_dynamodb_table" "cache" {
  name         = "cache"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"
  attribute {
    name = "pk"
    type = "S"
  }
  tags = {
    tier = "best-effort"
  }
}

# Replicas from an unknown list: not decided.
resource "aws_dynamodb_table" "ledger" {
  name             = "ledger"
  billing_mode     = "PAY_PER_REQUEST"
  hash_key         = "pk"
  stream_enabled   = true
  stream_view_type = "NEW_AND_OLD_IMAGES"
  attribute {
    name = "pk"
    type = "S"
  }
  dynamic "replica" {
    for_each = var.replica_regions # skip "DDB503 .*replica_regions"
    content {
      region_name = replica.value
    }
  }
  tags = {
    tier = "critical"
  }
}
