package terraform

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/dynamoguard/dynamoguard/model"
)

var tableExportSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "table_arn"}, {Name: "s3_bucket"}, {Name: "s3_bucket_owner"}, {Name: "s3_prefix"},
		{Name: "s3_sse_algorithm"}, {Name: "s3_sse_kms_key_id"}, {Name: "export_type"}, {Name: "export_format"},
	},
}

// buildTableExport builds one instance of an aws_dynamodb_table_export;
// model.Link finds the exported table from the references of table_arn.
func (l *loader) buildTableExport(r *resourceBlock, in instance) {
	content, _, diags := r.block.Body.PartialContent(tableExportSchema)
	l.addHCLDiags(diags, r.block.DefRange.Filename)
	attrs, owner := content.Attributes, r.block.DefRange
	e := &model.TableExport{
		Resource:       l.resource(r, in.address),
		TableARN:       l.stringValue(attrs["table_arn"], in.ctx, "", owner, "table_arn"),
		S3Bucket:       l.stringValue(attrs["s3_bucket"], in.ctx, "", owner, "s3_bucket"),
		S3BucketOwner:  l.stringValue(attrs["s3_bucket_owner"], in.ctx, "", owner, "s3_bucket_owner"),
		S3Prefix:       l.stringValue(attrs["s3_prefix"], in.ctx, "", owner, "s3_prefix"),
		S3SSEAlgorithm: l.stringValue(attrs["s3_sse_algorithm"], in.ctx, "AES256", owner, "s3_sse_algorithm"),
		ExportType:     l.stringValue(attrs["export_type"], in.ctx, "FULL_EXPORT", owner, "export_type"),
		ExportFormat:   l.stringValue(attrs["export_format"], in.ctx, "DYNAMODB_JSON", owner, "export_format"),
	}
	e.Encryption = l.exportKey(e, attrs["s3_sse_kms_key_id"], in.ctx)
	l.t.proj.Add(e)
}

// exportKey classifies the key of an export's objects: SSE-S3 (AES256,
// the default) uses no KMS key and is AWS-owned; SSE-KMS uses
// s3_sse_kms_key_id, or the AWS-managed aws/s3 key without one.
func (l *loader) exportKey(e *model.TableExport, key *hcl.Attribute, ctx *hcl.EvalContext) model.KeyRef {
	const keyPath = "s3_sse_kms_key_id"
	alg := e.S3SSEAlgorithm
	ref, set := l.classifyKeyAttr(key, ctx, keyPath)
	switch v, known := alg.Effective(); {
	case !known:
		if set && ref.Kind != model.KeyUnknown {
			return ref // a key given is used with SSE-KMS, whatever the algorithm
		}
		return unknownKey(alg.Range, "s3_sse_algorithm",
			fmt.Sprintf("s3_sse_algorithm is unknown: %s", alg.Reason))
	case strings.EqualFold(v, "KMS"):
		if !set {
			return awsManagedDefault(ref, alg.Range, keyPath)
		}
		return ref
	case !strings.EqualFold(v, "AES256"):
		return unknownKey(alg.Range, "s3_sse_algorithm", fmt.Sprintf("s3_sse_algorithm is %q, which is neither AES256 nor KMS", v))
	}
	k := model.KeyRef{Kind: model.KeyAWSOwned, Meta: alg.Meta}
	k.State = model.Known
	return k
}
