variable "name" {
  type = string
}

variable "pitr" {
  type    = bool
  default = false
}

variable "kms_key_arn" {
  type    = string
  default = null
}
