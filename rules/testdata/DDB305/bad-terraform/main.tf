data "aws_iam_policy_document" "exporter" {
  statement {
    actions   = ["dynamodb:Export*"]
    resources = ["arn:aws:dynamodb:us-east-1:111122223333:table/*"]
  }
  statement {
    actions   = ["s3:Put*"]
    resources = ["arn:aws:s3:::*/*"] # want col=18 "DDB305 aws_iam_role_policy.exporter grants dynamodb:ExportTableToPointInTime \\(line 3\\) and s3:PutObject on every bucket"
  }
}

resource "aws_iam_role" "exporter" {
  name = "exporter"
  assume_role_policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "exporter" {
  role   = aws_iam_role.exporter.id
  policy = data.aws_iam_policy_document.exporter.json
}

# Everything at once.
resource "aws_iam_policy" "admin" {
  name = "admin"
  policy = jsonencode({
    Statement = [{
      Effect   = "Allow"
      Action   = ["dynamodb:*", "s3:*"]
      Resource = "*" # want col=18 "DDB305 aws_iam_policy.admin grants"
    }]
  })
}

# NotResource: every bucket but one.
resource "aws_iam_policy" "not_resource" {
  name = "not-resource"
  policy = jsonencode({
    Statement = [
      { Effect = "Allow", Action = "dynamodb:ExportTableToPointInTime", Resource = "*" },
      { Effect = "Allow", Action = "s3:PutObject", NotResource = "arn:aws:s3:::secret/*" }, # want "DDB305 aws_iam_policy.not_resource"
    ]
  })
}
