# Tables of the orders service.
resource "aws_dynamodb_table" "orders" {
  name         = "orders" # the name callers use
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"

  attribute {
    name = "pk"
    type = "S"
  }

  /* recovery is turned off on purpose? no: by mistake */
  point_in_time_recovery {
    enabled = true
  }

  deletion_protection_enabled = true
}

resource "aws_dynamodb_table" "events" {
    name = "events"
    billing_mode = "PAY_PER_REQUEST"
    hash_key = "id"
    deletion_protection_enabled = true   // odd indentation and a comment

    attribute {
        name = "id"
        type = "S"
    }

    point_in_time_recovery {
        enabled = true
    }
}

resource "aws_dynamodb_table" "audit" {
  name         = "audit"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }

  deletion_protection_enabled = true
}

resource "aws_kms_key" "orders" {
  description         = "orders table key"
  enable_key_rotation = true
}

resource "aws_dynamodb_table" "keyed" {
  name         = "keyed"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.orders.arn
  }

  point_in_time_recovery {
    enabled = true
  }
  deletion_protection_enabled = true
}
