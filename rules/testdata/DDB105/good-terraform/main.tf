resource "aws_dax_cluster" "tls" {
  cluster_name                     = "tls"
  iam_role_arn                     = "arn:aws:iam::111122223333:role/dax"
  node_type                        = "dax.t3.small"
  replication_factor               = 1
  cluster_endpoint_encryption_type = "TLS"
}
