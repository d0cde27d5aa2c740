resource "aws_backup_vault" "tables" { # want "DDB108"
  name = "tables"
}
