variable "endpoint_encryption" {
  type    = string
  default = "NONE"
}

variable "unset" {
  type = string
}

resource "aws_dax_cluster" "default" { # want "DDB105 DAX cluster aws_dax_cluster.default has cluster_endpoint_encryption_type not set \\(default \"NONE\"\\).*set cluster_endpoint_encryption_type = \"TLS\""
  cluster_name       = "default"
  iam_role_arn       = "arn:aws:iam::111122223333:role/dax"
  node_type          = "dax.t3.small"
  replication_factor = 1

  server_side_encryption {
    enabled = true
  }
}

resource "aws_dax_cluster" "none" {
  cluster_name                     = "none"
  iam_role_arn                     = "arn:aws:iam::111122223333:role/dax"
  node_type                        = "dax.t3.small"
  replication_factor               = 1
  cluster_endpoint_encryption_type = "NONE" # want "DDB105 .*set to \"NONE\""
}

resource "aws_dax_cluster" "from_variable" {
  cluster_name                     = "from-variable"
  iam_role_arn                     = "arn:aws:iam::111122223333:role/dax"
  node_type                        = "dax.t3.small"
  replication_factor               = 1
  cluster_endpoint_encryption_type = var.endpoint_encryption # want "DDB105 .*\\(from the default of variable \"endpoint_encryption\".*set variable endpoint_encryption to \"TLS\""
}

resource "aws_dax_cluster" "unknown" {
  cluster_name                     = "unknown"
  iam_role_arn                     = "arn:aws:iam::111122223333:role/dax"
  node_type                        = "dax.t3.small"
  replication_factor               = 1
  cluster_endpoint_encryption_type = var.unset # skip "DDB105"
}

resource "aws_dax_cluster" "invalid" {
  cluster_name                     = "invalid"
  iam_role_arn                     = "arn:aws:iam::111122223333:role/dax"
  node_type                        = "dax.t3.small"
  replication_factor               = 1
  cluster_endpoint_encryption_type = "SSL" # skip "DDB105 .*neither NONE nor TLS"
}
