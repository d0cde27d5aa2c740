# The same table module called with the key of a local KMS module, and
# without a key: only the second falls back to the AWS-managed key.
module "kms" {
  source = "./modules/kms"
}

module "orders" {
  source      = "./modules/table"
  name        = "orders"
  kms_key_arn = module.kms.key_arn
}

module "legacy" {
  source = "./modules/table"
  count  = 2
  name   = "legacy-${count.index}"
}
