# A root module calling a local table module once per table, with the key
# of a local KMS module passed in from its output.
module "kms" {
  source = "./modules/kms"
}

module "tables" {
  source   = "./modules/table"
  for_each = { orders = false, payments = true }

  name        = each.key
  pitr        = each.value
  kms_key_arn = module.kms.key_arn
}

module "audit" {
  source      = "./modules/table"
  name        = "audit"
  pitr        = true
  kms_key_arn = module.kms.key_arn
}
