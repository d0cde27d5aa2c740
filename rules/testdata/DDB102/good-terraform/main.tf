variable "key_arn" {
  type    = string
  default = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

locals {
  alias = "alias/orders"
}

resource "aws_kms_key" "tables" {
  enable_key_rotation = true
}

resource "aws_kms_alias" "tables" {
  name          = "alias/tables"
  target_key_id = aws_kms_key.tables.key_id
}

resource "aws_dynamodb_table" "by_reference" {
  name     = "by-reference"
  hash_key = "pk"

  attribute {
    name = "pk"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.tables.arn
  }
}

resource "aws_dynamodb_table" "by_alias_resource" {
  name     = "by-alias-resource"
  hash_key = "pk"

  attribute {
    name = "pk"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_alias.tables.arn
  }
}

resource "aws_dynamodb_table" "by_variable_default" {
  name     = "by-variable-default"
  hash_key = "pk"

  attribute {
    name = "pk"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = var.key_arn
  }
}

resource "aws_dynamodb_table" "by_customer_alias" {
  name     = "by-customer-alias"
  hash_key = "pk"

  attribute {
    name = "pk"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = local.alias
  }
}

# No SSE at all is DDB101's finding, not this rule's.
resource "aws_dynamodb_table" "aws_owned" {
  name     = "aws-owned"
  hash_key = "pk"

  attribute {
    name = "pk"
    type = "S"
  }
}
