resource "aws_kms_key" "k" {
  enable_key_rotation = true
}

# dynamoguard:ignore DDB201 -- rebuilt nightly from the event log
resource "aws_dynamodb_table" "cache" {
  name                        = "cache"
  hash_key                    = "pk"
  deletion_protection_enabled = true

  attribute {
    name = "pk"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.k.arn
  }
}
