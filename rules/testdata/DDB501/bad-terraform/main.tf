provider "aws" {
  region = "sa-east-1"
}

provider "aws" {
  alias  = "tokyo"
  region = "ap-northeast-1"
}

provider "aws" {
  alias = "unset"
}

variable "dr_region" {
  type = string
}

# The table's own region counts once it has replicas.
resource "aws_dynamodb_table" "orders" { # want "DDB501 table aws_dynamodb_table.orders \\(the primary of a global table\\) is in region \"sa-east-1\""
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
    region_name = "EU-WEST-1"
  }
  replica {
    region_name = "ap-south-1" # want "DDB501 replica ap-south-1 of table aws_dynamodb_table.orders is in region \"ap-south-1\", which allowed_regions does not list \\(us-east-1, eu-west-1\\)"
  }
  replica {
    region_name = var.dr_region # skip "DDB501 .*dr_region"
  }
}

resource "aws_dynamodb_table_replica" "tokyo" { # want "DDB501 table replica aws_dynamodb_table_replica.tokyo is in region \"ap-northeast-1\""
  provider         = aws.tokyo
  global_table_arn = aws_dynamodb_table.orders.arn
}

resource "aws_dynamodb_table_replica" "unset" { # skip "DDB501 the region is not written"
  provider         = aws.unset
  global_table_arn = aws_dynamodb_table.orders.arn
}

resource "aws_dynamodb_global_table" "legacy" {
  name = "legacy"
  replica {
    region_name = "us-east-1"
  }
  replica {
    region_name = "us-west-2" # want "DDB501 a replica of global table aws_dynamodb_global_table.legacy is in region \"us-west-2\""
  }
}

# The provider names no region: where the table itself is is not known.
resource "aws_dynamodb_table" "events" { # skip "DDB501 the region is not written \\(provider.aws.region is not set\\)"
  provider         = aws.unset
  name             = "events"
  hash_key         = "pk"
  billing_mode     = "PAY_PER_REQUEST"
  stream_enabled   = true
  stream_view_type = "NEW_AND_OLD_IMAGES"
  attribute {
    name = "pk"
    type = "S"
  }
  replica {
    region_name = "us-east-1"
  }
}
