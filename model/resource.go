package model

import "strconv"

// SourceKind is the input format a resource came from.
type SourceKind string

// The source kinds.
const (
	Terraform      SourceKind = "terraform"
	CloudFormation SourceKind = "cloudformation"
	Plan           SourceKind = "plan"
)

// Resource identifies one resource instance in the source.
type Resource struct {
	Kind SourceKind `json:"kind"`
	// Type is the resource type as written: aws_dynamodb_table,
	// AWS::DynamoDB::Table, AWS::Serverless::SimpleTable, …
	Type string `json:"type"`
	// Address is the Terraform address (aws_dynamodb_table.orders,
	// module.db.aws_dynamodb_table.this["a"]) or the CloudFormation logical ID.
	Address string `json:"address"`
	// Range is the resource's header: the Terraform block's DefRange or the
	// CloudFormation logical ID key.
	Range Range `json:"range"`
	// Path is an optional human path for the resource beyond its address,
	// such as the CDK construct path (aws:cdk:path metadata).
	Path string `json:"path,omitempty"`
}

// KeyKind classifies the KMS key that encrypts something.
type KeyKind uint8

const (
	// KeyAWSOwned is the default: no SSE configured, or SSE disabled. The key
	// lives in a DynamoDB account; the owner has no visibility or control.
	KeyAWSOwned KeyKind = iota
	// KeyAWSManaged is SSE with KMS but the AWS-managed key aws/dynamodb.
	KeyAWSManaged
	// KeyCustomerManaged is a customer managed key (CMK).
	KeyCustomerManaged
	// KeyUnknown means the key could not be resolved; rules stay silent.
	KeyUnknown
)

// String names the key kind.
func (k KeyKind) String() string {
	switch k {
	case KeyAWSOwned:
		return "aws-owned"
	case KeyAWSManaged:
		return "aws-managed"
	case KeyCustomerManaged:
		return "customer-managed"
	case KeyUnknown:
		return "unknown"
	}
	return "invalid"
}

// MarshalText renders the key kind by name.
func (k KeyKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// KeyRef is the encryption setting of a table or replica, classified.
type KeyRef struct {
	Kind KeyKind `json:"kind"`
	// Range is where the decision was made: the key expression, the
	// SSE-enabled flag, or the enclosing block when SSE is absent.
	Range Range `json:"range"`
	// ID is the key identifier when it is a literal (ARN, key ID or alias).
	ID string `json:"id,omitempty"`
	// Key is the key resource of the project this refers to, when known.
	Key *KMSKey `json:"-"`
	// KeyAddress is Key's address, kept for output.
	KeyAddress string `json:"key_address,omitempty"`
	// Reason says why the key is unknown.
	Reason string `json:"reason,omitempty"`
}

// KMSKey is aws_kms_key / AWS::KMS::Key.
type KMSKey struct {
	Resource
	Rotation Value[bool] `json:"rotation"`
}

// KMSAlias is aws_kms_alias / AWS::KMS::Alias.
type KMSAlias struct {
	Resource
	Name Value[string] `json:"name"`
	// TargetKey is the key resource the alias points at, when it is one of
	// the project's.
	TargetKey *KMSKey `json:"-"`
	// TargetKeyID is the literal target key identifier, when known.
	TargetKeyID Value[string] `json:"target_key_id"`
}

// Table is a DynamoDB table: aws_dynamodb_table, AWS::DynamoDB::Table,
// AWS::DynamoDB::GlobalTable or AWS::Serverless::SimpleTable.
type Table struct {
	Resource
	Name Value[string] `json:"name"`
	// Region is the table's region when known (provider or stack region).
	Region Value[string] `json:"region"`
	// SSEEnabled is the raw server-side-encryption switch.
	SSEEnabled Value[bool] `json:"sse_enabled"`
	// Encryption is the classified key of the table itself.
	Encryption KeyRef `json:"encryption"`
	// PerReplicaSettings is true where PITR, deletion protection and the KMS
	// key are set per replica only (AWS::DynamoDB::GlobalTable); the table's
	// own PITR and DeletionProtection are then not meaningful.
	PerReplicaSettings bool `json:"per_replica_settings,omitempty"`
	// PITR is point-in-time recovery.
	PITR               Value[bool]   `json:"pitr"`
	DeletionProtection Value[bool]   `json:"deletion_protection"`
	StreamEnabled      Value[bool]   `json:"stream_enabled"`
	StreamViewType     Value[string] `json:"stream_view_type"`
	BillingMode        Value[string] `json:"billing_mode"`
	// Replicas are the global-table replicas declared on the table.
	Replicas []Replica `json:"replicas,omitempty"`
	// ReplicasUnknown is Unknown, with the reason and the range of the
	// expression, when some replicas come from an expression that could not
	// be expanded (a dynamic block over an unknown list, an imported
	// value); Replicas then lists only the replicas that could be read.
	// Otherwise it is Absent or Known false.
	ReplicasUnknown Value[bool] `json:"replicas_unknown"`
	// Tags are the table's literal tags (unknown keys or values left out).
	Tags map[string]string `json:"tags,omitempty"`
}

// Replica is one replica of a global table.
type Replica struct {
	// Range is the replica block (Terraform) or list item (CloudFormation).
	Range  Range         `json:"range"`
	Region Value[string] `json:"region"`
	// Encryption is the classified key of the replica.
	Encryption         KeyRef      `json:"encryption"`
	PITR               Value[bool] `json:"pitr"`
	DeletionProtection Value[bool] `json:"deletion_protection"`
	// DeletionProtectionSupported is false where the format has no way to
	// set deletion protection on a replica.
	DeletionProtectionSupported bool `json:"deletion_protection_supported"`
}

// Label names the replica for messages and fingerprints: its region when
// known, else its position.
func (r Replica) Label(index int) string {
	if r.Region.IsKnown() && r.Region.Value != "" {
		return r.Region.Value
	}
	return "#" + strconv.Itoa(index)
}
