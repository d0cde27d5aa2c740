variable "environment" {
  type    = string
  default = "prod"
}

resource "aws_dynamodb_table" "enabled" {
  name     = "enabled"
  hash_key = "pk"

  attribute {
    name = "pk"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }
}

resource "aws_dynamodb_table" "conditional" {
  name     = "conditional"
  hash_key = "pk"

  attribute {
    name = "pk"
    type = "S"
  }

  point_in_time_recovery {
    enabled = var.environment == "prod" ? true : false
  }
}
