package rules

// All is the catalogue, sorted by ID. Adding a rule means adding it here.
var All = []*Rule{
	TableAWSOwnedKey,
	TableAWSManagedKey,
	ReplicaNotCMK,
	CMKPolicyPublic,
	TablePITR,
	ReplicaPITR,
	DeletionProtection,
	ExportBucketPublic,
	ExportBucketBroadActions,
	ExportBucketTransport,
	ExportBucketPublicAccess,
	ExportAnyBucket,
	ExportCrossAccount,
	IAMFullWildcard,
	IAMPartialWildcard,
	IAMAnyTable,
	PartiQLBroadAccess,
	ResourcePolicyPublic,
	ResourcePolicyCrossAccount,
	VPCEndpointFullAccess,
}
