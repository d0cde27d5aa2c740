module "orders" {
  source = "./modules/table"
  name   = "orders"
  pitr   = true # recovery off in the caller
}
