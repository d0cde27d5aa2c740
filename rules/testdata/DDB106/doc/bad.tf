resource "aws_dynamodb_table" "orders" {
  name         = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"

  attribute {
    name = "pk"
    type = "S"
  }
}

resource "aws_kinesis_stream" "changes" { # want "DDB106"
  name             = "orders-changes"
  retention_period = 168

  stream_mode_details {
    stream_mode = "ON_DEMAND"
  }
}

resource "aws_dynamodb_kinesis_streaming_destination" "orders" {
  stream_arn = aws_kinesis_stream.changes.arn
  table_name = aws_dynamodb_table.orders.name
}
