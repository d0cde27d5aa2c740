# A root module that creates its tables through a local module, once per
# entry of a map. dynamoguard evaluates the module with these inputs: the
# "sessions" table is reported (point-in-time recovery turned off here),
# the "orders" table is not.
provider "aws" {
  region = "eu-west-1"
}

resource "aws_kms_key" "tables" {
  description         = "Key of the application's tables"
  enable_key_rotation = true
}

module "table" {
  source   = "./table"
  for_each = {
    orders   = true
    sessions = false
  }

  name        = each.key
  pitr        = each.value
  kms_key_arn = aws_kms_key.tables.arn
}
