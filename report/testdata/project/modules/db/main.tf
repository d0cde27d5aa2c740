variable "pitr" {
  type    = bool
  default = true
}

resource "aws_dynamodb_table" "this" {
  for_each = toset(["a"])
  name     = each.key
  hash_key = "id"

  point_in_time_recovery {
    enabled = var.pitr
  }
}
