resource "aws_dynamodb_table" "this" {
  name         = var.name
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"

  attribute {
    name = "pk"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = var.kms_key_arn # want "DDB102 table module.legacy\\[0\\].aws_dynamodb_table.this uses the AWS-managed key aws/dynamodb \\(server_side_encryption.kms_key_arn is not set \\(from the default of variable \"kms_key_arn\" \\(modules/table/variables.tf:12\\)\\)\\)" "DDB102 table module.legacy\\[1\\]"
  }

  point_in_time_recovery {
    enabled = var.pitr
  }
}
