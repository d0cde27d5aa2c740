resource "aws_vpc_endpoint" "dynamodb" {
  vpc_id       = "vpc-0123456789abcdef0"
  service_name = "com.amazonaws.eu-west-1.dynamodb"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"]
      Resource  = "arn:aws:dynamodb:eu-west-1:111122223333:table/orders"
    }]
  })
}
