# A heredoc key policy: the finding points into the JSON.
resource "aws_kms_key" "heredoc" {
  policy = <<-JSON
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Effect": "Allow",
          "Principal": {"AWS": "*"},
          "Action": "kms:Decrypt",
          "Resource": "*",
          "Condition": {"Bool": {"aws:SecureTransport": "true"}}
        }
      ]
    }
  JSON
}

