package rules

import (
	"strings"

	"github.com/dynamoguard/dynamoguard/model"
)

// ExportBucketBroadActions is DDB302.
var ExportBucketBroadActions = &Rule{
	ID:        "DDB302",
	Name:      "export-bucket-broad-actions",
	Title:     "Export bucket policy grants wildcard actions or unrestricted object ACLs",
	Severity:  High,
	CWE:       "CWE-269",
	Precision: "medium",
	Doc: Doc{
		Why: "The principals a bucket policy lets in should get the few S3 actions exports need " +
			"(`s3:PutObject`, `s3:AbortMultipartUpload`, and reading for the consumers), not `s3:*` or wildcards " +
			"such as `s3:Get*`, `s3:Delete*` or `s3:Put*`, which also let them change the bucket's policy, ACLs, " +
			"replication or lifecycle and delete the exports. `s3:PutObjectAcl` lets the writer set any ACL on the " +
			"exported objects, public ones included, unless the statement requires " +
			"`s3:x-amz-acl = bucket-owner-full-control`.",
		FixTerraform: "List the S3 actions explicitly in the bucket policy, and give `s3:PutObjectAcl` a condition " +
			"`StringEquals` `s3:x-amz-acl` = `bucket-owner-full-control` (or drop it and set the bucket's " +
			"object ownership to `BucketOwnerEnforced`).",
		FixCloudFormation: "List the S3 actions explicitly in the `AWS::S3::BucketPolicy`, and give `s3:PutObjectAcl` " +
			"a condition `StringEquals: {s3:x-amz-acl: bucket-owner-full-control}`.",
		Terraform:      Example{Bad: example("DDB302", "bad.tf"), Good: example("DDB302", "good.tf")},
		CloudFormation: Example{Bad: example("DDB302", "bad.yaml"), Good: example("DDB302", "good.yaml")},
		References: []string{
			"https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/S3DataExport_Requesting.html",
			"https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html",
		},
	},
	Check: checkExportBucketBroadActions,
}

func checkExportBucketBroadActions(p *Pass) {
	for _, b := range exportBuckets(p) {
		for _, d := range bucketPolicies(b.Bucket) {
			if d.doc.IsUnknown() {
				p.Skip(d.res, d.doc.Meta)
				continue
			}
			for i := range d.doc.Statements {
				broadActions(p, b, d.res, &d.doc.Statements[i])
			}
		}
	}
}

// broadActions reports the wildcard actions, NotAction and unconditioned
// s3:PutObjectAcl of one statement of an export bucket's policy.
func broadActions(p *Pass, b exportBucket, res model.Resource, s *model.Statement) {
	if s.IsUnknown() {
		p.Skip(res, s.Meta)
		return
	}
	if !s.IsAllow() {
		return
	}
	if s.NotActions.IsKnown() {
		p.Report(res, s.NotActions.Meta,
			"policy of export bucket %s (%s) allows every action but NotAction's, deleting the exports "+
				"included; list the actions needed in Action",
			b.Address, b.why)
		return
	}
	for _, a := range s.Actions.Values {
		if !a.IsKnown() || len(a.Refs) > 0 {
			continue
		}
		lower := strings.ToLower(a.Value)
		switch {
		case hasWildcard(a.Value) && (lower == "*" || strings.HasPrefix(lower, "s3:") || strings.HasPrefix(lower, "s3*")):
			p.Report(res, a.Meta,
				"policy of export bucket %s (%s) grants %q, %s; list the S3 actions needed",
				b.Address, b.why, a.Value, wildcardScope(lower))
		case lower == "s3:putobjectacl" && !requiresOwnerACL(s):
			p.Report(res, a.Meta,
				"policy of export bucket %s (%s) grants s3:PutObjectAcl with no s3:x-amz-acl = "+
					"bucket-owner-full-control condition, so exported objects can be made public; add it",
				b.Address, b.why)
		}
	}
}

// requiresOwnerACL reports whether the statement requires the
// bucket-owner-full-control canned ACL.
func requiresOwnerACL(s *model.Statement) bool {
	for _, c := range s.Conditions.Items {
		if c.Key.IsKnown() && strings.EqualFold(c.Key.Value, "s3:x-amz-acl") && c.Base == "StringEquals" && !c.IfExists &&
			len(c.Values.Values) > 0 && !c.Values.HasUnknown() {
			all := true
			for _, v := range c.Values.Values {
				all = all && v.Value == "bucket-owner-full-control"
			}
			if all {
				return true
			}
		}
	}
	return false
}

// wildcardScope says what an S3 action wildcard grants beyond what exports
// need.
func wildcardScope(lower string) string {
	switch {
	case lower == "*" || lower == "s3:*" || lower == "s3*:*":
		return "which includes changing the bucket policy and deleting the exports"
	case actionMatches(lower, "s3:DeleteObject") || actionMatches(lower, "s3:PutBucketPolicy"):
		return "which includes deleting the exports or changing the bucket's settings"
	}
	return "a wildcard for every S3 action it matches, also future ones"
}
