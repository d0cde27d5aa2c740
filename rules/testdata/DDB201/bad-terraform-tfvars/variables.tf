variable "pitr" {
  type = bool
}

variable "audit_pitr" {
  type    = bool
  default = true
}
