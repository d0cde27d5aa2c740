variable "pitr" {
  type    = bool
  default = false
}

variable "pitr_unset" {
  type = bool
}

locals {
  settings = {
    pitr = false
  }
}

resource "aws_dynamodb_table" "no_block" { # want "DDB201 table aws_dynamodb_table.no_block has point_in_time_recovery.enabled not set \\(default false\\).*set point_in_time_recovery \\{ enabled = true \\}"
  name     = "no-block"
  hash_key = "pk"

  attribute {
    name = "pk"
    type = "S"
  }
}

resource "aws_dynamodb_table" "disabled" {
  name     = "disabled"
  hash_key = "pk"

  attribute {
    name = "pk"
    type = "S"
  }

  point_in_time_recovery {
    enabled = false # want "DDB201 .*set to false"
  }
}

resource "aws_dynamodb_table" "empty_block" {
  name     = "empty-block"
  hash_key = "pk"

  attribute {
    name = "pk"
    type = "S"
  }

  point_in_time_recovery { # want "DDB201"
  }
}

resource "aws_dynamodb_table" "from_variable" {
  name     = "from-variable"
  hash_key = "pk"

  attribute {
    name = "pk"
    type = "S"
  }

  point_in_time_recovery {
    enabled = var.pitr # want "DDB201"
  }
}

resource "aws_dynamodb_table" "from_local" {
  name     = "from-local"
  hash_key = "pk"

  attribute {
    name = "pk"
    type = "S"
  }

  point_in_time_recovery {
    enabled = local.settings.pitr # want "DDB201"
  }
}

resource "aws_dynamodb_table" "unknown" {
  name     = "unknown"
  hash_key = "pk"

  attribute {
    name = "pk"
    type = "S"
  }

  point_in_time_recovery {
    enabled = var.pitr_unset # skip "DDB201 .*pitr_unset"
  }
}
