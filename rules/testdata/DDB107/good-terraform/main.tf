resource "aws_kms_key" "table" {
  enable_key_rotation = true
}

resource "aws_kms_alias" "table" {
  name          = "alias/orders"
  target_key_id = aws_kms_key.table.key_id
}

resource "aws_kms_key" "unused" {
  enable_key_rotation = false
}

resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "pk"

  attribute {
    name = "pk"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_alias.table.arn
  }
}

resource "aws_dynamodb_table" "managed" {
  name     = "managed"
  hash_key = "pk"

  attribute {
    name = "pk"
    type = "S"
  }

  server_side_encryption {
    enabled = true
  }
}
