package terraform

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/dynamoguard/dynamoguard/model"
)

var kinesisStreamSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "name"}, {Name: "encryption_type"}, {Name: "kms_key_id"}},
}

// buildKinesisStream builds one instance of an aws_kinesis_stream.
func (l *loader) buildKinesisStream(r *resourceBlock, in instance) {
	content, _, diags := r.block.Body.PartialContent(kinesisStreamSchema)
	l.addHCLDiags(diags, r.block.DefRange.Filename)
	attrs, owner := content.Attributes, r.block.DefRange
	s := &model.KinesisStream{
		Resource:       l.resource(r, in.address),
		Name:           l.stringValue(attrs["name"], in.ctx, "", owner, "name"),
		EncryptionType: l.stringValue(attrs["encryption_type"], in.ctx, "NONE", owner, "encryption_type"),
	}
	switch v, known := s.EncryptionType.Effective(); {
	case !known:
		s.Encryption = unknownKey(s.EncryptionType.Range, "encryption_type",
			fmt.Sprintf("encryption_type is unknown: %s", s.EncryptionType.Reason))
	case strings.EqualFold(v, "KMS"):
		ref, ok := l.classifyKeyAttr(attrs["kms_key_id"], in.ctx, "kms_key_id")
		if !ok {
			// The provider requires kms_key_id with KMS; without one the
			// stream cannot be created, so its key is not known.
			ref = unknownKey(s.EncryptionType.Range, "kms_key_id", "encryption_type is KMS but kms_key_id is not set")
		}
		s.Encryption = ref
	case !strings.EqualFold(v, "NONE"):
		s.Encryption = unknownKey(s.EncryptionType.Range, "encryption_type",
			fmt.Sprintf("encryption_type is %q, which is neither NONE nor KMS", v))
	default:
		s.Encryption = model.KeyRef{Kind: model.KeyAWSOwned, Meta: s.EncryptionType.Meta}
		s.Encryption.State = model.Known
	}
	l.t.proj.Add(s)
}

var streamingDestinationSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "stream_arn"}, {Name: "table_name"}},
}

// buildStreamingDestination builds one instance of an
// aws_dynamodb_kinesis_streaming_destination; model.Link finds its table
// and stream.
func (l *loader) buildStreamingDestination(r *resourceBlock, in instance) {
	content, _, diags := r.block.Body.PartialContent(streamingDestinationSchema)
	l.addHCLDiags(diags, r.block.DefRange.Filename)
	attrs, owner := content.Attributes, r.block.DefRange
	l.t.proj.Add(&model.StreamingDestination{
		Resource:  l.resource(r, in.address),
		TableName: l.stringValue(attrs["table_name"], in.ctx, "", owner, "table_name"),
		StreamARN: l.stringValue(attrs["stream_arn"], in.ctx, "", owner, "stream_arn"),
	})
}
