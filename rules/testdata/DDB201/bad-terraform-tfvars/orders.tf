# The value comes from terraform.tfvars: the whole folder is one module.
resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "pk"

  attribute {
    name = "pk"
    type = "S"
  }

  point_in_time_recovery {
    enabled = var.pitr # want col=15 "DDB201 table aws_dynamodb_table.orders .*set to false"
  }
}
