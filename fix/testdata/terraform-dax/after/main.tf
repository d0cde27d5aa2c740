resource "aws_dax_cluster" "cache" {
  cluster_name       = "cache"
  iam_role_arn       = "arn:aws:iam::111122223333:role/dax"
  node_type          = "dax.r4.large"
  replication_factor = 1

  cluster_endpoint_encryption_type = "TLS"

  server_side_encryption {
    enabled = true
  }
}
