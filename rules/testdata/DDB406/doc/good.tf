resource "aws_dynamodb_resource_policy" "orders" {
  resource_arn = "arn:aws:dynamodb:us-east-1:111122223333:table/orders"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:role/reporting" }
      Action    = "dynamodb:Query"
      Resource  = "arn:aws:dynamodb:us-east-1:111122223333:table/orders"
    }]
  })
}
