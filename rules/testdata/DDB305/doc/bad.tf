resource "aws_iam_policy" "exporter" {
  name = "exporter"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = "dynamodb:ExportTableToPointInTime"
        Resource = "arn:aws:dynamodb:us-east-1:111122223333:table/orders"
      },
      {
        Effect   = "Allow"
        Action   = ["s3:AbortMultipartUpload", "s3:PutObject"]
        Resource = "*" # want "DDB305"
      },
    ]
  })
}
