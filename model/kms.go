package model

// KMS holds the KMS resources.
type KMS struct {
	Keys    []*KMSKey   `json:"keys,omitempty"`
	Aliases []*KMSAlias `json:"aliases,omitempty"`
	// ReplicaKeys are multi-Region replica keys.
	ReplicaKeys []*KMSReplicaKey `json:"replica_keys,omitempty"`
}

// KMSKey is aws_kms_key / AWS::KMS::Key.
type KMSKey struct {
	Resource
	Rotation Value[bool] `json:"rotation"`
	// MultiRegion is whether the key is a multi-Region primary key.
	MultiRegion Value[bool] `json:"multi_region"`
}

// KMSAlias is aws_kms_alias / AWS::KMS::Alias.
type KMSAlias struct {
	Resource
	Name Value[string] `json:"name"`
	// TargetKeyID is the target key: a literal identifier or a reference to
	// a key of the project (Refs).
	TargetKeyID Value[string] `json:"target_key_id"`
	// TargetKey is the key resource the alias points at, set by Link.
	TargetKey *KMSKey `json:"-"`
}

// KMSReplicaKey is aws_kms_replica_key / AWS::KMS::ReplicaKey: a copy, in
// another region, of a multi-Region primary key, whose rotation it shares.
type KMSReplicaKey struct {
	Resource
	// PrimaryKeyARN is the primary key: a literal ARN or a reference to a
	// key of the project (Refs).
	PrimaryKeyARN Value[string] `json:"primary_key_arn"`
	// Primary is the primary key resource, set by Link.
	Primary *KMSKey `json:"-"`
}
