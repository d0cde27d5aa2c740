package model

// S3 holds the S3 resources that decide who can read what lands in a
// bucket: the buckets, their policies and their public-access blocks.
type S3 struct {
	Buckets []*Bucket `json:"buckets,omitempty"`
	// BucketPolicies are aws_s3_bucket_policy / AWS::S3::BucketPolicy.
	BucketPolicies []*BucketPolicy `json:"bucket_policies,omitempty"`
	// PublicAccessBlocks are aws_s3_bucket_public_access_block and
	// aws_s3_account_public_access_block resources.
	PublicAccessBlocks []*PublicAccessBlock `json:"public_access_blocks,omitempty"`
}

// Bucket is aws_s3_bucket / AWS::S3::Bucket.
type Bucket struct {
	Resource
	// Name is the bucket name (bucket, BucketName); Absent when the
	// platform chooses it.
	Name Value[string] `json:"name"`
	// NameText is, when Name is unknown, the name as written with the parts
	// that could not be resolved as ${…}: dynamodb-exports-${var.env}.
	NameText string `json:"name_text,omitempty"`
	// AccessBlock is the bucket's own public-access block configuration
	// (CloudFormation PublicAccessBlockConfiguration); Absent when it is not
	// written, which a Terraform bucket never does.
	AccessBlock AccessBlockConfig `json:"access_block"`
	// Policy is the bucket policy written on the bucket itself (the legacy
	// policy argument of aws_s3_bucket); Absent when not written.
	Policy PolicyDocument `json:"policy"`
	// Policies are the bucket policy resources of the bucket, set by Link.
	Policies []*BucketPolicy `json:"-"`
	// AccessBlocks are the public-access block resources of the bucket,
	// set by Link.
	AccessBlocks []*PublicAccessBlock `json:"-"`
	// Exports are the table exports into the bucket, set by Link.
	Exports []*TableExport `json:"-"`
}

// AccessBlockConfig is the four settings of an S3 public-access block. Its
// Meta is that of the block: the block or resource that sets them, or the
// bucket when there is none.
type AccessBlockConfig struct {
	Meta
	BlockPublicACLs       Value[bool] `json:"block_public_acls"`
	BlockPublicPolicy     Value[bool] `json:"block_public_policy"`
	IgnorePublicACLs      Value[bool] `json:"ignore_public_acls"`
	RestrictPublicBuckets Value[bool] `json:"restrict_public_buckets"`
}

// Settings returns the four settings in the platform's order.
func (c *AccessBlockConfig) Settings() []*Value[bool] {
	return []*Value[bool]{&c.BlockPublicACLs, &c.BlockPublicPolicy, &c.IgnorePublicACLs, &c.RestrictPublicBuckets}
}

// BucketPolicy is aws_s3_bucket_policy / AWS::S3::BucketPolicy.
type BucketPolicy struct {
	Resource
	// Bucket is the bucket the policy is attached to: a literal name or a
	// reference to a bucket of the project (Refs).
	Bucket Value[string] `json:"bucket"`
	// Policy is the policy document (policy, PolicyDocument).
	Policy PolicyDocument `json:"policy"`
	// Target is the bucket resource, set by Link.
	Target *Bucket `json:"-"`
}

// PublicAccessBlock is aws_s3_bucket_public_access_block, or
// aws_s3_account_public_access_block, which applies to every bucket of the
// account.
type PublicAccessBlock struct {
	Resource
	// Account is set for the account's block; Bucket is then Absent.
	Account bool `json:"account,omitempty"`
	// Bucket is the bucket the block applies to: a literal name or a
	// reference to a bucket of the project (Refs).
	Bucket Value[string]     `json:"bucket"`
	Config AccessBlockConfig `json:"config"`
	// Target is the bucket resource, set by Link.
	Target *Bucket `json:"-"`
}
