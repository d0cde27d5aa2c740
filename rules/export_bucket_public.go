package rules

// ExportBucketPublic is DDB301.
var ExportBucketPublic = &Rule{
	ID:        "DDB301",
	Name:      "export-bucket-public",
	Title:     "Export bucket policy allows everyone",
	Severity:  Critical,
	CWE:       "CWE-732",
	Precision: "high",
	Doc: Doc{
		Why: "A table export writes the whole table, every item, into S3. When the bucket's policy allows " +
			"`Principal: \"*\"` (or an AWS principal `*`) without a condition that limits it to your accounts, " +
			"organisation or network (`aws:PrincipalOrgID`, `aws:SourceAccount`, `aws:SourceArn`, " +
			"`aws:SourceVpce`, …), anyone on the internet, or any AWS account, can act on that copy. Conditions " +
			"such as `aws:SecureTransport` or `aws:UserAgent` do not limit who the caller is.",
		FixTerraform: "In the bucket policy (`aws_s3_bucket_policy`, its `aws_iam_policy_document`, or the legacy " +
			"`aws_s3_bucket.policy`), name the principals that need access, or add a condition such as " +
			"`aws:PrincipalOrgID` or `aws:SourceAccount` to the statement.",
		FixCloudFormation: "In the `AWS::S3::BucketPolicy` `PolicyDocument`, name the principals that need access, " +
			"or add a condition such as `aws:PrincipalOrgID` or `aws:SourceAccount` to the statement.",
		Terraform:      Example{Bad: example("DDB301", "bad.tf"), Good: example("DDB301", "good.tf")},
		CloudFormation: Example{Bad: example("DDB301", "bad.yaml"), Good: example("DDB301", "good.yaml")},
		References: []string{
			"https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/S3DataExport.HowItWorks.html",
			"https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies.html",
		},
	},
	Check: checkExportBucketPublic,
}

func checkExportBucketPublic(p *Pass) {
	for _, b := range exportBuckets(p) {
		for _, d := range bucketPolicies(b.Bucket) {
			for _, o := range openStatements(p, d.res, d.doc, false) {
				p.Report(d.res, o.principal,
					"policy of export bucket %s (%s) allows %s with no restricting condition, so anyone can reach "+
						"the exported data; name the principals or add an aws:PrincipalOrgID condition",
					b.Address, b.why, principalText(o))
			}
		}
	}
}

// principalText names the public principal of an open statement.
func principalText(o openStatement) string {
	if o.stmt.NotPrincipals.IsKnown() {
		return "everyone but the NotPrincipal"
	}
	return `Principal "*"`
}
