pitr = false
