package model

import "strings"

// ResourcePolicy is the resource-based policy of a DynamoDB table or of its
// stream: aws_dynamodb_resource_policy, AWS::DynamoDB::Table ResourcePolicy
// and StreamSpecification.ResourcePolicy, and the same on each replica of
// an AWS::DynamoDB::GlobalTable. A policy written on the table itself has
// the table's identity.
type ResourcePolicy struct {
	Resource
	// ResourceARN is the table or stream the policy is attached to: a
	// literal ARN or a reference (Refs). For a policy written on the table
	// it is Absent, and TableAddress names the table.
	ResourceARN Value[string] `json:"resource_arn"`
	// TableAddress is the address of the table the policy is written on or
	// refers to, when the builder knows it.
	TableAddress string `json:"table_address,omitempty"`
	// Stream is true for the policy of the table's stream.
	Stream bool `json:"stream,omitempty"`
	// Replica is the label of the global-table replica the policy belongs
	// to, "" for a table's own.
	Replica string `json:"replica,omitempty"`
	// Policy is the policy document (policy, ResourcePolicy.PolicyDocument).
	Policy PolicyDocument `json:"policy"`
	// Table is the table resource, set by Link.
	Table *Table `json:"-"`
}

// IsStreamARN reports whether s is the ARN of a table's stream
// (arn:aws:dynamodb:REGION:ACCOUNT:table/NAME/stream/LABEL).
func IsStreamARN(s string) bool {
	_, rest, ok := strings.Cut(s, ":table/")
	return ok && strings.Contains(rest, "/stream/")
}
