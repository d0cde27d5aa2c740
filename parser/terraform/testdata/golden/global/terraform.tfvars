prefix          = "prod"
replica_regions = ["eu-west-1", "eu-west-2"]
