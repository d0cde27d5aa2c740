resource "aws_kms_key" "backups" {
  enable_key_rotation = true
}

resource "aws_backup_vault" "tables" {
  name        = "tables"
  kms_key_arn = aws_kms_key.backups.arn
}
