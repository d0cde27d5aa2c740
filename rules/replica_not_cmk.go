package rules

import (
	"fmt"
	"strings"

	"github.com/dynamoguard/dynamoguard/model"
)

// ReplicaNotCMK is DDB103.
var ReplicaNotCMK = &Rule{
	ID:        "DDB103",
	Name:      "replica-not-cmk",
	Title:     "Global-table replica not encrypted with a customer managed key",
	Severity:  Medium,
	CWE:       "CWE-311",
	Precision: "high",
	Doc: Doc{
		Why: "Each replica of a global table is a full copy of the data in another region, encrypted with a key " +
			"of that region. A replica with no key of its own falls back to the AWS-managed key `aws/dynamodb` " +
			"(or to the AWS-owned key when the table has no KMS encryption at all), so the copy escapes the key " +
			"policy, audit trail and revocation that protect the primary. Give every replica a customer managed " +
			"key in its region.",
		FixTerraform: "In every `replica` block set `kms_key_arn` to a customer managed key in that replica's " +
			"region (for example an `aws_kms_key` created with a provider for that region, or a multi-Region " +
			"replica key), and keep `server_side_encryption` enabled on the table. An `aws_dynamodb_table_replica` " +
			"takes its own `kms_key_arn`; without one it uses `aws/dynamodb`.",
		FixCloudFormation: "In `AWS::DynamoDB::GlobalTable`, set `SSESpecification: {SSEEnabled: true, SSEType: KMS}` " +
			"on the table and `SSESpecification.KMSMasterKeyId` on every item of `Replicas`, naming a key in " +
			"that replica's region.",
		Terraform:      Example{Bad: example("DDB103", "bad.tf"), Good: example("DDB103", "good.tf")},
		CloudFormation: Example{Bad: example("DDB103", "bad.yaml"), Good: example("DDB103", "good.yaml")},
		References: []string{
			"https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/globaltables-security.html",
		},
		AutoFix: "`dynamoguard fix --kms-key ARN` names the key in the replica (`kms_key_arn` in its `replica` block or `aws_dynamodb_table_replica`; CloudFormation: the replica's `SSESpecification.KMSMasterKeyId`) when the ARN is of the replica's region; the other replicas' findings say why no fix is offered. A replica of a table without KMS encryption is fixed after the table (DDB101).",
	},
	Check: checkReplicaNotCMK,
}

func checkReplicaNotCMK(p *Pass) {
	for _, t := range p.Project.DynamoDB.Tables {
		skipUnknownReplicas(p, t)
		for _, r := range t.Replicas {
			region := ""
			if r.Region.IsKnown() {
				region = r.Region.Value
			}
			reportReplicaKey(p, t.Resource, r.Encryption, "replica "+r.Label+" of table "+t.Address, region,
				t.Encryption.Kind == model.KeyAWSOwned)
		}
	}
	for _, r := range p.Project.DynamoDB.TableReplicas {
		ownedTable := r.Primary != nil && r.Primary.Encryption.Kind == model.KeyAWSOwned
		reportReplicaKey(p, r.Resource, r.Encryption, "table replica "+r.Address+regionText(knownText(r.Region)),
			knownText(r.Region), ownedTable)
	}
}

// reportReplicaKey reports the key k of a replica. ownedTable says that the
// replica's table has no KMS encryption at all: DDB101 reports that one
// cause on the table when it runs, not once more per replica.
func reportReplicaKey(p *Pass, res model.Resource, k model.KeyRef, what, region string, ownedTable bool) {
	switch k.Kind {
	case model.KeyUnknown:
		p.Skip(res, k.Meta)
	case model.KeyAWSOwned:
		if ownedTable && p.Runs(TableAWSOwnedKey) {
			return
		}
		p.Report(res, k.Meta,
			"%s is encrypted only with the AWS-owned key because the table has no "+
				"KMS encryption, so this copy of the data has no key policy, audit trail or revocation; "+
				"enable KMS encryption on the table and %s",
			what, fixKey(res, k, region))
		p.last().NoFix = "the table has no KMS encryption; fix the table's key first (DDB101), then the replica's"
	case model.KeyAWSManaged:
		if leftToDrift(p, res, k.Meta) {
			return
		}
		p.Report(res, k.Meta,
			"%s uses the AWS-managed key aws/dynamodb (%s), so this copy of the "+
				"data escapes the key policy that protects the primary; %s",
			what, keyDescription(k), fixKey(res, k, region))
		f := p.last()
		f.Changes, f.NoFix = replicaKeyChange(p, res, k, region)
	}
}

// replicaKeyChange is the change that names the customer managed key of
// --kms-key for a replica in region, or the reason there is none: the key
// must be an ARN of that region, as the model does not know which region
// a key declared in the source is created in.
func replicaKeyChange(p *Pass, res model.Resource, k model.KeyRef, region string) ([]Change, string) {
	arn := p.Settings.FixKMSKey
	parts := strings.Split(arn, ":")
	switch {
	case region == "":
		return nil, "the replica's region is not known, so no key of that region can be chosen"
	case len(parts) < 6 || parts[0] != "arn" || parts[2] != "kms":
		return nil, "the key must be a customer managed key of " + region + "; name its ARN with dynamoguard fix --kms-key ARN"
	case parts[3] != region:
		return nil, fmt.Sprintf("--kms-key %s is a key of %s, not of the replica's region %s", arn, parts[3], region)
	}
	at := k.Meta
	at.Origins = nil
	return []Change{{Resource: res, At: at, Value: arn}}, ""
}
