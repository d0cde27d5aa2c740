module "orders" {
  source = "./modules/table"
  name   = "orders"
  pitr   = false # recovery off in the caller
}
