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

variable "dimension" {
  type = string
}

resource "aws_dynamodb_table" "events" {
  name           = "events"
  read_capacity  = 10
  write_capacity = 10
  hash_key       = "pk"
  attribute {
    name = "pk"
    type = "S"
  }
}

# The dimension is unknown: which capacity it scales cannot be told.
resource "aws_appautoscaling_target" "events" {
  service_namespace  = "dynamodb"
  resource_id        = "table/${aws_dynamodb_table.events.name}"
  scalable_dimension = var.dimension # skip "DDB601 .*dimension"
  min_capacity       = 5
  max_capacity       = 100
}
