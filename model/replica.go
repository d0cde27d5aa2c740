package model

// TableReplica is aws_dynamodb_table_replica: a replica of a global table
// declared as a resource of its own, in the region of its provider, with
// its own key, point-in-time recovery and deletion protection.
type TableReplica struct {
	Resource
	// GlobalTableARN is the ARN of the table it replicates; its Refs name
	// the table resource when it is a reference to one.
	GlobalTableARN Value[string] `json:"global_table_arn"`
	// Region is the replica's region, from its provider.
	Region Value[string] `json:"region"`
	// Encryption is the classified key of the replica. Without a
	// kms_key_arn the key follows the table's encryption, which Link
	// resolves once the table is known (it stays Unknown otherwise).
	Encryption         KeyRef      `json:"encryption"`
	PITR               Value[bool] `json:"pitr"`
	DeletionProtection Value[bool] `json:"deletion_protection"`
	// Primary is the table the replica belongs to, set by Link.
	Primary *Table `json:"-"`
}

// LegacyGlobalTable is aws_dynamodb_global_table: a global table of the
// 2017.11.29 version, which joins tables of the same name created in each
// region.
type LegacyGlobalTable struct {
	Resource
	Name Value[string] `json:"name"`
	// Regions are the region_name of each replica block.
	Regions []Value[string] `json:"regions,omitempty"`
	// RegionsUnknown is Unknown when some replica blocks could not be
	// expanded, else Absent or Known false.
	RegionsUnknown Value[bool] `json:"regions_unknown"`
}
