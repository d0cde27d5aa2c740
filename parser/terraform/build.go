package terraform

import (
	"fmt"

	"github.com/dynamoguard/dynamoguard/model"
)

// builders build the resource types the loader models, by type. Adding a
// resource kind means adding its builder here; references between
// resources are resolved afterwards by model.Link.
var builders = map[string]func(*loader, *resourceBlock, instance){
	"aws_kms_key":         (*loader).buildKMSKey,
	"aws_kms_alias":       (*loader).buildKMSAlias,
	"aws_kms_replica_key": (*loader).buildKMSReplicaKey,
	"aws_dynamodb_table":  (*loader).buildTable,

	"aws_dynamodb_table_replica": (*loader).buildTableReplica,
	"aws_dynamodb_global_table":  (*loader).buildLegacyGlobalTable,
	"aws_appautoscaling_target":  (*loader).buildScalingTarget,
	"aws_appautoscaling_policy":  (*loader).buildScalingPolicy,
	"aws_dynamodb_table_export":  (*loader).buildTableExport,
	"aws_dax_cluster":            (*loader).buildDAXCluster,
	"aws_backup_vault":           (*loader).buildBackupVault,
	"aws_backup_plan":            (*loader).buildBackupPlan,
	"aws_backup_selection":       (*loader).buildBackupSelection,
	"aws_kinesis_stream":         (*loader).buildKinesisStream,

	"aws_dynamodb_kinesis_streaming_destination": (*loader).buildStreamingDestination,
	"aws_s3_bucket":                      (*loader).buildBucket,
	"aws_s3_bucket_policy":               (*loader).buildBucketPolicy,
	"aws_s3_bucket_public_access_block":  (*loader).buildPublicAccessBlock,
	"aws_s3_account_public_access_block": (*loader).buildAccountAccessBlock,
	"aws_vpc_endpoint":                   (*loader).buildVPCEndpoint,
	"aws_vpc_endpoint_policy":            (*loader).buildVPCEndpointPolicy,
	"aws_dynamodb_resource_policy":       (*loader).buildResourcePolicy,
	"aws_kms_key_policy":                 (*loader).buildKMSKeyPolicy,

	"aws_iam_policy":                  (*loader).buildIAMPolicy,
	"aws_iam_role_policy":             (*loader).buildIAMPolicy,
	"aws_iam_user_policy":             (*loader).buildIAMPolicy,
	"aws_iam_group_policy":            (*loader).buildIAMPolicy,
	"aws_iam_role":                    (*loader).buildIAMRole,
	"aws_iam_role_policy_attachment":  (*loader).buildIAMAttachment,
	"aws_iam_user_policy_attachment":  (*loader).buildIAMAttachment,
	"aws_iam_group_policy_attachment": (*loader).buildIAMAttachment,
	"aws_iam_policy_attachment":       (*loader).buildIAMAttachment,
}

// build adds the module instance's modelled resources to the project, in
// source order.
func (l *loader) build(cfg *config) {
	for _, r := range cfg.resources {
		b := builders[r.typ]
		if b == nil {
			l.notModelled(r)
			continue
		}
		l.eachInstance(r, func(in instance) {
			l.current = in.address
			b(l, r, in)
			l.current = ""
		})
	}
}

// eachInstance calls fn for every instance of r. A panic while building r
// becomes an error diagnostic naming the resource, and the other resources
// are still built.
func (l *loader) eachInstance(r *resourceBlock, fn func(instance)) {
	defer func() {
		if p := recover(); p != nil {
			l.t.diags = append(l.t.diags, model.Diagnostic{
				Severity: model.DiagError,
				Summary:  "Internal error",
				Detail:   fmt.Sprintf("Building %s failed unexpectedly (%v); it is not analysed.", l.address(r.address()), p),
				Subject:  toRange(r.block.DefRange),
			})
		}
	}()
	for _, in := range l.instances(r) {
		if l.t.resources >= l.t.opts.MaxResources {
			l.t.warnOnce("resources:"+l.t.scope, r.block.DefRange, "Too many resource instances",
				fmt.Sprintf("The module tree of %s has more than %d resource instances; the others are not analysed.", l.t.scope, l.t.opts.MaxResources))
			return
		}
		l.t.resources++
		fn(in)
	}
}
