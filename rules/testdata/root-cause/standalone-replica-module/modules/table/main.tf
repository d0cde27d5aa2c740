terraform {
  required_providers {
    aws = {
      source                = "hashicorp/aws"
      configuration_aliases = [aws.replica]
    }
  }
}

variable "name" {
  type = string
}

# The replica shares the table's AWS-owned key: one DDB101, no DDB103.
resource "aws_dynamodb_table" "this" { # want "DDB101 table module.db.aws_dynamodb_table.this" "DDB203 table module.db.aws_dynamodb_table.this"
  name             = var.name
  read_capacity    = 5
  write_capacity   = 5
  hash_key         = "pk"
  stream_enabled   = true
  stream_view_type = "NEW_AND_OLD_IMAGES"
  point_in_time_recovery {
    enabled = true
  }
  attribute {
    name = "pk"
    type = "S"
  }
}

# PITR weaker than the table's: DDB502, not DDB202; no deletion protection
# on either: DDB203, not DDB502.
resource "aws_dynamodb_table_replica" "r" { # want "DDB501 table replica module.db.aws_dynamodb_table_replica.r is in region \"us-west-2\"" "DDB502 table replica module.db.aws_dynamodb_table_replica.r \\(us-west-2\\) has point_in_time_recovery not set" "DDB203 table replica module.db.aws_dynamodb_table_replica.r \\(us-west-2\\)"
  provider         = aws.replica
  global_table_arn = aws_dynamodb_table.this.arn
}

output "name" {
  value = aws_dynamodb_table.this.name
}
