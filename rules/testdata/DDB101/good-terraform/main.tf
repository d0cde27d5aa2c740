variable "key_arn" {
  type = string
}

resource "aws_kms_key" "tables" {
  enable_key_rotation = true
}

resource "aws_dynamodb_table" "cmk" {
  name     = "cmk"
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

# AWS-managed key: not this rule's concern (DDB102).
resource "aws_dynamodb_table" "aws_managed" {
  name     = "aws-managed"
  hash_key = "pk"

  attribute {
    name = "pk"
    type = "S"
  }

  server_side_encryption {
    enabled = true
  }
}

# The key is unknown but SSE is on, so the table is not on the AWS-owned key.
resource "aws_dynamodb_table" "unknown_key" {
  name     = "unknown-key"
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
