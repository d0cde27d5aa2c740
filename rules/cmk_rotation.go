package rules

import (
	"fmt"

	"github.com/dynamoguard/dynamoguard/model"
)

// CMKRotationDisabled is DDB107.
var CMKRotationDisabled = &Rule{
	ID:        "DDB107",
	Name:      "cmk-rotation-disabled",
	Title:     "Customer managed key protecting DynamoDB data without automatic rotation",
	Severity:  Low,
	CWE:       "CWE-320",
	Precision: "high",
	Doc: Doc{
		Why: "A customer managed key that encrypts a table, a replica, a backup vault or a table export keeps " +
			"the same key material for as long as it exists unless automatic rotation is on. Rotation (yearly by " +
			"default) limits how much data one key version protects and is what most compliance frameworks " +
			"require; old versions stay available, so nothing has to be re-encrypted and nothing breaks. It is " +
			"off unless you turn it on. A multi-Region replica key shares its primary's rotation, so the primary " +
			"is the key to fix. A key that is not in the scanned files is not analysed.",
		FixTerraform: "Set `enable_key_rotation = true` on the `aws_kms_key` (for a replica key, on its " +
			"multi-Region primary).",
		FixCloudFormation: "Set `EnableKeyRotation: true` on the `AWS::KMS::Key` (for an `AWS::KMS::ReplicaKey`, " +
			"on its primary).",
		Terraform:      Example{Bad: example("DDB107", "bad.tf"), Good: example("DDB107", "good.tf")},
		CloudFormation: Example{Bad: example("DDB107", "bad.yaml"), Good: example("DDB107", "good.yaml")},
		References: []string{
			"https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html",
		},
		AutoFix: "`dynamoguard fix` sets `enable_key_rotation = true` on the key (CloudFormation: `EnableKeyRotation: true`). A value from a variable, a parameter or a module input is changed there only with `--at-origin`.",
	},
	Check: checkCMKRotationDisabled,
}

// protected is a customer managed key setting and what it protects, in
// the project's model.
type protected struct {
	res  *model.Resource
	what string
	key  *model.KeyRef
}

// protectedKeys lists the customer managed keys that protect tables,
// replicas, backup vaults and exports, in project order.
func protectedKeys(p *model.Project) []protected {
	var out []protected
	// what is made only for a customer managed key: most keys are not.
	add := func(res *model.Resource, k *model.KeyRef, what func() string) {
		if k.Kind == model.KeyCustomerManaged {
			out = append(out, protected{res: res, what: what(), key: k})
		}
	}
	for _, t := range p.DynamoDB.Tables {
		add(&t.Resource, &t.Encryption, func() string { return "table " + t.Address })
		for i := range t.Replicas {
			r := &t.Replicas[i]
			add(&t.Resource, &r.Encryption, func() string { return fmt.Sprintf("replica %s of table %s", r.Label, t.Address) })
		}
	}
	for _, v := range p.Backup.Vaults {
		add(&v.Resource, &v.Encryption, func() string { return "backup vault " + v.Address })
	}
	for _, e := range p.DynamoDB.TableExports {
		add(&e.Resource, &e.Encryption, func() string { return "table export " + e.Address })
	}
	return out
}

func checkCMKRotationDisabled(p *Pass) {
	uses := map[*model.KMSKey][]protected{}
	var order []*model.KMSKey
	for _, pr := range protectedKeys(p.Project) {
		k := pr.key.Key
		if k == nil {
			m := pr.key.Meta
			m.State = model.Unknown
			m.Reason = fmt.Sprintf("the customer managed key of %s is not among the scanned files, so its rotation is not known", pr.what)
			p.Skip(*pr.res, m)
			continue
		}
		if _, seen := uses[k]; !seen {
			order = append(order, k)
		}
		uses[k] = append(uses[k], pr)
	}
	for _, k := range order {
		if !disabled(p, k.Resource, k.Rotation) {
			continue
		}
		prs := uses[k]
		what := prs[0].what
		if len(prs) > 1 {
			what += fmt.Sprintf(" and %d more", len(prs)-1)
		}
		p.ReportFix(k.Resource, k.Rotation.Meta, set(k.Resource, k.Rotation.Meta, true),
			"KMS key %s protects %s but has %s %s, so its key material never changes; %s",
			k.Address, what, k.Rotation.Path, flagText(k.Rotation.Meta), fixSetting(k.Resource, k.Rotation.Meta, "true"))
	}
}
