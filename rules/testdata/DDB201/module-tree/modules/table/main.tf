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
    kms_key_arn = var.kms_key_arn
  }

  point_in_time_recovery {
    enabled = var.pitr # want "DDB201 table module.tables\\[\"orders\"\\].aws_dynamodb_table.this has point_in_time_recovery.enabled set to false \\(from input \"pitr\" of module.tables\\[\"orders\"\\] \\(main.tf:12\\)\\).*; pass pitr = true to module.tables\\[\"orders\"\\]"
  }
}
