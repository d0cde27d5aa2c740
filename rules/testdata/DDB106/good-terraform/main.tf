resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "pk"

  attribute {
    name = "pk"
    type = "S"
  }
}

resource "aws_kms_key" "changes" {
  enable_key_rotation = true
}

resource "aws_kinesis_stream" "changes" {
  name            = "changes"
  shard_count     = 1
  encryption_type = "KMS"
  kms_key_id      = aws_kms_key.changes.id
}

# A stream no table writes to is not this rule's business.
resource "aws_kinesis_stream" "clicks" {
  name        = "clicks"
  shard_count = 1
}

resource "aws_dynamodb_kinesis_streaming_destination" "orders" {
  stream_arn = aws_kinesis_stream.changes.arn
  table_name = aws_dynamodb_table.orders.name
}
