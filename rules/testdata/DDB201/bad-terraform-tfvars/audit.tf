# *.auto.tfvars overrides the variable's default.
resource "aws_dynamodb_table" "audit" {
  name     = "audit"
  hash_key = "pk"

  attribute {
    name = "pk"
    type = "S"
  }

  point_in_time_recovery {
    enabled = var.audit_pitr # want "DDB201 table aws_dynamodb_table.audit .*set to false"
  }
}
