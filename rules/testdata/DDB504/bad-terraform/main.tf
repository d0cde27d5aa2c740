variable "regions" {
  type = list(string)
}

resource "aws_dynamodb_global_table" "orders" { # want "DDB504 aws_dynamodb_global_table.orders is a global table of the legacy version 2017.11.29 \\(\"orders\"\\)"
  name = "orders"
  replica {
    region_name = "us-east-1"
  }
}

# Unknown replicas do not change that the legacy version is in use.
resource "aws_dynamodb_global_table" "events" { # want "DDB504 aws_dynamodb_global_table.events\\[0\\] .*\"events-0\"" "DDB504 aws_dynamodb_global_table.events\\[1\\]"
  count = 2
  name  = "events-${count.index}"
  dynamic "replica" {
    for_each = var.regions
    content {
      region_name = replica.value
    }
  }
}
