resource "aws_dynamodb_table_export" "orders" {
  table_arn       = "arn:aws:dynamodb:us-east-1:111122223333:table/orders"
  s3_bucket       = "partner-exports"
  s3_bucket_owner = "444455556666" # want "DDB306"
}
