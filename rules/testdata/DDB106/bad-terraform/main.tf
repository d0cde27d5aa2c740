variable "stream_arn" {
  type = string
}

variable "encryption" {
  type    = string
  default = "NONE"
}

resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "pk"

  attribute {
    name = "pk"
    type = "S"
  }
}

resource "aws_kinesis_stream" "plain" { # want "DDB106 Kinesis stream aws_kinesis_stream.plain receives the item changes of aws_dynamodb_table.orders and 1 more but has encryption_type not set \\(default \"NONE\"\\).*set encryption_type = \"KMS\" and name a customer managed key"
  name        = "plain"
  shard_count = 1
}

resource "aws_kinesis_stream" "managed" {
  name            = "managed"
  shard_count     = 1
  encryption_type = "KMS"
  kms_key_id      = "alias/aws/kinesis" # want "DDB106 Kinesis stream aws_kinesis_stream.managed receives the item changes of aws_dynamodb_table.orders but is encrypted with the AWS-managed key"
}

resource "aws_kinesis_stream" "by_variable" {
  name            = "by-variable"
  shard_count     = 1
  encryption_type = var.encryption # want "DDB106 .*\\(from the default of variable \"encryption\".*set variable encryption to \"KMS\""
}

resource "aws_kinesis_stream" "by_arn" { # want "DDB106 Kinesis stream aws_kinesis_stream.by_arn receives the item changes of aws_dynamodb_table.orders"
  name        = "by-arn"
  shard_count = 1
}

resource "aws_dynamodb_kinesis_streaming_destination" "plain" {
  stream_arn = aws_kinesis_stream.plain.arn
  table_name = aws_dynamodb_table.orders.name
}

resource "aws_dynamodb_kinesis_streaming_destination" "plain_again" {
  stream_arn = aws_kinesis_stream.plain.arn
  table_name = "orders"
}

resource "aws_dynamodb_kinesis_streaming_destination" "managed" {
  stream_arn = aws_kinesis_stream.managed.arn
  table_name = aws_dynamodb_table.orders.name
}

resource "aws_dynamodb_kinesis_streaming_destination" "by_variable" {
  stream_arn = aws_kinesis_stream.by_variable.arn
  table_name = aws_dynamodb_table.orders.name
}

resource "aws_dynamodb_kinesis_streaming_destination" "by_arn" {
  stream_arn = "arn:aws:kinesis:eu-west-1:111122223333:stream/by-arn"
  table_name = aws_dynamodb_table.orders.name
}

resource "aws_dynamodb_kinesis_streaming_destination" "unknown" {
  stream_arn = var.stream_arn # skip "DDB106"
  table_name = aws_dynamodb_table.orders.name
}

resource "aws_dynamodb_kinesis_streaming_destination" "elsewhere" {
  stream_arn = "arn:aws:kinesis:eu-west-1:111122223333:stream/not-here" # skip "DDB106 .*not among the scanned files"
  table_name = aws_dynamodb_table.orders.name
}

resource "aws_kinesis_stream" "invalid" {
  name            = "invalid"
  shard_count     = 1
  encryption_type = "SSE" # skip "DDB106 .*neither NONE nor KMS"
}

resource "aws_dynamodb_kinesis_streaming_destination" "invalid" {
  stream_arn = aws_kinesis_stream.invalid.arn
  table_name = aws_dynamodb_table.orders.name
}
