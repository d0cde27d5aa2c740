package rules

// All is the catalogue, sorted by ID. Adding a rule means adding it here.
var All = []*Rule{
	TableAWSOwnedKey,
	TableAWSManagedKey,
	ReplicaNotCMK,
	DAXNotEncrypted,
	DAXEndpointNotTLS,
	StreamDestinationNotEncrypted,
	CMKRotationDisabled,
	BackupVaultNotCMK,
	ExportNotKMS,
	TablePITR,
	ReplicaPITR,
	DeletionProtection,
	TableNotInBackupPlan,
	ReplicaRegion,
	ReplicaWeaker,
	CriticalUnreplicated,
	LegacyGlobalTable,
	ProvisionedAutoScaling,
}
