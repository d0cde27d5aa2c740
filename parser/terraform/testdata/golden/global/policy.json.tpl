{"Statement": [{"Resource": "arn:aws:dynamodb:*:*:table/${table}"}]}
