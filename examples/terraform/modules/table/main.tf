variable "name" {
  type = string
}

variable "pitr" {
  type    = bool
  default = true
}

variable "kms_key_arn" {
  type = string
}

resource "aws_dynamodb_table" "this" {
  name                        = var.name
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "pk"
  deletion_protection_enabled = true

  attribute {
    name = "pk"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = var.kms_key_arn
  }

  point_in_time_recovery {
    enabled = var.pitr
  }
}

output "arn" {
  value = aws_dynamodb_table.this.arn
}
