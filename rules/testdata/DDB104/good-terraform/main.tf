resource "aws_dax_cluster" "encrypted" {
  count              = 2
  cluster_name       = "encrypted-${count.index}"
  iam_role_arn       = "arn:aws:iam::111122223333:role/dax"
  node_type          = "dax.t3.small"
  replication_factor = 1

  server_side_encryption {
    enabled = true
  }
}
