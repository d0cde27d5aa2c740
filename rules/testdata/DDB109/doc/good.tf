resource "aws_kms_key" "exports" {
  enable_key_rotation = true
}

resource "aws_dynamodb_table_export" "orders" {
  table_arn         = "arn:aws:dynamodb:eu-west-1:111122223333:table/orders"
  s3_bucket         = "orders-exports"
  s3_sse_algorithm  = "KMS"
  s3_sse_kms_key_id = aws_kms_key.exports.arn
}
