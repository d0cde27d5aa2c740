variable "region" {
  type    = string
  default = "eu-west-1"
}

data "aws_region" "current" {}

resource "aws_vpc_endpoint" "from_var" { # want "DDB407 DynamoDB VPC endpoint aws_vpc_endpoint.from_var has no policy"
  vpc_id       = "vpc-0123456789abcdef0"
  service_name = "com.amazonaws.${var.region}.dynamodb"
}

resource "aws_vpc_endpoint" "data_region" {
  vpc_id       = "vpc-0123456789abcdef0"
  service_name = "com.amazonaws.${data.aws_region.current.name}.dynamodb"
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "*" # want col=19 "DDB407 policy of DynamoDB VPC endpoint aws_vpc_endpoint.data_region allows every action on every resource to everyone"
      Resource  = "*"
    }]
  })
}

resource "aws_vpc_endpoint" "separate" {
  vpc_id       = "vpc-0123456789abcdef0"
  service_name = "com.amazonaws.eu-west-1.dynamodb"
}

resource "aws_vpc_endpoint_policy" "separate" {
  vpc_endpoint_id = aws_vpc_endpoint.separate.id
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "dynamodb:*", Resource = "*" }] # want "DDB407 policy of DynamoDB VPC endpoint aws_vpc_endpoint.separate"
  })
}
