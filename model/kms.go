package model

// KMS holds the KMS resources.
type KMS struct {
	Keys    []*KMSKey   `json:"keys,omitempty"`
	Aliases []*KMSAlias `json:"aliases,omitempty"`
	// ReplicaKeys are multi-Region replica keys.
	ReplicaKeys []*KMSReplicaKey `json:"replica_keys,omitempty"`
	// KeyPolicies are aws_kms_key_policy resources.
	KeyPolicies []*KMSKeyPolicy `json:"key_policies,omitempty"`
}

// KMSKey is aws_kms_key / AWS::KMS::Key.
type KMSKey struct {
	Resource
	Rotation Value[bool] `json:"rotation"`
	// MultiRegion is whether the key is a multi-Region primary key.
	MultiRegion Value[bool] `json:"multi_region"`
	// Policy is the key policy written on the key (policy, KeyPolicy);
	// Absent when not written: the default key policy, which gives the
	// account's IAM policies control of the key.
	Policy PolicyDocument `json:"policy"`
	// KeyPolicies are the aws_kms_key_policy resources of the key, set by
	// Link.
	KeyPolicies []*KMSKeyPolicy `json:"-"`
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

// KMSKeyPolicy is aws_kms_key_policy: the key policy of a key written as a
// resource of its own, which replaces the key's policy argument.
type KMSKeyPolicy struct {
	Resource
	// KeyID is the key: a literal ID or ARN, or a reference (Refs).
	KeyID  Value[string]  `json:"key_id"`
	Policy PolicyDocument `json:"policy"`
	// Target is the key resource, set by Link.
	Target *KMSKey `json:"-"`
}
