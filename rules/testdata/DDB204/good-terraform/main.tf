# No backup plan in the project: without require_backup_plan the rule is
# silent, as plans may live in another project.
resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "pk"

  attribute {
    name = "pk"
    type = "S"
  }
}
