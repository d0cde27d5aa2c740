resource "aws_dynamodb_table_export" "orders" { # want "DDB109"
  table_arn = "arn:aws:dynamodb:eu-west-1:111122223333:table/orders"
  s3_bucket = "orders-exports"
}
