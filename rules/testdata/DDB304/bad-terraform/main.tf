# Export buckets by export target, by a module's output and by the
# export_buckets setting; blocks in another file, partial or missing.
resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "pk"

  attribute {
    name = "pk"
    type = "S"
  }
}

module "store" {
  source = "./modules/bucket"
  name   = "orders-exports"
}

resource "aws_dynamodb_table_export" "to_module" {
  table_arn = aws_dynamodb_table.orders.arn
  s3_bucket = module.store.bucket
}

resource "aws_s3_bucket" "by_name" {
  bucket = "orders-by-name"
}

resource "aws_dynamodb_table_export" "by_name" {
  table_arn = aws_dynamodb_table.orders.arn
  s3_bucket = "orders-by-name"
}

resource "aws_s3_bucket" "analytics" { # want "DDB304 export bucket aws_s3_bucket.analytics \\(name matches export_buckets \"analytics-\\*\"\\) has no public-access block"
  bucket = "analytics-orders"
}

resource "aws_s3_bucket" "unrelated" {
  bucket = "website-assets"
}

variable "env" {
  type = string
}

# The name is not known, but whatever the environment it matches.
resource "aws_s3_bucket" "analytics_env" { # want "DDB304 export bucket aws_s3_bucket.analytics_env \\(name matches export_buckets \"analytics-\\*\" whatever its unresolved parts\\)"
  bucket = "analytics-${var.env}-exports"
}

resource "aws_s3_bucket" "env_analytics" {
  bucket = "${var.env}-analytics"
}

# An identity policy lets its principal export and write to buckets named
# orders-archive-*: those are export buckets.
resource "aws_s3_bucket" "archive" { # want "DDB304 export bucket aws_s3_bucket.archive \\(aws_iam_policy.archiver may export tables into it\\)"
  bucket = "orders-archive-2024"
}

resource "aws_iam_policy" "archiver" {
  name = "archiver"
  policy = jsonencode({
    Statement = [
      { Effect = "Allow", Action = "dynamodb:ExportTableToPointInTime", Resource = aws_dynamodb_table.orders.arn },
      { Effect = "Allow", Action = "s3:PutObject", Resource = "arn:aws:s3:::orders-archive-*/*" },
    ]
  })
}
