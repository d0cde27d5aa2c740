# The AWS documentation's export policy, written in an identity policy,
# makes the bucket an export bucket; its bucket policy is too broad.
resource "aws_s3_bucket" "exports" {
  bucket = "your-bucket"
}

resource "aws_iam_policy" "exporter" {
  name   = "exporter"
  policy = file("${path.module}/export-policy.json")
}

resource "aws_s3_bucket_policy" "exports" {
  bucket = "your-bucket"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Writers"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:role/exporter" }
        Action    = ["s3:AbortMultipartUpload", "s3:PutObject", "s3:PutObjectAcl"] # want col=65 "DDB302 policy of export bucket aws_s3_bucket.exports \\(aws_iam_policy.exporter may export tables into it\\) grants s3:PutObjectAcl with no s3:x-amz-acl"
        Resource  = "arn:aws:s3:::your-bucket/*"
      },
      {
        Sid       = "Readers"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:role/analytics" }
        Action    = ["s3:Get*", "S3:List*"] # want col=22 "DDB302 .*grants \"s3:Get\\*\"" # want col=33 "DDB302 .*grants \"S3:List\\*\""
        Resource  = ["arn:aws:s3:::your-bucket", "arn:aws:s3:::your-bucket/*"]
      },
      {
        Sid          = "AllButDelete"
        Effect       = "Allow"
        Principal    = { AWS = "arn:aws:iam::111122223333:role/ops" }
        NotAction    = "s3:DeleteObject" # want "DDB302 .*allows every action but NotAction"
        NotResource  = "arn:aws:s3:::other"
      },
      {
        Sid       = "DenyAll"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = "arn:aws:s3:::your-bucket/*"
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
    ]
  })
}
