variable "replica_key" {
  type = string
}

resource "aws_kms_key" "primary" {
  enable_key_rotation = true
}

resource "aws_dynamodb_table" "cmk_primary" {
  name             = "cmk-primary"
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

  replica { # want "DDB103 replica eu-west-1 of table aws_dynamodb_table.cmk_primary uses the AWS-managed key aws/dynamodb \\(replica\\[eu-west-1\\].kms_key_arn is not set\\)"
    region_name = "eu-west-1"
  }

  replica {
    region_name = "eu-central-1"
    kms_key_arn = "arn:aws:kms:eu-central-1:111122223333:alias/aws/dynamodb" # want "DDB103 replica eu-central-1 .*AWS-managed"
  }

  replica {
    region_name = "ap-southeast-2"
    kms_key_arn = var.replica_key # skip "DDB103 .*replica_key"
  }
}

resource "aws_dynamodb_table" "unencrypted" {
  name             = "unencrypted"
  hash_key         = "pk"
  stream_enabled   = true
  stream_view_type = "NEW_AND_OLD_IMAGES"

  attribute {
    name = "pk"
    type = "S"
  }

  replica { # want "DDB103 replica us-west-2 .*AWS-owned key"
    region_name = "us-west-2"
  }
}
