variable "restrict" {
  type    = bool
  default = false
}

resource "aws_s3_bucket_public_access_block" "by_name" { # want "DDB304 public-access block of export bucket aws_s3_bucket.by_name .* has ignore_public_acls not set \\(default false\\)"
  bucket                  = "orders-by-name"
  block_public_acls       = true
  block_public_policy     = true
  restrict_public_buckets = true
}
