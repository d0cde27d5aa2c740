resource "aws_kms_key" "backups" {
  enable_key_rotation = true
}

resource "aws_kms_alias" "backups" {
  name          = "alias/backups"
  target_key_id = aws_kms_key.backups.key_id
}

resource "aws_backup_vault" "by_key" {
  name        = "by-key"
  kms_key_arn = aws_kms_key.backups.arn
}

resource "aws_backup_vault" "by_alias" {
  name        = "by-alias"
  kms_key_arn = aws_kms_alias.backups.arn
}

resource "aws_backup_vault" "literal" {
  name        = "literal"
  kms_key_arn = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}
