provider "aws" {
  region = "us-east-1"
}

provider "aws" {
  alias  = "west"
  region = "us-west-2"
}

resource "aws_kms_key" "primary" {
  enable_key_rotation = true
}

resource "aws_kms_key" "west" {
  provider            = aws.west
  enable_key_rotation = true
}

resource "aws_dynamodb_table" "orders" {
  name             = "orders"
  hash_key         = "pk"
  stream_enabled   = true
  stream_view_type = "NEW_AND_OLD_IMAGES"

  attribute {
    name = "pk"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.primary.arn
  }

  replica {
    region_name = "us-west-2"
    kms_key_arn = aws_kms_key.west.arn
  }

  replica {
    region_name = "eu-west-1"
    kms_key_arn = "arn:aws:kms:eu-west-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab"
  }
}

# A table without replicas has nothing for this rule.
resource "aws_dynamodb_table" "single_region" {
  name     = "single-region"
  hash_key = "pk"

  attribute {
    name = "pk"
    type = "S"
  }
}
