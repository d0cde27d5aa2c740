resource "aws_kms_key" "new" {
  enable_key_rotation = true
}

resource "aws_dynamodb_table" "sessions" {
  name         = "sessions"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.new.arn
  }

  point_in_time_recovery {
    enabled = true
  }
}

data "external" "settings" {
  program = ["./settings.sh"]
}

resource "aws_dynamodb_table" "feed" {
  name             = "feed"
  billing_mode     = "PAY_PER_REQUEST"
  hash_key         = "id"
  stream_enabled   = true
  stream_view_type = data.external.settings.result.view

  point_in_time_recovery {
    enabled = data.external.settings.result.pitr == "on"
  }

  attribute {
    name = "id"
    type = "S"
  }
}
