variable "name" {
  type = string
}

variable "restrict" {
  type    = bool
  default = false
}

resource "aws_s3_bucket" "this" {
  bucket = var.name
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket                  = aws_s3_bucket.this.id
  block_public_acls       = true
  block_public_policy     = false # want "DDB304 public-access block of export bucket module.store.aws_s3_bucket.this \\(target of aws_dynamodb_table_export.to_module\\) has block_public_policy set to false, restrict_public_buckets set to false \\(from the default of variable \"restrict\""
  ignore_public_acls      = true
  restrict_public_buckets = var.restrict
}

output "bucket" {
  value = aws_s3_bucket.this.id
}
