variable "encrypt" {
  type    = bool
  default = false
}

variable "unset" {
  type = bool
}

resource "aws_dax_cluster" "no_block" { # want "DDB104 DAX cluster aws_dax_cluster.no_block has server_side_encryption.enabled not set \\(default false\\).*set server_side_encryption \\{ enabled = true \\}"
  cluster_name       = "no-block"
  iam_role_arn       = "arn:aws:iam::111122223333:role/dax"
  node_type          = "dax.t3.small"
  replication_factor = 1
}

resource "aws_dax_cluster" "empty_block" {
  cluster_name       = "empty-block"
  iam_role_arn       = "arn:aws:iam::111122223333:role/dax"
  node_type          = "dax.t3.small"
  replication_factor = 1

  server_side_encryption { # want "DDB104 DAX cluster aws_dax_cluster.empty_block has server_side_encryption.enabled not set"
  }
}

resource "aws_dax_cluster" "disabled" {
  cluster_name       = "disabled"
  iam_role_arn       = "arn:aws:iam::111122223333:role/dax"
  node_type          = "dax.t3.small"
  replication_factor = 1

  server_side_encryption {
    enabled = false # want "DDB104 .*set to false"
  }
}

resource "aws_dax_cluster" "from_variable" {
  cluster_name       = "from-variable"
  iam_role_arn       = "arn:aws:iam::111122223333:role/dax"
  node_type          = "dax.t3.small"
  replication_factor = 1

  server_side_encryption {
    enabled = var.encrypt # want "DDB104 .*set to false \\(from the default of variable \"encrypt\".*set variable encrypt to true"
  }
}

resource "aws_dax_cluster" "unknown" {
  cluster_name       = "unknown"
  iam_role_arn       = "arn:aws:iam::111122223333:role/dax"
  node_type          = "dax.t3.small"
  replication_factor = 1

  server_side_encryption {
    enabled = var.unset # skip "DDB104"
  }
}

resource "aws_dax_cluster" "wrong_type" {
  cluster_name       = "wrong-type"
  iam_role_arn       = "arn:aws:iam::111122223333:role/dax"
  node_type          = "dax.t3.small"
  replication_factor = 1

  server_side_encryption {
    enabled = "perhaps" # skip "DDB104" # diag "Invalid value"
  }
}
