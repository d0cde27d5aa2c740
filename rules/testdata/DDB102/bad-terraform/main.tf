variable "key_arn" {
  type = string
}

data "aws_kms_alias" "dynamodb" {
  name = "alias/aws/dynamodb"
}

resource "aws_dynamodb_table" "no_key" {
  name     = "no-key"
  hash_key = "pk"

  attribute {
    name = "pk"
    type = "S"
  }

  server_side_encryption {
    enabled = true # want "DDB102 table aws_dynamodb_table.no_key uses the AWS-managed key aws/dynamodb \\(server_side_encryption.kms_key_arn is not set\\)"
  }
}

resource "aws_dynamodb_table" "alias" {
  name     = "alias"
  hash_key = "pk"

  attribute {
    name = "pk"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = "alias/aws/dynamodb" # want "DDB102 .*is \"alias/aws/dynamodb\""
  }
}

resource "aws_dynamodb_table" "alias_arn" {
  name     = "alias-arn"
  hash_key = "pk"

  attribute {
    name = "pk"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = "arn:aws:kms:eu-west-1:111122223333:alias/aws/dynamodb" # want "DDB102"
  }
}

resource "aws_dynamodb_table" "data_alias" {
  name     = "data-alias"
  hash_key = "pk"

  attribute {
    name = "pk"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = data.aws_kms_alias.dynamodb.target_key_arn # want "DDB102"
  }
}

resource "aws_dynamodb_table" "unknown_key" {
  name     = "unknown-key"
  hash_key = "pk"

  attribute {
    name = "pk"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = var.key_arn # skip "DDB102 .*key_arn"
  }
}

variable "sse_on" {
  type = bool
}

# Whether KMS is on at all is unknown: neither reported nor passed.
resource "aws_dynamodb_table" "unknown_switch" {
  name     = "unknown-switch"
  hash_key = "pk"

  attribute {
    name = "pk"
    type = "S"
  }

  server_side_encryption {
    enabled = var.sse_on # skip "DDB102 .*sse_on"
  }
}
