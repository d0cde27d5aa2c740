package cloudformation

import (
	"strconv"
	"strings"

	"github.com/dynamoguard/dynamoguard/model"
)

const typeKinesisStream = "AWS::Kinesis::Stream"

// buildKinesisStream reads an AWS::Kinesis::Stream; without
// StreamEncryption the stream has no server-side encryption.
func (t *template) buildKinesisStream(res model.Resource, o *object) {
	const spec = "StreamEncryption"
	s := &model.KinesisStream{
		Resource:       res,
		Name:           t.stringProp(o, "", "Name", "", res.Range),
		EncryptionType: model.AbsentValue("NONE", res.Range, spec+".EncryptionType"),
	}
	m, ok := o.get(spec)
	var so *object
	if ok {
		if so, ok = m.val.obj(); !ok {
			r := t.src.rng(m.val.node)
			s.EncryptionType = model.UnknownValue[string](r, spec+".EncryptionType", describe(spec, m.val))
		} else {
			s.EncryptionType = t.stringProp(so, spec, "EncryptionType", "NONE", t.src.rng(m.key))
		}
	}
	switch v, known := s.EncryptionType.Effective(); {
	case !known:
		s.Encryption = unknownKey(s.EncryptionType.Range, spec+".EncryptionType", s.EncryptionType.Reason)
	case strings.EqualFold(v, "KMS"):
		if key, ok := so.get("KeyId"); ok {
			s.Encryption = t.classifyKey(key.val, spec+".KeyId")
		} else {
			s.Encryption = unknownKey(s.EncryptionType.Range, spec+".KeyId", "EncryptionType is KMS but KeyId is not set")
		}
	case !strings.EqualFold(v, "NONE"):
		s.Encryption = unknownKey(s.EncryptionType.Range, spec+".EncryptionType", "EncryptionType is "+strconv.Quote(v)+", which is neither NONE nor KMS")
	default:
		s.Encryption = keyRef(model.KeyAWSOwned, s.EncryptionType.Range, s.EncryptionType.Path)
		s.Encryption.Origins = s.EncryptionType.Origins
	}
	t.proj.Add(s)
}

// kinesisDestination adds the streaming destination of a table's
// KinesisStreamSpecification, with the table's identity.
func (t *template) kinesisDestination(res model.Resource, o *object) {
	t.kinesisSpec(res, o, "")
}

// globalKinesisDestinations adds the streaming destinations of the
// replicas of an AWS::DynamoDB::GlobalTable, each replica's own.
func (t *template) globalKinesisDestinations(res model.Resource, o *object) {
	m, ok := o.get("Replicas")
	if !ok {
		return
	}
	items, _ := m.val.list() // a Replicas that cannot be read is reported with the table
	for i, it := range items {
		if ro, ok := it.obj(); ok {
			region := t.stringProp(ro, "", "Region", "", res.Range)
			t.kinesisSpec(res, ro, "Replicas["+model.ReplicaLabel(region, i)+"]")
		}
	}
}

// kinesisSpec adds the streaming destination of the
// KinesisStreamSpecification of o, at path prefix.
func (t *template) kinesisSpec(res model.Resource, o *object, prefix string) {
	spec := join(prefix, "KinesisStreamSpecification")
	m, ok := o.get("KinesisStreamSpecification")
	if !ok {
		return
	}
	d := &model.StreamingDestination{
		Resource:  res,
		TableName: model.Value[string]{Meta: model.Meta{State: model.Known, Range: res.Range, Path: spec}},
	}
	d.TableName.Refs = []model.Ref{{Address: res.Address, Range: res.Range}}
	if so, ok := m.val.obj(); ok {
		d.StreamARN = t.stringProp(so, spec, "StreamArn", "", t.src.rng(m.key))
	} else {
		d.StreamARN = model.UnknownValue[string](t.src.rng(m.val.node), spec+".StreamArn", describe(spec, m.val))
	}
	t.proj.Add(d)
}
