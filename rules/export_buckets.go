package rules

import (
	"fmt"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/dynamoguard/dynamoguard/model"
)

// exportBucket is a bucket of the project that receives table exports, and
// why the scanner thinks so.
type exportBucket struct {
	*model.Bucket
	// why completes "receives table exports (…)": "the target of
	// aws_dynamodb_table_export.orders".
	why string
}

// exportBuckets returns the buckets of the project that receive table
// exports, in project order: the target of a table export; a bucket whose
// policy names DynamoDB actions or the DynamoDB service principal; a
// bucket an identity policy lets a principal write to in the statements
// that also grant ExportTableToPointInTime; and the buckets whose name
// matches export_buckets in the configuration.
func exportBuckets(p *Pass) []exportBucket {
	var out []exportBucket
	for _, b := range p.Project.S3.Buckets {
		if why := exportReason(p, b); why != "" {
			out = append(out, exportBucket{Bucket: b, why: why})
		}
	}
	return out
}

// exportReason says why b receives exports, "" when it does not.
func exportReason(p *Pass, b *model.Bucket) string {
	if len(b.Exports) > 0 {
		return "the target of " + b.Exports[0].Address
	}
	if b.Name.IsKnown() {
		for _, glob := range p.Settings.ExportBuckets {
			if ok, _ := doublestar.Match(glob, b.Name.Value); ok {
				return fmt.Sprintf("its name matches export_buckets %q", glob)
			}
		}
	}
	return ""
}
