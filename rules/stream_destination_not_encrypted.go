package rules

import (
	"fmt"

	"github.com/dynamoguard/dynamoguard/model"
)

// StreamDestinationNotEncrypted is DDB106.
var StreamDestinationNotEncrypted = &Rule{
	ID:        "DDB106",
	Name:      "stream-destination-not-encrypted",
	Title:     "Kinesis stream receiving table changes not encrypted with a customer managed key",
	Severity:  Medium,
	CWE:       "CWE-311",
	Precision: "high",
	Doc: Doc{
		Why: "Kinesis Data Streams for DynamoDB copies every item change of a table, new and old images " +
			"included, into a Kinesis stream, where it is kept for a day up to a year. The table's encryption " +
			"does not follow the data: a stream without server-side encryption stores the records without a KMS " +
			"key, and one encrypted with the AWS-managed `aws/kinesis` key lets any principal allowed to read " +
			"the stream decrypt it, with no key policy of yours to restrict or revoke. Encrypt the stream with a " +
			"customer managed key, as the table is.",
		FixTerraform: "Set `encryption_type = \"KMS\"` and `kms_key_id` to a customer managed key (an " +
			"`aws_kms_key` of your own) on the `aws_kinesis_stream` that an " +
			"`aws_dynamodb_kinesis_streaming_destination` names.",
		FixCloudFormation: "Set `StreamEncryption: {EncryptionType: KMS, KeyId: !Ref Key}` with a customer " +
			"managed key on the `AWS::Kinesis::Stream` that a table's `KinesisStreamSpecification.StreamArn` names.",
		Terraform:      Example{Bad: example("DDB106", "bad.tf"), Good: example("DDB106", "good.tf")},
		CloudFormation: Example{Bad: example("DDB106", "bad.yaml"), Good: example("DDB106", "good.yaml")},
		References: []string{
			"https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/kds.html",
			"https://docs.aws.amazon.com/streams/latest/dev/server-side-encryption.html",
		},
	},
	Check: checkStreamDestinationNotEncrypted,
}

func checkStreamDestinationNotEncrypted(p *Pass) {
	tables := map[*model.KinesisStream][]string{}
	var order []*model.KinesisStream
	for _, d := range p.Project.DynamoDB.StreamingDestinations {
		s := d.Stream
		if s == nil {
			m := d.StreamARN.Meta
			if m.State != model.Unknown {
				m.State, m.Reason = model.Unknown, fmt.Sprintf("the stream %s names is not among the scanned files, so its encryption is not known", d.StreamARN.Path)
			}
			p.Skip(d.Resource, m)
			continue
		}
		source := d.Address
		if d.Table != nil {
			source = d.Table.Address
		}
		if _, seen := tables[s]; !seen {
			order = append(order, s)
		}
		tables[s] = append(tables[s], source)
	}
	for _, s := range order {
		src := tables[s][0]
		if n := len(tables[s]); n > 1 {
			src += fmt.Sprintf(" and %d more", n-1)
		}
		k := s.Encryption
		switch k.Kind {
		case model.KeyUnknown:
			p.Skip(s.Resource, k.Meta)
		case model.KeyAWSOwned:
			p.Report(s.Resource, k.Meta,
				"Kinesis stream %s receives the item changes of %s but has %s %s, so they are stored without a "+
					"KMS key; %s and name a customer managed key",
				s.Address, src, s.EncryptionType.Path, valueText(s.EncryptionType.Meta, s.EncryptionType.Value),
				fixSetting(s.Resource, s.EncryptionType.Meta, quoteFor(s.Kind, "KMS")))
		case model.KeyAWSManaged:
			p.Report(s.Resource, k.Meta,
				"Kinesis stream %s receives the item changes of %s but is encrypted with the AWS-managed key%s, "+
					"whose policy you cannot restrict; set %s to a customer managed key",
				s.Address, src, fromText(k.Meta), k.Path)
		}
	}
}
