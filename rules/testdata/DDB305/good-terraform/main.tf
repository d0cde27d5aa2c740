resource "aws_s3_bucket" "exports" {
  bucket = "orders-exports"
}

# Writes to its export bucket only.
resource "aws_iam_policy" "exporter" {
  name = "exporter"
  policy = jsonencode({
    Statement = [
      { Effect = "Allow", Action = "dynamodb:ExportTableToPointInTime", Resource = "*" },
      { Effect = "Allow", Action = "s3:PutObject", Resource = "${aws_s3_bucket.exports.arn}/*" },
      { Effect = "Allow", Action = "s3:PutObject", Resource = "arn:aws:s3:::orders-*/*" },
    ]
  })
}

# Writes anywhere, but cannot export.
resource "aws_iam_policy" "uploader" {
  name = "uploader"
  policy = jsonencode({
    Statement = [
      { Effect = "Allow", Action = ["dynamodb:GetItem", "dynamodb:Query"], Resource = "*" },
      { Effect = "Allow", Action = "s3:PutObject", Resource = "*" },
    ]
  })
}

# The export is denied.
resource "aws_iam_policy" "denied" {
  name = "denied"
  policy = jsonencode({
    Statement = [
      { Effect = "Deny", Action = "dynamodb:ExportTableToPointInTime", Resource = "*" },
      { Effect = "Allow", Action = "s3:PutObject", Resource = "*" },
    ]
  })
}

# Writing is denied everywhere, which cancels the Allow.
resource "aws_iam_policy" "put_denied" {
  name = "put-denied"
  policy = jsonencode({
    Statement = [
      { Effect = "Allow", Action = ["dynamodb:ExportTableToPointInTime", "s3:PutObject"], Resource = "*" },
      { Effect = "Deny", Action = "s3:Put*", Resource = "*" },
    ]
  })
}
