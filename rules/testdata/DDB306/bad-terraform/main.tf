variable "owner" {
  type    = string
  default = "444455556666"
}

resource "aws_dynamodb_table_export" "partner" {
  table_arn       = "arn:aws:dynamodb:us-east-1:111122223333:table/orders"
  s3_bucket       = "partner-exports"
  s3_bucket_owner = var.owner # want col=21 "DDB306 export aws_dynamodb_table_export.partner writes to a bucket of account \"444455556666\", not in trusted_accounts"
}
