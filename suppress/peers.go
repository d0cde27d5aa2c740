package suppress

import "strings"

// Peer is one check of another tool and the rules of ours that detect the
// same problem: a suppression of the peer's check, written in its syntax,
// suppresses these rules. Only checks whose meaning really matches ours are
// listed; a peer check without an equivalent here suppresses nothing (and
// is not reported: it is that tool's business).
type Peer struct {
	// Tool is the peer: checkov, trivy (whose IDs tfsec shares), cfn_nag
	// or guard.
	Tool string
	// IDs are the peer's names for the check, the first one canonical:
	// Checkov's CKV ID; Trivy's AVD ID, its short ID and its long ID;
	// cfn_nag's rule ID; the Guard rule name.
	IDs []string
	// Title is the peer's description of the check.
	Title string
	// Rules are our rule IDs. A rule that is not in the registry is
	// skipped, so the table may name rules before they exist.
	Rules []string
}

// Peers is the mapping table, documented in docs/suppressions.md.
var Peers = []Peer{
	{"checkov", []string{"CKV_AWS_119"}, "DynamoDB tables are encrypted using a KMS customer managed CMK", []string{"DDB101", "DDB102"}},
	{"checkov", []string{"CKV_AWS_271"}, "DynamoDB table replica KMS encryption uses a CMK", []string{"DDB103"}},
	{"checkov", []string{"CKV_AWS_47"}, "DAX is encrypted at rest", []string{"DDB104"}},
	{"checkov", []string{"CKV_AWS_239"}, "DAX cluster endpoint is using TLS", []string{"DDB105"}},
	{"checkov", []string{"CKV_AWS_43"}, "Kinesis stream is securely encrypted", []string{"DDB106"}},
	{"checkov", []string{"CKV_AWS_185"}, "Kinesis stream is encrypted by KMS using a customer managed key", []string{"DDB106"}},
	{"checkov", []string{"CKV_AWS_7"}, "rotation for customer created CMKs is enabled", []string{"DDB107"}},
	{"checkov", []string{"CKV_AWS_166"}, "Backup vault is encrypted at rest using a KMS CMK", []string{"DDB108"}},
	{"checkov", []string{"CKV_AWS_33"}, "KMS key policy does not contain a wildcard (*) principal", []string{"DDB110"}},
	{"checkov", []string{"CKV_AWS_28"}, "DynamoDB point in time recovery (backup) is enabled", []string{"DDB201"}},
	{"checkov", []string{"CKV_AWS_165"}, "DynamoDB point in time recovery is enabled for global tables", []string{"DDB202"}},
	{"checkov", []string{"CKV_AWS_70"}, "S3 bucket does not allow an action with any principal", []string{"DDB301"}},
	{"checkov", []string{"CKV2_AWS_6"}, "S3 bucket has a public access block", []string{"DDB304"}},
	{"checkov", []string{"CKV2_AWS_16"}, "Auto Scaling is enabled on DynamoDB tables", []string{"DDB601"}},

	{"trivy", []string{"AVD-AWS-0025", "AWS-0025", "aws-dynamodb-table-customer-key"}, "DynamoDB tables use at-rest encryption with a customer managed key", []string{"DDB101", "DDB102"}},
	{"trivy", []string{"AVD-AWS-0023", "AWS-0023", "aws-dynamodb-enable-at-rest-encryption"}, "DAX clusters encrypt data at rest", []string{"DDB104"}},
	{"trivy", []string{"AVD-AWS-0064", "AWS-0064", "aws-kinesis-enable-in-transit-encryption"}, "Kinesis stream is encrypted", []string{"DDB106"}},
	{"trivy", []string{"AVD-AWS-0065", "AWS-0065", "aws-kms-auto-rotate-keys"}, "KMS keys are auto-rotated", []string{"DDB107"}},
	{"trivy", []string{"AVD-AWS-0024", "AWS-0024", "aws-dynamodb-enable-recovery"}, "point in time recovery is enabled on DynamoDB tables", []string{"DDB201"}},
	{"trivy", []string{"AVD-AWS-0086", "AWS-0086", "aws-s3-block-public-acls"}, "S3 access block blocks public ACLs", []string{"DDB304"}},
	{"trivy", []string{"AVD-AWS-0087", "AWS-0087", "aws-s3-block-public-policy"}, "S3 access block blocks public policies", []string{"DDB304"}},
	{"trivy", []string{"AVD-AWS-0091", "AWS-0091", "aws-s3-ignore-public-acls"}, "S3 access block ignores public ACLs", []string{"DDB304"}},
	{"trivy", []string{"AVD-AWS-0093", "AWS-0093", "aws-s3-no-public-buckets"}, "S3 access block restricts public buckets", []string{"DDB304"}},
	{"trivy", []string{"AVD-AWS-0094", "AWS-0094", "aws-s3-specify-public-access-block"}, "S3 buckets have a public access block", []string{"DDB304"}},

	{"cfn_nag", []string{"W74"}, "DynamoDB table should have encryption enabled using a CMK stored in KMS (fires when SSESpecification.SSEEnabled is not true)", []string{"DDB101"}},
	{"cfn_nag", []string{"W83"}, "DAX cluster should have encryption enabled", []string{"DDB104"}},
	{"cfn_nag", []string{"F19"}, "EnableKeyRotation should not be false or absent on a KMS key", []string{"DDB107"}},
	{"cfn_nag", []string{"W78"}, "DynamoDB table should have backup enabled (PointInTimeRecoveryEnabled)", []string{"DDB201"}},

	{"guard", []string{"DYNAMODB_TABLE_ENCRYPTED_KMS"}, "DynamoDB table is encrypted with AWS KMS", []string{"DDB101"}},
	{"guard", []string{"DYNAMODB_TABLE_ENCRYPTION_ENABLED"}, "DynamoDB table is encrypted", []string{"DDB101"}},
	{"guard", []string{"DAX_ENCRYPTION_ENABLED"}, "DAX cluster is encrypted", []string{"DDB104"}},
	{"guard", []string{"CMK_BACKING_KEY_ROTATION_ENABLED"}, "KMS key rotation is enabled", []string{"DDB107"}},
	{"guard", []string{"DYNAMODB_PITR_ENABLED"}, "DynamoDB point in time recovery is enabled", []string{"DDB201"}},
	{"guard", []string{"DYNAMODB_TABLE_DELETION_PROTECTION_ENABLED"}, "DynamoDB table deletion protection is enabled", []string{"DDB203"}},
	{"guard", []string{"DYNAMODB_IN_BACKUP_PLAN"}, "DynamoDB table is in an AWS Backup plan", []string{"DDB204"}},
	{"guard", []string{"S3_BUCKET_SSL_REQUESTS_ONLY"}, "S3 bucket policy requires requests to use TLS", []string{"DDB303"}},
	{"guard", []string{"S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED"}, "S3 bucket-level public access is blocked", []string{"DDB304"}},
	{"guard", []string{"DYNAMODB_AUTOSCALING_ENABLED"}, "DynamoDB auto scaling is enabled", []string{"DDB601"}},
}

// toolOf is the table's tool for a syntax: tfsec reads Trivy's IDs.
func toolOf(s Syntax) string {
	switch s {
	case Checkov:
		return "checkov"
	case Trivy, Tfsec:
		return "trivy"
	case CfnNag:
		return "cfn_nag"
	case Guard:
		return "guard"
	}
	return ""
}

// mapPeer returns our rule IDs for a peer's ID, case-insensitively.
func mapPeer(s Syntax, id string) []string {
	tool := toolOf(s)
	var out []string
	for _, p := range Peers {
		if p.Tool != tool {
			continue
		}
		for _, alias := range p.IDs {
			if strings.EqualFold(alias, id) {
				out = append(out, p.Rules...)
				break
			}
		}
	}
	return out
}
