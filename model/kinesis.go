package model

import "strings"

// Kinesis holds the Kinesis Data Streams resources.
type Kinesis struct {
	Streams []*KinesisStream `json:"streams,omitempty"`
}

// KinesisStream is aws_kinesis_stream / AWS::Kinesis::Stream.
type KinesisStream struct {
	Resource
	Name Value[string] `json:"name"`
	// EncryptionType is NONE (the default) or KMS.
	EncryptionType Value[string] `json:"encryption_type"`
	// Encryption classifies the stream's key. Without KMS encryption it is
	// KeyAWSOwned (the stream has no server-side encryption of its own);
	// alias/aws/kinesis is AWS-managed.
	Encryption KeyRef `json:"encryption"`
}

// StreamingDestination is a Kinesis data stream a table sends its item
// changes to: aws_dynamodb_kinesis_streaming_destination, or the
// KinesisStreamSpecification of an AWS::DynamoDB::Table (whose identity it
// then shares).
type StreamingDestination struct {
	Resource
	// TableName is the source table: a name or ARN, or a reference to a
	// table of the project (Refs).
	TableName Value[string] `json:"table_name"`
	// StreamARN is the stream: a literal ARN or a reference (Refs).
	StreamARN Value[string] `json:"stream_arn"`
	// Table and Stream are the resources of the project they name, set by
	// Link.
	Table  *Table         `json:"-"`
	Stream *KinesisStream `json:"-"`
}

// StreamNameOfARN returns the stream name of a Kinesis stream ARN
// (arn:aws:kinesis:REGION:ACCOUNT:stream/NAME), "" for anything else.
func StreamNameOfARN(s string) string {
	_, rest, ok := strings.Cut(s, ":stream/")
	if !ok || !strings.HasPrefix(s, "arn:") || !strings.Contains(s, ":kinesis:") {
		return ""
	}
	return rest
}
