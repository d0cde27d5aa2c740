package rules

import (
	"strings"

	"github.com/dynamoguard/dynamoguard/model"
)

// ExportAnyBucket is DDB305.
var ExportAnyBucket = &Rule{
	ID:        "DDB305",
	Name:      "export-to-any-bucket",
	Title:     "Principal may export tables into any S3 bucket",
	Severity:  High,
	CWE:       "CWE-200",
	Precision: "high",
	Doc: Doc{
		Why: "`dynamodb:ExportTableToPointInTime` copies a whole table to S3 with the caller's own S3 " +
			"permissions. A policy that grants it together with `s3:PutObject` on every bucket (`*`, " +
			"`arn:aws:s3:::*`) lets the principal copy any table it may export into any bucket, also one in " +
			"another account that the bucket's owner opened to it: an exfiltration path that needs no read of a " +
			"single item.",
		FixTerraform: "In the identity policy, grant `s3:PutObject` only on the export buckets' objects " +
			"(`\"${aws_s3_bucket.exports.arn}/*\"`), and `dynamodb:ExportTableToPointInTime` only on the tables " +
			"that are exported.",
		FixCloudFormation: "In the policy document, grant `s3:PutObject` only on the export buckets' objects " +
			"(`!Sub \"${ExportBucket.Arn}/*\"`), and `dynamodb:ExportTableToPointInTime` only on the tables that " +
			"are exported.",
		Terraform:      Example{Bad: example("DDB305", "bad.tf"), Good: example("DDB305", "good.tf")},
		CloudFormation: Example{Bad: example("DDB305", "bad.yaml"), Good: example("DDB305", "good.yaml")},
		References: []string{
			"https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/S3DataExport_Requesting.html",
		},
	},
	Check: checkExportAnyBucket,
}

func checkExportAnyBucket(p *Pass) {
	for _, ip := range p.Project.IAM.Policies {
		doc := &ip.Document
		if doc.IsUnknown() {
			p.Skip(ip.Resource, doc.Meta)
			continue
		}
		var export model.Meta
		exports := false
		for i := range doc.Statements {
			s := &doc.Statements[i]
			if by, _ := grants(s, exportAction); s.IsAllow() && len(by) > 0 && !exports {
				export, exports = by[0], true
			}
		}
		if !exports {
			continue
		}
		if deniesPutEverywhere(doc) {
			continue
		}
		for i := range doc.Statements {
			s := &doc.Statements[i]
			if by, _ := grants(s, "s3:PutObject"); !s.IsAllow() || len(by) == 0 {
				continue
			}
			for _, at := range anyBucket(s) {
				p.Report(ip.Resource, at,
					"%s grants %s (line %d) and s3:PutObject on every bucket, so its principals can copy "+
						"tables into any bucket, also another account's; limit s3:PutObject to the export buckets",
					ip.Address, exportAction, export.Range.Start.Line)
			}
		}
	}
}

// anyBucket returns the resource strings of s that match every bucket's
// objects: "*", "arn:aws:s3:::*", or NotResource.
func anyBucket(s *model.Statement) []model.Meta {
	if s.NotResources.IsKnown() {
		return []model.Meta{s.NotResources.Meta}
	}
	var out []model.Meta
	for _, r := range s.Resources.Values {
		if !r.IsKnown() || len(r.Refs) > 0 {
			continue
		}
		if r.Value == "*" {
			out = append(out, r.Meta)
			continue
		}
		parts := splitARN(r.Value)
		if len(parts) == 6 && parts[0] == "arn" && wildcardMatch(parts[2], "s3", true) {
			if bucket, _, _ := strings.Cut(parts[5], "/"); strings.HasPrefix(bucket, "*") {
				out = append(out, r.Meta)
			}
		}
	}
	return out
}

// deniesPutEverywhere reports whether an unconditioned Deny of doc denies
// s3:PutObject on every resource, which cancels any Allow of it.
func deniesPutEverywhere(doc *model.PolicyDocument) bool {
	for i := range doc.Statements {
		s := &doc.Statements[i]
		if !s.IsDeny() || s.Conditions.State != model.Absent || s.NotResources.Written() {
			continue
		}
		if by, _ := grants(s, "s3:PutObject"); len(by) == 0 {
			continue
		}
		for _, r := range s.Resources.Values {
			if r.IsKnown() && len(r.Refs) == 0 && r.Value == "*" {
				return true
			}
		}
	}
	return false
}
