package model

// TableExport is aws_dynamodb_table_export: an export of a table's data,
// at a point in time or incrementally, to an S3 bucket.
type TableExport struct {
	Resource
	// TableARN is the exported table: a literal ARN or a reference to a
	// table of the project (Refs).
	TableARN Value[string] `json:"table_arn"`
	// Table is the exported table resource, set by Link when TableARN
	// refers to one.
	Table *Table `json:"-"`
	// S3Bucket is the bucket receiving the export: a literal name or a
	// reference to a bucket resource (Refs).
	S3Bucket Value[string] `json:"s3_bucket"`
	// S3BucketOwner is the account ID that owns the bucket, when written.
	S3BucketOwner Value[string] `json:"s3_bucket_owner"`
	S3Prefix      Value[string] `json:"s3_prefix"`
	// S3SSEAlgorithm is AES256 (SSE-S3, the default) or KMS (SSE-KMS).
	S3SSEAlgorithm Value[string] `json:"s3_sse_algorithm"`
	// Encryption classifies the key the exported objects are encrypted
	// with: AWS-owned for SSE-S3, AWS-managed for SSE-KMS without
	// s3_sse_kms_key_id (aws/s3), customer managed for a CMK.
	Encryption KeyRef `json:"encryption"`
	// ExportType is FULL_EXPORT (the default) or INCREMENTAL_EXPORT.
	ExportType Value[string] `json:"export_type"`
	// ExportFormat is DYNAMODB_JSON (the default) or ION.
	ExportFormat Value[string] `json:"export_format"`
}
