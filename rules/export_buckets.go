package rules

import (
	"fmt"
	"strings"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/dynamoguard/dynamoguard/model"
)

// exportBucket is a bucket of the project that receives table exports, and
// why the scanner thinks so.
type exportBucket struct {
	*model.Bucket
	// why says, in parentheses after the bucket's address, why it
	// receives exports: "target of aws_dynamodb_table_export.orders".
	why string
}

// exportBuckets returns the buckets of the project that receive table
// exports, in project order: the target of a table export; a bucket whose
// policy names DynamoDB actions or the DynamoDB service principal; a
// bucket an identity policy lets a principal write to in the statements
// that also grant ExportTableToPointInTime; and the buckets whose name
// matches export_buckets in the configuration.
func exportBuckets(p *Pass) []exportBucket {
	writers := exportWriters(p.Project)
	var out []exportBucket
	for _, b := range p.Project.S3.Buckets {
		if why := exportReason(p, b, writers); why != "" {
			out = append(out, exportBucket{Bucket: b, why: why})
		}
	}
	return out
}

// exportWriter is an identity policy that grants ExportTableToPointInTime,
// with the resources its statements let the principal s3:PutObject to.
type exportWriter struct {
	policy    *model.IAMPolicy
	resources []model.Value[string]
}

// exportWriters returns the identity policies of the project that may
// export tables and write them to some buckets.
func exportWriters(proj *model.Project) []exportWriter {
	var out []exportWriter
	for _, ip := range proj.IAM.Policies {
		w := exportWriter{policy: ip}
		exports := false
		for i := range ip.Document.Statements {
			s := &ip.Document.Statements[i]
			if !s.IsAllow() {
				continue
			}
			if by, _ := grants(s, exportAction); len(by) > 0 {
				exports = true
			}
			if by, _ := grants(s, "s3:PutObject"); len(by) > 0 && s.Resources.IsKnown() {
				w.resources = append(w.resources, s.Resources.Values...)
			}
		}
		if exports && len(w.resources) > 0 {
			out = append(out, w)
		}
	}
	return out
}

// exportReason says why b receives exports, "" when it does not.
func exportReason(p *Pass, b *model.Bucket, writers []exportWriter) string {
	if len(b.Exports) > 0 {
		return "target of " + b.Exports[0].Address
	}
	for _, d := range bucketPolicies(b) {
		if namesDynamoDB(d.doc) {
			return d.res.Address + " names DynamoDB"
		}
	}
	for _, w := range writers {
		for _, r := range w.resources {
			if namesBucket(r, b, w.policy.Scope == b.Scope) {
				return w.policy.Address + " may export tables into it"
			}
		}
	}
	for _, glob := range p.Settings.ExportBuckets {
		if b.Name.IsKnown() {
			if ok, _ := doublestar.Match(glob, b.Name.Value); ok {
				return fmt.Sprintf("name matches export_buckets %q", glob)
			}
		} else if b.NameText != "" && prefixGlobMatches(glob, b.NameText) {
			return fmt.Sprintf("name matches export_buckets %q whatever its unresolved parts", glob)
		}
	}
	return ""
}

// prefixGlobMatches reports whether glob matches every name text (with
// parts not resolved written ${…}) may stand for: glob is a literal prefix
// followed by *, and the literal start of text begins with that prefix.
func prefixGlobMatches(glob, text string) bool {
	prefix, ok := strings.CutSuffix(glob, "*")
	if !ok || strings.ContainsAny(prefix, "*?[{\\") {
		return false
	}
	literal, _, _ := strings.Cut(text, "${")
	return strings.HasPrefix(literal, prefix)
}

// dynamoDBPrincipal is the service principal of DynamoDB.
const dynamoDBPrincipal = "dynamodb.amazonaws.com"

// namesDynamoDB reports whether a statement of doc names a DynamoDB action
// or the DynamoDB service principal.
func namesDynamoDB(doc *model.PolicyDocument) bool {
	for _, s := range doc.Statements {
		for _, l := range []model.StringList{s.Actions, s.NotActions} {
			for _, v := range l.Values {
				if v.IsKnown() && strings.HasPrefix(strings.ToLower(v.Value), "dynamodb:") {
					return true
				}
			}
		}
		for _, e := range s.Principals.Entries {
			for _, id := range e.IDs.Values {
				if e.Type.Value == model.PrincipalService && id.IsKnown() && strings.EqualFold(id.Value, dynamoDBPrincipal) {
					return true
				}
			}
		}
	}
	return false
}

// exportAction is the action that exports a table to S3.
const exportAction = "dynamodb:ExportTableToPointInTime"

// namesBucket reports whether a policy resource names bucket b or objects
// in it: by a reference to the bucket (when written in its scope), or by
// its literal ARN.
func namesBucket(r model.Value[string], b *model.Bucket, sameScope bool) bool {
	for _, ref := range r.Refs {
		if sameScope && (ref.Address == b.Address || ref.Address == b.BaseAddress()) {
			return true
		}
	}
	if !r.IsKnown() || len(r.Refs) > 0 || !b.Name.IsKnown() {
		return false
	}
	// A pattern for some buckets (arn:aws:s3:::orders-*/*) names those it
	// matches; one for every bucket names none in particular (DDB305).
	name := model.BucketNameOf(r.Value)
	if strings.Trim(name, "*?") == "" {
		return false
	}
	return wildcardMatch(name, b.Name.Value, false)
}
