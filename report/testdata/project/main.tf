variable "pitr" {
  type = bool
}

resource "aws_dynamodb_table" "orders" {
  name         = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }

  point_in_time_recovery {
	enabled = var.pitr
  }
}

module "db" {
  source = "./modules/db"
  pitr   = false
}

module "remote" {
  source = "git::https://example.com/m.git"
}
