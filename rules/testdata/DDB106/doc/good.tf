resource "aws_dynamodb_table" "orders" {
  name         = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"

  attribute {
    name = "pk"
    type = "S"
  }
}

resource "aws_kms_key" "changes" {
  enable_key_rotation = true
}

resource "aws_kinesis_stream" "changes" {
  name             = "orders-changes"
  retention_period = 168
  encryption_type  = "KMS"
  kms_key_id       = aws_kms_key.changes.arn

  stream_mode_details {
    stream_mode = "ON_DEMAND"
  }
}

resource "aws_dynamodb_kinesis_streaming_destination" "orders" {
  stream_arn = aws_kinesis_stream.changes.arn
  table_name = aws_dynamodb_table.orders.name
}
