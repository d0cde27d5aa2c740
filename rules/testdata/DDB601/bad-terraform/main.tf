# billing_mode defaults to PROVISIONED.
resource "aws_dynamodb_table" "orders" { # want "DDB601 table aws_dynamodb_table.orders has billing_mode not set \\(default PROVISIONED\\) with no autoscaling of its write capacity"
  name           = "orders"
  read_capacity  = 10
  write_capacity = 10
  hash_key       = "pk"
  attribute {
    name = "pk"
    type = "S"
  }
}

resource "aws_appautoscaling_target" "orders_read" {
  service_namespace  = "dynamodb"
  resource_id        = "table/${aws_dynamodb_table.orders.name}"
  scalable_dimension = "dynamodb:table:ReadCapacityUnits"
  min_capacity       = 5
  max_capacity       = 100
}

# An index target does not scale the table.
resource "aws_dynamodb_table" "events" {
  name           = "events"
  billing_mode   = "PROVISIONED" # want "DDB601 table aws_dynamodb_table.events has billing_mode PROVISIONED with no autoscaling of its read and write capacity.*set billing_mode = \"PAY_PER_REQUEST\""
  read_capacity  = 10
  write_capacity = 10
  hash_key       = "pk"
  attribute {
    name = "pk"
    type = "S"
  }
}

resource "aws_appautoscaling_target" "events_index" {
  service_namespace  = "dynamodb"
  resource_id        = "table/events/index/by-date"
  scalable_dimension = "dynamodb:index:ReadCapacityUnits"
  min_capacity       = 5
  max_capacity       = 100
}
