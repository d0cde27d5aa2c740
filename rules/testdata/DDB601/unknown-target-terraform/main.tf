variable "table_name" {
  type = string
}

resource "aws_dynamodb_table" "orders" {
  name           = "orders"
  billing_mode   = "PROVISIONED"
  read_capacity  = 10
  write_capacity = 10
  hash_key       = "pk"
  attribute {
    name = "pk"
    type = "S"
  }
}

# A target whose resource ID comes from an unknown may scale the table.
resource "aws_appautoscaling_target" "read" {
  service_namespace  = "dynamodb"
  resource_id        = "table/${var.table_name}" # skip "DDB601 autoscaling target aws_appautoscaling_target.read may scale this table"
  scalable_dimension = "dynamodb:table:ReadCapacityUnits"
  min_capacity       = 5
  max_capacity       = 100
}
