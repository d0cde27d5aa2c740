resource "aws_dynamodb_table" "orders" {
  name             = "orders"
  hash_key         = "pk"
  stream_enabled   = true
  stream_view_type = "NEW_IMAGE"
  attribute {
    name = "pk"
    type = "S"
  }
}

data "aws_iam_policy_document" "stream" {
  statement {
    actions   = ["dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:DescribeStream"]
    resources = [aws_dynamodb_table.orders.stream_arn]
    principals {
      type        = "*"
      identifiers = ["*"] # want col=22 "DDB405 resource policy of the stream of table aws_dynamodb_table.orders allows Principal \"\\*\" with no restricting condition, so any AWS account can call dynamodb:GetRecords, dynamodb:GetShardIterator and more"
    }
    condition {
      test     = "StringEquals"
      variable = "aws:RequestedRegion"
      values   = ["us-east-1"]
    }
  }
}

resource "aws_dynamodb_resource_policy" "stream" {
  resource_arn = aws_dynamodb_table.orders.stream_arn
  policy       = data.aws_iam_policy_document.stream.json
}

# A literal ARN of a table the scanner does not see, in a heredoc.
resource "aws_dynamodb_resource_policy" "literal" {
  resource_arn = "arn:aws:dynamodb:us-east-1:111122223333:table/ledger"
  policy       = <<-EOT
    {"Version": "2012-10-17", "Statement": [
      {"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:root", "*"]}, "Action": "dynamodb:*", "Resource": "*",
       "Condition": {"StringEqualsIfExists": {"aws:SourceVpce": "vpce-0123456789abcdef0"}}}
    ]}
  EOT
}
