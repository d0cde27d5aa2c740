provider "aws" {
  region = "us-east-1"
}

provider "aws" {
  alias  = "west"
  region = "us-west-2"
}

variable "replica_pitr" {
  type    = bool
  default = false
}

resource "aws_kms_key" "orders" {
  enable_key_rotation = true
}

resource "aws_dynamodb_table" "orders" {
  name                        = "orders"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "pk"
  stream_enabled              = true
  stream_view_type            = "NEW_AND_OLD_IMAGES"
  deletion_protection_enabled = true
  attribute {
    name = "pk"
    type = "S"
  }
  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.orders.arn
  }
  point_in_time_recovery {
    enabled = true
  }
}

# A standalone replica: its key, PITR and deletion protection are its own.
resource "aws_dynamodb_table_replica" "west" { # want "DDB502 table replica aws_dynamodb_table_replica.west \\(us-west-2\\) has the AWS-managed key aws/dynamodb \\(kms_key_arn is not set\\) while its primary, table aws_dynamodb_table.orders \\(us-east-1\\), has a customer managed key" "DDB502 .*deletion_protection_enabled not set"
  provider               = aws.west
  global_table_arn       = aws_dynamodb_table.orders.arn
  point_in_time_recovery = var.replica_pitr # want "DDB502 .*point_in_time_recovery set to false \\(from the default of variable \"replica_pitr\".*set variable replica_pitr to true"
}

# A replica of a table the project does not declare: nothing to compare.
resource "aws_dynamodb_table_replica" "elsewhere" {
  provider         = aws.west
  global_table_arn = "arn:aws:dynamodb:us-east-1:111122223333:table/other"
}
