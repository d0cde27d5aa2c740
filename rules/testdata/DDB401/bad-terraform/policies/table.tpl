{
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        "dynamodb:*"
      ],
      "Resource": ["${table}", "${table}/index/*"]
    }
  ]
}
