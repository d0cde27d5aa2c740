variable "vault_key" {
  type = string
}

resource "aws_backup_vault" "default" { # want "DDB108 backup vault aws_backup_vault.default has kms_key_arn not set, so its table backups use the AWS-managed aws/backup key.*set kms_key_arn to a customer managed key"
  name = "default-key"
}

resource "aws_backup_vault" "managed_alias" {
  name        = "managed-alias"
  kms_key_arn = "arn:aws:kms:eu-west-1:111122223333:alias/aws/backup" # want "DDB108 .*set to \"arn:aws:kms:eu-west-1:111122223333:alias/aws/backup\", an AWS-managed key"
}

resource "aws_backup_vault" "unknown" {
  name        = "unknown"
  kms_key_arn = var.vault_key # skip "DDB108"
}
