# Findings a team has accepted, each with its reason, in the file where
# reviewers see it: dynamoguard's own comments, with an expiry, and a
# suppression written for Checkov that maps to the same rule. A scan of this
# folder reports them as suppressed, and the gate passes.

provider "aws" {
  region = "us-east-1"
}

resource "aws_kms_key" "tables" {
  description         = "Key of the session tables"
  enable_key_rotation = true
}

# Sessions live for an hour: a point-in-time restore would bring back
# sessions that have expired anyway.
# dynamoguard:ignore DDB201 -- sessions expire within the hour; nothing to restore
resource "aws_dynamodb_table" "sessions" {
  name         = "sessions"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "session_id"

  # dynamoguard:ignore DDB203 exp:2099-12-31 -- recreated by the deploy pipeline until the data move is done
  deletion_protection_enabled = false

  attribute {
    name = "session_id"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.tables.arn
  }
}

resource "aws_dynamodb_table" "rate_limits" {
  #checkov:skip=CKV_AWS_28:counters are rebuilt from traffic within a minute
  name                        = "rate-limits"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "client_id"
  deletion_protection_enabled = true

  attribute {
    name = "client_id"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.tables.arn
  }
}
