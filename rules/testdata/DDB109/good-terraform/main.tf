variable "export_key_arn" {
  type    = string
  default = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

resource "aws_kms_key" "exports" {
  enable_key_rotation = true
}

resource "aws_kms_alias" "exports" {
  name          = "alias/exports"
  target_key_id = aws_kms_key.exports.key_id
}

resource "aws_dynamodb_table_export" "by_reference" {
  table_arn         = "arn:aws:dynamodb:eu-west-1:111122223333:table/orders"
  s3_bucket         = "orders-exports"
  s3_sse_algorithm  = "KMS"
  s3_sse_kms_key_id = aws_kms_key.exports.arn
}

resource "aws_dynamodb_table_export" "by_alias" {
  table_arn         = "arn:aws:dynamodb:eu-west-1:111122223333:table/orders"
  s3_bucket         = "orders-exports"
  s3_sse_algorithm  = "KMS"
  s3_sse_kms_key_id = aws_kms_alias.exports.arn
}

resource "aws_dynamodb_table_export" "by_variable" {
  table_arn         = "arn:aws:dynamodb:eu-west-1:111122223333:table/orders"
  s3_bucket         = "orders-exports"
  s3_sse_algorithm  = "KMS"
  s3_sse_kms_key_id = var.export_key_arn
}
