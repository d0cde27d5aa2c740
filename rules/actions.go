package rules

import (
	"sort"
	"strings"
)

// ActionGroup says what a DynamoDB action does, for the IAM rules: which
// actions are data access, which destroy or exfiltrate, which only list.
type ActionGroup uint8

// The action groups; the zero ActionGroup is invalid.
const (
	groupInvalid ActionGroup = iota
	// GroupRead is data-plane read: items come back.
	GroupRead
	// GroupWrite is data-plane write: items are created, changed or deleted.
	GroupWrite
	// GroupPartiQL is the PartiQL statements, reads and writes.
	GroupPartiQL
	// GroupStreams reads the table's change stream.
	GroupStreams
	// GroupBackup creates, reads and restores backups.
	GroupBackup
	// GroupExport copies the table's data out of it (S3 exports, Kinesis
	// streaming destinations) or into it (imports).
	GroupExport
	// GroupDestructive deletes or reconfigures tables, replicas, backups
	// and recovery settings.
	GroupDestructive
	// GroupControl is the rest of the control plane: creating and
	// describing tables, replicas, tags and settings.
	GroupControl
	// GroupResourcePolicy reads and changes resource-based policies and
	// the account's attribute-based access control.
	GroupResourcePolicy
	// GroupBilling is reserved capacity: viewing and purchasing it.
	GroupBilling
	// GroupList lists or describes account-level information; these
	// actions support only Resource "*".
	GroupList
)

// String names the group.
func (g ActionGroup) String() string {
	switch g {
	case GroupRead:
		return "data-plane read"
	case GroupWrite:
		return "data-plane write"
	case GroupPartiQL:
		return "PartiQL"
	case GroupStreams:
		return "streams"
	case GroupBackup:
		return "backup/restore"
	case GroupExport:
		return "export/import"
	case GroupDestructive:
		return "destructive control plane"
	case GroupControl:
		return "control plane"
	case GroupResourcePolicy:
		return "resource policy"
	case GroupBilling:
		return "billing"
	case GroupList:
		return "list-only"
	}
	return "invalid"
}

// Action is one DynamoDB IAM action as the Service Authorization
// Reference lists it.
type Action struct {
	// Name is the action without its service prefix: GetItem.
	Name string
	// Access is the access level: Read, Write, List, Tagging, Permissions
	// management (several joined with ", ").
	Access string
	// ResourceTypes are the resource types the action can be scoped to;
	// a required one ends in "*" (table*), an optional one does not
	// (index). None means the action supports only Resource "*".
	ResourceTypes []string
	Group         ActionGroup
}

// ResourceLevel reports whether the action can be limited to specific
// resources: it has a required resource type. Those that cannot are never
// a finding for being granted on Resource "*".
func (a *Action) ResourceLevel() bool {
	for _, t := range a.ResourceTypes {
		if strings.HasSuffix(t, "*") {
			return true
		}
	}
	return false
}

// requiredType is the first required resource type (table, stream,
// backup, …), "" when there is none.
func (a *Action) requiredType() string {
	for _, t := range a.ResourceTypes {
		if strings.HasSuffix(t, "*") {
			return strings.TrimSuffix(t, "*")
		}
	}
	return ""
}

// FullName is the action with its service prefix: dynamodb:GetItem.
func (a *Action) FullName() string { return "dynamodb:" + a.Name }

var (
	tableOnly   = []string{"table*"}
	tableIndex  = []string{"index", "table*"}
	streamOnly  = []string{"stream*"}
	streamTable = []string{"stream*", "table*"}
	globalTable = []string{"global-table*", "table*"}
	noResource  = []string(nil)
)

// dynamoDBActions is every action of the dynamodb service prefix, from the
// Service Authorization Reference ("Actions, resources, and condition keys
// for Amazon DynamoDB"), in its order within each group. The access level
// and resource types are the reference's; the group is ours.
var dynamoDBActions = []Action{
	// Data-plane read.
	{"BatchGetItem", "Read", tableOnly, GroupRead},
	{"ConditionCheckItem", "Read", tableOnly, GroupRead},
	{"GetItem", "Read", tableOnly, GroupRead},
	{"Query", "Read", tableIndex, GroupRead},
	{"Scan", "Read", tableIndex, GroupRead},
	{"SearchVectors", "Read", []string{"index*", "table*"}, GroupRead},
	{"ReadDataForReplication", "Read", tableOnly, GroupRead},
	// Data-plane write.
	{"BatchWriteItem", "Write", tableOnly, GroupWrite},
	{"DeleteItem", "Write", tableOnly, GroupWrite},
	{"PutItem", "Write", tableOnly, GroupWrite},
	{"UpdateItem", "Write", tableOnly, GroupWrite},
	{"WriteDataForReplication", "Write", tableOnly, GroupWrite},
	// PartiQL.
	{"PartiQLDelete", "Write", tableOnly, GroupPartiQL},
	{"PartiQLInsert", "Write", tableOnly, GroupPartiQL},
	{"PartiQLSelect", "Read", tableIndex, GroupPartiQL},
	{"PartiQLUpdate", "Write", tableOnly, GroupPartiQL},
	// Streams.
	{"DescribeStream", "Read", streamOnly, GroupStreams},
	{"GetRecords", "Read", streamOnly, GroupStreams},
	{"GetShardIterator", "Read", streamOnly, GroupStreams},
	// Backup and restore.
	{"CreateBackup", "Write", tableOnly, GroupBackup},
	{"DescribeBackup", "Read", []string{"backup*"}, GroupBackup},
	{"DescribeContinuousBackups", "Read", tableOnly, GroupBackup},
	{"RestoreTableFromBackup", "Write", []string{"backup*", "table*"}, GroupBackup},
	{"RestoreTableToPointInTime", "Write", tableOnly, GroupBackup},
	{"RestoreTableFromAwsBackup", "Write", tableOnly, GroupBackup},
	{"StartAwsBackupJob", "Write", tableOnly, GroupBackup},
	// Export and import, and streaming the table's changes out.
	{"ExportTableToPointInTime", "Write", tableOnly, GroupExport},
	{"DescribeExport", "Read", []string{"export*"}, GroupExport},
	{"ImportTable", "Write", tableOnly, GroupExport},
	{"DescribeImport", "Read", []string{"import*"}, GroupExport},
	{"EnableKinesisStreamingDestination", "Write", tableOnly, GroupExport},
	{"UpdateKinesisStreamingDestination", "Write", tableOnly, GroupExport},
	// Destructive control plane.
	{"DeleteBackup", "Write", []string{"backup*"}, GroupDestructive},
	{"DeleteTable", "Write", tableOnly, GroupDestructive},
	{"DeleteTableReplica", "Write", tableOnly, GroupDestructive},
	{"DeleteGlobalTableWitness", "Write", tableOnly, GroupDestructive},
	{"DisableKinesisStreamingDestination", "Write", tableOnly, GroupDestructive},
	{"UpdateContinuousBackups", "Write", tableOnly, GroupDestructive},
	{"UpdateGlobalTable", "Write", globalTable, GroupDestructive},
	{"UpdateGlobalTableSettings", "Write", globalTable, GroupDestructive},
	{"UpdateGlobalTableVersion", "Write", []string{"global-table*", "table"}, GroupDestructive},
	{"UpdateTable", "Write", tableOnly, GroupDestructive},
	{"UpdateTimeToLive", "Write", tableOnly, GroupDestructive},
	{"InjectError", "Write", noResource, GroupDestructive},
	// Other control plane.
	{"AssociateTableReplica", "Write", tableOnly, GroupControl},
	{"CreateGlobalTable", "Write", globalTable, GroupControl},
	{"CreateGlobalTableWitness", "Write", tableOnly, GroupControl},
	{"CreateTable", "Write", tableOnly, GroupControl},
	{"CreateTableReplica", "Write", tableOnly, GroupControl},
	{"DescribeContributorInsights", "Read", tableIndex, GroupControl},
	{"DescribeGlobalTable", "Read", []string{"global-table*"}, GroupControl},
	{"DescribeGlobalTableSettings", "Read", []string{"global-table*"}, GroupControl},
	{"DescribeKinesisStreamingDestination", "Read", tableOnly, GroupControl},
	{"DescribeTable", "Read", tableOnly, GroupControl},
	{"DescribeTableReplicaAutoScaling", "Read", tableOnly, GroupControl},
	{"DescribeTimeToLive", "Read", tableOnly, GroupControl},
	{"ListTagsOfResource", "Read", streamTable, GroupControl},
	{"ReplicateSettings", "Write", tableOnly, GroupControl},
	{"TagResource", "Tagging, Write", streamTable, GroupControl},
	{"UntagResource", "Tagging, Write", streamTable, GroupControl},
	{"UpdateContributorInsights", "Write", tableIndex, GroupControl},
	{"UpdateTableReplicaAutoScaling", "Write", tableOnly, GroupControl},
	// Resource policies and attribute-based access control.
	{"DeleteResourcePolicy", "Permissions management, Write", streamTable, GroupResourcePolicy},
	{"GetResourcePolicy", "Read", streamTable, GroupResourcePolicy},
	{"PutResourcePolicy", "Permissions management, Write", streamTable, GroupResourcePolicy},
	{"UpdateAbacStatus", "Permissions management, Write", noResource, GroupResourcePolicy},
	// Billing.
	{"DescribeReservedCapacity", "Read", noResource, GroupBilling},
	{"DescribeReservedCapacityOfferings", "Read", noResource, GroupBilling},
	{"PurchaseReservedCapacityOfferings", "Write", noResource, GroupBilling},
	// List-only.
	{"DescribeEndpoints", "Read", noResource, GroupList},
	{"DescribeLimits", "Read", noResource, GroupList},
	{"GetAbacStatus", "Read", noResource, GroupList},
	{"ListBackups", "List", noResource, GroupList},
	{"ListContributorInsights", "List", noResource, GroupList},
	{"ListExports", "List", []string{"table"}, GroupList},
	{"ListGlobalTables", "List", noResource, GroupList},
	{"ListImports", "List", []string{"table"}, GroupList},
	{"ListStreams", "Read", noResource, GroupList},
	{"ListTables", "List", noResource, GroupList},
}

// actionByName holds the actions by lower-case name.
var actionByName = func() map[string]*Action {
	m := make(map[string]*Action, len(dynamoDBActions))
	for i := range dynamoDBActions {
		m[strings.ToLower(dynamoDBActions[i].Name)] = &dynamoDBActions[i]
	}
	return m
}()

// lookupAction returns the DynamoDB action called name (without prefix,
// case-insensitive), nil when there is none.
func lookupAction(name string) *Action { return actionByName[strings.ToLower(name)] }

// actionNames returns the names of actions, sorted, for messages.
func actionNames(actions []*Action) []string {
	out := make([]string, len(actions))
	for i, a := range actions {
		out[i] = a.Name
	}
	sort.Strings(out)
	return out
}
