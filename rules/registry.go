package rules

// All is the catalogue, sorted by ID. Adding a rule means adding it here.
var All = []*Rule{
	TableAWSOwnedKey,
	TableAWSManagedKey,
	ReplicaNotCMK,
	TablePITR,
	ReplicaPITR,
	DeletionProtection,
	IAMFullWildcard,
	IAMPartialWildcard,
	IAMAnyTable,
	PartiQLBroadAccess,
}
