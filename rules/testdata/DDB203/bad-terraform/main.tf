variable "protect" {
  type = bool
}

resource "aws_dynamodb_table" "unset" { # want "DDB203 table aws_dynamodb_table.unset has deletion_protection_enabled not set \\(default false\\)"
  name     = "unset"
  hash_key = "pk"

  attribute {
    name = "pk"
    type = "S"
  }
}

resource "aws_dynamodb_table" "off" {
  name                        = "off"
  hash_key                    = "pk"
  deletion_protection_enabled = false # want "DDB203 table aws_dynamodb_table.off .*set to false"
  stream_enabled              = true
  stream_view_type            = "NEW_AND_OLD_IMAGES"

  attribute {
    name = "pk"
    type = "S"
  }

  replica { # want "DDB203 replica eu-west-1 of table aws_dynamodb_table.off has replica\\[eu-west-1\\].deletion_protection_enabled not set"
    region_name = "eu-west-1"
  }
}

resource "aws_dynamodb_table" "unknown" {
  name                        = "unknown"
  hash_key                    = "pk"
  deletion_protection_enabled = var.protect # skip "DDB203 .*protect"

  attribute {
    name = "pk"
    type = "S"
  }
}
