variable "region" {
  type    = string
  default = "us-east-1"
}

variable "prefix" {
  type = string
}

variable "replica_regions" {
  type    = list(string)
  default = []
}

variable "pitr" {
  type = bool
}
