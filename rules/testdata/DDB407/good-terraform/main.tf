variable "service" {
  type = string
}

# Not DynamoDB.
resource "aws_vpc_endpoint" "s3" {
  vpc_id       = "vpc-0123456789abcdef0"
  service_name = "com.amazonaws.eu-west-1.s3"
}

resource "aws_vpc_endpoint" "limited" {
  vpc_id       = "vpc-0123456789abcdef0"
  service_name = "com.amazonaws.eu-west-1.dynamodb"
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "dynamodb:*"
      Resource  = "*"
      Condition = { StringEquals = { "aws:ResourceAccount" = "111122223333" } }
    }]
  })
}

resource "aws_vpc_endpoint" "tables" {
  vpc_id       = "vpc-0123456789abcdef0"
  service_name = "com.amazonaws.eu-west-1.dynamodb"
}

resource "aws_vpc_endpoint_policy" "tables" {
  vpc_endpoint_id = aws_vpc_endpoint.tables.id
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = "*", Action = "dynamodb:*", Resource = "arn:aws:dynamodb:eu-west-1:111122223333:table/*" }]
  })
}

resource "aws_vpc_endpoint" "unknown" {
  vpc_id       = "vpc-0123456789abcdef0"
  service_name = var.service # skip "DDB407"
}
