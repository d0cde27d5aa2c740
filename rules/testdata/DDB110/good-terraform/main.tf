variable "principal" {
  type = string
}

# The AWS-managed key's own policy shape: everyone, but only through
# DynamoDB of one account.
resource "aws_kms_key" "caller_account" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = ["kms:Encrypt", "kms:Decrypt", "kms:CreateGrant"]
      Resource  = "*"
      Condition = {
        StringEquals = {
          "kms:CallerAccount" = "111122223333"
          "kms:ViaService"    = "dynamodb.us-east-1.amazonaws.com"
        }
      }
    }]
  })
}

resource "aws_kms_key" "org" {
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "kms:Decrypt"
      Resource  = "*"
      Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" } }
    }]
  })
}

# No policy: the default key policy, which leaves the key to the account.
resource "aws_kms_key" "default" {}

# Not a principal we can resolve: not analysed.
resource "aws_kms_key" "unknown" {
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = var.principal } # skip "DDB110"
      Action    = "kms:Decrypt"
      Resource  = "*"
    }]
  })
}

# Open, but protecting nothing the scanner knows of.
resource "aws_kms_key" "unused" {
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = "*", Action = "kms:*", Resource = "*" }]
  })
}

# A Deny for everyone outside the organisation cancels the open Allow.
resource "aws_kms_key" "denied" {
  policy = jsonencode({
    Statement = [
      { Effect = "Allow", Principal = "*", Action = "kms:Decrypt", Resource = "*" },
      {
        Effect    = "Deny"
        Principal = "*"
        Action    = "kms:*"
        Resource  = "*"
        Condition = { StringNotEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" } }
      },
    ]
  })
}

resource "aws_dynamodb_table" "t" {
  for_each = {
    caller_account = aws_kms_key.caller_account.arn
    org            = aws_kms_key.org.arn
    default        = aws_kms_key.default.arn
    unknown        = aws_kms_key.unknown.arn
    denied         = aws_kms_key.denied.arn
  }
  name     = each.key
  hash_key = "pk"
  attribute {
    name = "pk"
    type = "S"
  }
  server_side_encryption {
    enabled     = true
    kms_key_arn = each.value
  }
}
