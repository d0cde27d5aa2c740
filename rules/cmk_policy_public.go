package rules

import (
	"fmt"

	"github.com/dynamoguard/dynamoguard/model"
)

// CMKPolicyPublic is DDB110.
var CMKPolicyPublic = &Rule{
	ID:        "DDB110",
	Name:      "cmk-policy-public",
	Title:     "Key policy of a table's customer managed key allows everyone",
	Severity:  Critical,
	CWE:       "CWE-732",
	Precision: "high",
	Doc: Doc{
		Why: "A customer managed key is worth having for its key policy: it decides who can decrypt the table's " +
			"data, grant the key to others, or disable it. A key policy statement that allows `Principal: \"*\"` " +
			"(or an AWS principal `*`) without a condition that limits it to your accounts or organisation " +
			"(`kms:CallerAccount`, `aws:PrincipalOrgID`, `aws:PrincipalAccount`, …) lets any AWS account use or " +
			"manage the key, so the CMK protecting the table, replica, stream, backup vault or export gives no " +
			"control at all.",
		FixTerraform: "In the key's `policy` (or its `aws_kms_key_policy`), name the principals (the account root, " +
			"key administrators, the roles that use the key), or add a `kms:CallerAccount` or " +
			"`aws:PrincipalOrgID` condition to the statement.",
		FixCloudFormation: "In the `AWS::KMS::Key` `KeyPolicy`, name the principals (the account root, key " +
			"administrators, the roles that use the key), or add a `kms:CallerAccount` or `aws:PrincipalOrgID` " +
			"condition to the statement.",
		Terraform:      Example{Bad: example("DDB110", "bad.tf"), Good: example("DDB110", "good.tf")},
		CloudFormation: Example{Bad: example("DDB110", "bad.yaml"), Good: example("DDB110", "good.yaml")},
		References: []string{
			"https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html",
			"https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html",
		},
	},
	Check: checkCMKPolicyPublic,
}

func checkCMKPolicyPublic(p *Pass) {
	users := model.KeyUsers(p.Project)
	for _, k := range p.Project.KMS.Keys {
		protects := users[k]
		if len(protects) == 0 {
			continue
		}
		docs := []declaredPolicy{{res: k.Resource, doc: &k.Policy}}
		if len(k.KeyPolicies) > 0 {
			docs = docs[:0]
			for _, kp := range k.KeyPolicies {
				docs = append(docs, declaredPolicy{res: kp.Resource, doc: &kp.Policy})
			}
		}
		for _, d := range docs {
			for _, o := range openStatements(p, d.res, d.doc, true) {
				p.Report(d.res, o.principal,
					"key policy of %s (protects %s) allows %s with no restricting condition, so any account can "+
						"%s; name the principals or add a kms:CallerAccount condition",
					k.Address, protectedText(protects), principalText(o), actionsText(o.stmt))
			}
		}
	}
}

// protectedText names what a key protects: "aws_dynamodb_table.orders" or
// "aws_dynamodb_table.orders and 2 more".
func protectedText(rs []*model.Resource) string {
	switch len(rs) {
	case 1:
		return rs[0].Address
	case 2:
		return rs[0].Address + " and " + rs[1].Address
	}
	return fmt.Sprintf("%s and %d more", rs[0].Address, len(rs)-1)
}
