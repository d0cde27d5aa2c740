variable "sse_on" {
  type    = bool
  default = false
}

variable "sse_unset" {
  type = bool
}

resource "aws_dynamodb_table" "no_sse_block" { # want "DDB101 table aws_dynamodb_table.no_sse_block has server_side_encryption.enabled not set"
  name     = "no-sse-block"
  hash_key = "pk"

  attribute {
    name = "pk"
    type = "S"
  }
}

resource "aws_dynamodb_table" "sse_disabled" {
  name     = "sse-disabled"
  hash_key = "pk"

  attribute {
    name = "pk"
    type = "S"
  }

  server_side_encryption {
    enabled = false # want "DDB101 .*set to false.*AWS-owned key"
  }
}

resource "aws_dynamodb_table" "sse_empty_block" {
  name     = "sse-empty-block"
  hash_key = "pk"

  attribute {
    name = "pk"
    type = "S"
  }

  server_side_encryption { # want "DDB101 .*not set \\(default false\\)"
  }
}

resource "aws_dynamodb_table" "sse_from_variable_default" {
  name     = "sse-from-variable-default"
  hash_key = "pk"

  attribute {
    name = "pk"
    type = "S"
  }

  server_side_encryption {
    enabled = var.sse_on # want "DDB101"
  }
}

resource "aws_dynamodb_table" "sse_unknown" {
  name     = "sse-unknown"
  hash_key = "pk"

  attribute {
    name = "pk"
    type = "S"
  }

  server_side_encryption {
    enabled = var.sse_unset # skip "DDB101 .*sse_unset"
  }
}
