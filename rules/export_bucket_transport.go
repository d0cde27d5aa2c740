package rules

import (
	"strings"

	"github.com/dynamoguard/dynamoguard/model"
)

// ExportBucketTransport is DDB303.
var ExportBucketTransport = &Rule{
	ID:        "DDB303",
	Name:      "export-bucket-insecure-transport",
	Title:     "Export bucket policy does not deny requests without TLS",
	Severity:  Low,
	CWE:       "CWE-319",
	Precision: "high",
	Doc: Doc{
		Why: "S3 accepts plain HTTP requests unless the bucket policy denies them. Exported table data read or " +
			"written over HTTP can be observed or altered on the way. The standard guard is a statement that " +
			"denies `s3:*` to everyone when `aws:SecureTransport` is `false`.",
		FixTerraform: "Add to the bucket policy a `Deny` statement for `s3:*` on the bucket and its objects, " +
			"principal `*`, with the condition `Bool` `aws:SecureTransport` = `false`.",
		FixCloudFormation: "Add to the `AWS::S3::BucketPolicy` a `Deny` statement for `s3:*` on the bucket and its " +
			"objects, `Principal: \"*\"`, with `Condition: {Bool: {aws:SecureTransport: false}}`.",
		Terraform:      Example{Bad: example("DDB303", "bad.tf"), Good: example("DDB303", "good.tf")},
		CloudFormation: Example{Bad: example("DDB303", "bad.yaml"), Good: example("DDB303", "good.yaml")},
		References: []string{
			"https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html",
		},
		AutoFix: "`dynamoguard fix` adds, after the last statement of the bucket's policy, a statement denying `s3:*` on the bucket and its objects when `aws:SecureTransport` is false: a `statement` block of an `aws_iam_policy_document`, an object of `jsonencode`, or a list item of the template's `PolicyDocument`. A policy written as JSON in a string (a heredoc) is not edited, and a bucket without a policy gets no fix; the finding says so.",
	},
	Check: checkExportBucketTransport,
}

func checkExportBucketTransport(p *Pass) {
	for _, b := range exportBuckets(p) {
		docs := bucketPolicies(b.Bucket)
		decided, denies := true, false
		for _, d := range docs {
			switch {
			case d.doc.IsUnknown():
				p.Skip(d.res, d.doc.Meta)
				decided = false
			case deniesInsecureTransport(d.doc):
				denies = true
			}
		}
		if denies || !decided {
			continue
		}
		if len(docs) == 0 {
			p.Report(b.Resource, b.Policy.Meta,
				"export bucket %s (%s) has no policy denying requests without TLS, so exported data may travel "+
					"in clear; deny s3:* when aws:SecureTransport is false",
				b.Address, b.why)
			p.last().NoFix = "the bucket has no policy, and a new policy resource is not written automatically; add one with the statement"
			continue
		}
		d := docs[0]
		changes, reason := transportChange(d.res, d.doc, b.Bucket)
		p.Report(d.res, d.doc.Meta,
			"policy of export bucket %s (%s) does not deny requests without TLS, so exported data may travel "+
				"in clear; deny s3:* when aws:SecureTransport is false",
			b.Address, b.why)
		f := p.last()
		f.Changes, f.NoFix = changes, reason
	}
}

// deniesInsecureTransport reports whether doc has a Deny statement with a
// Bool aws:SecureTransport = false condition.
func deniesInsecureTransport(doc *model.PolicyDocument) bool {
	for _, s := range doc.Statements {
		if !s.IsDeny() {
			continue
		}
		for _, c := range s.Conditions.Items {
			if c.Key.IsKnown() && strings.EqualFold(c.Key.Value, "aws:SecureTransport") && c.Base == "Bool" {
				for _, v := range c.Values.Values {
					if strings.EqualFold(v.Value, "false") {
						return true
					}
				}
			}
		}
	}
	return false
}
