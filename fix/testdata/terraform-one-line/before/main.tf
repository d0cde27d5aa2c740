resource "aws_dynamodb_table" "named" { name = "named" }

resource "aws_dynamodb_table" "empty" {}

resource "aws_dynamodb_table" "spaced" {    name="spaced"    }
