audit_pitr = false
