resource "aws_kms_key" "this" {
  description             = "audit key"
  deletion_window_in_days = 7
  enable_key_rotation     = false
}

output "key_arn" {
  value = aws_kms_key.this.arn
}
