package model

import "strconv"

// DynamoDB holds the DynamoDB resources.
type DynamoDB struct {
	Tables []*Table `json:"tables,omitempty"`
	// TableReplicas are replicas declared as resources of their own.
	TableReplicas []*TableReplica `json:"table_replicas,omitempty"`
	// LegacyGlobalTables are global tables of the 2017.11.29 version.
	LegacyGlobalTables []*LegacyGlobalTable `json:"legacy_global_tables,omitempty"`
	// TableExports are exports of tables to S3.
	TableExports []*TableExport `json:"table_exports,omitempty"`
	// DAXClusters are DAX caches in front of tables.
	DAXClusters []*DAXCluster `json:"dax_clusters,omitempty"`
	// StreamingDestinations are the Kinesis streams tables send changes to.
	StreamingDestinations []*StreamingDestination `json:"streaming_destinations,omitempty"`
	// ResourcePolicies are the resource-based policies of tables and streams.
	ResourcePolicies []*ResourcePolicy `json:"resource_policies,omitempty"`
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
	PITR Value[bool] `json:"pitr"`
	// DeletionProtection is the deletion-protection switch.
	DeletionProtection Value[bool] `json:"deletion_protection"`
	// DeletionProtectionUnsupported, when set, says why the resource type
	// cannot enable deletion protection and what to use instead.
	DeletionProtectionUnsupported string        `json:"deletion_protection_unsupported,omitempty"`
	StreamEnabled                 Value[bool]   `json:"stream_enabled"`
	StreamViewType                Value[string] `json:"stream_view_type"`
	BillingMode                   Value[string] `json:"billing_mode"`
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
	// InlineAutoScaling is, for a type that declares capacity autoscaling
	// in the resource itself (AWS::DynamoDB::GlobalTable), whether every
	// provisioned capacity is autoscaled, at the capacity that is not when
	// false. It is Absent for types scaled through autoscaling targets.
	InlineAutoScaling Value[bool] `json:"inline_auto_scaling"`
	// RetainedOnTeardown is whether the IaC tool keeps the table when the
	// stack is deleted (CloudFormation DeletionPolicy Retain or
	// RetainExceptOnCreate); it does not stop a DeleteTable call.
	RetainedOnTeardown Value[bool] `json:"retained_on_teardown"`
	// TagsUnknown says why some tags could not be read (an unknown map or
	// entry); "" when every tag written is in Tags.
	TagsUnknown string `json:"tags_unknown,omitempty"`
}

// Replica is one replica of a global table.
type Replica struct {
	// Range is the replica block (Terraform) or list item (CloudFormation).
	Range Range `json:"range"`
	// Label names the replica in paths and messages: its region when
	// known, else #N, its position.
	Label  string        `json:"label"`
	Region Value[string] `json:"region"`
	// Primary marks the replica in the table's own region: in an
	// AWS::DynamoDB::GlobalTable, the replica whose Region is the stack's.
	Primary bool `json:"primary,omitempty"`
	// Encryption is the classified key of the replica.
	Encryption         KeyRef      `json:"encryption"`
	PITR               Value[bool] `json:"pitr"`
	DeletionProtection Value[bool] `json:"deletion_protection"`
}

// ReplicaLabel names a replica for paths, messages and fingerprints: its
// region when known, else its position.
func ReplicaLabel(region Value[string], index int) string {
	if region.IsKnown() && region.Value != "" {
		return region.Value
	}
	return "#" + strconv.Itoa(index)
}
