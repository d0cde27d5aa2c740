package model

import (
	"slices"
	"strings"
)

// SourceKind is the input format a resource came from; "" is invalid.
type SourceKind string

// The source kinds.
const (
	Terraform      SourceKind = "terraform"
	CloudFormation SourceKind = "cloudformation"
	Plan           SourceKind = "plan"
)

// Setting renders `path = value` in the dialect of the format: the way a
// finding says what to write.
// Terraform nested blocks are written as blocks: point_in_time_recovery {
// enabled = true }; an attribute of a block of several (replica[us-east-2])
// is named with the block it belongs to.
func (k SourceKind) Setting(path, value string) string {
	if k == CloudFormation {
		return path + ": " + value
	}
	i := strings.LastIndexByte(path, '.')
	switch {
	case i < 0:
		return path + " = " + value
	case strings.Contains(path[:i], "["):
		return path[i+1:] + " = " + value + " in " + path[:i]
	}
	s := path[i+1:] + " = " + value
	for _, block := range slices.Backward(strings.Split(path[:i], ".")) {
		s = block + " { " + s + " }"
	}
	return s
}

// Call is a module call on the way from a root module to a resource.
type Call struct {
	// Address is the module instance's address: module.db["a"].
	Address string `json:"address"`
	// Range is the calling module block's header.
	Range Range `json:"range"`
}

// Resource identifies one resource instance in the source.
type Resource struct {
	Kind SourceKind `json:"kind"`
	// Type is the resource type as written: aws_dynamodb_table,
	// AWS::DynamoDB::Table, AWS::Serverless::SimpleTable, …
	Type string `json:"type"`
	// Address is the Terraform address (aws_dynamodb_table.orders,
	// module.db["a"].aws_dynamodb_table.this) or the CloudFormation logical ID.
	Address string `json:"address"`
	// Range is the resource's header: the Terraform block's DefRange or the
	// CloudFormation logical ID key.
	Range Range `json:"range"`
	// Extent is the whole resource as written, for edits of it alone: the
	// Terraform block from its type to its closing brace, or a template
	// resource from its logical ID key to the key that follows it (or the
	// end of the file). It is zero when the resource has no extent of its
	// own in its file: a .tf.json block, a plan resource without its
	// configuration, a resource of a flow-style or expanded template.
	Extent Range `json:"-"`
	// Layout is, for a Terraform resource block in native syntax, where
	// its parts are written; nil otherwise. The blocks of count and
	// for_each instances share it.
	Layout *Layout `json:"-"`
	// Template is, for a CloudFormation resource that has an extent,
	// where its parts are written; nil otherwise.
	Template *TemplateLayout `json:"-"`
	// Path is an optional human path for the resource beyond its address,
	// such as the CDK construct path (aws:cdk:path metadata).
	Path string `json:"path,omitempty"`
	// Scope names the namespace Address and the Refs of the resource's
	// values are resolved in: the root module's folder for Terraform, the
	// template file for CloudFormation.
	Scope string `json:"scope"`
	// CalledFrom lists the module blocks that lead from the root module to
	// the module that declares the resource, outermost first.
	CalledFrom []Call `json:"called_from,omitempty"`
	// Conditions are the CloudFormation conditions, not known statically,
	// under which the resource (or a nested stack leading to it) is
	// created, outermost first; a resource whose condition is known to be
	// false is not in the model at all.
	Conditions []string `json:"conditions,omitempty"`
}

// Construct is the CDK construct a synthesized resource belongs to: its
// construct path without the trailing /Resource of the L1 resource an L2
// construct creates; "" when the resource has no construct path.
func (r *Resource) Construct() string {
	return strings.TrimSuffix(r.Path, "/Resource")
}

// Identity returns the resource itself; every model resource embeds
// Resource and so has this method.
func (r *Resource) Identity() *Resource { return r }

// BaseAddress is the address without the resource's own instance key:
// module.db["a"].aws_kms_key.k for module.db["a"].aws_kms_key.k[0].
func (r *Resource) BaseAddress() string { return baseAddress(r.Address) }

func baseAddress(a string) string {
	if !strings.HasSuffix(a, "]") {
		return a
	}
	if i := strings.LastIndexByte(a, '['); i > strings.LastIndexByte(a, '.') {
		return a[:i]
	}
	return a
}

// Resourcer is what every resource kind of the model is.
type Resourcer interface {
	Identity() *Resource
}

// KeyKind classifies the KMS key that encrypts something; the zero KeyKind
// is invalid.
type KeyKind uint8

const (
	// KeyInvalid is the zero KeyKind: nobody classified the key.
	KeyInvalid KeyKind = iota
	// KeyAWSOwned is the default: no SSE configured, or SSE disabled. The key
	// lives in a DynamoDB account; the owner has no visibility or control.
	KeyAWSOwned
	// KeyAWSManaged is SSE with KMS but the AWS-managed key aws/dynamodb.
	KeyAWSManaged
	// KeyCustomerManaged is a customer managed key (CMK).
	KeyCustomerManaged
	// KeyUnknown means the key could not be resolved; rules stay silent.
	KeyUnknown
)

// String names the key kind.
func (k KeyKind) String() string {
	switch k {
	case KeyAWSOwned:
		return "aws-owned"
	case KeyAWSManaged:
		return "aws-managed"
	case KeyCustomerManaged:
		return "customer-managed"
	case KeyUnknown:
		return "unknown"
	}
	return "invalid"
}

// MarshalText renders the key kind by name.
func (k KeyKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// ClassifyKeyID classifies a key identifier written as text: an AWS-managed
// key's alias (alias/aws/dynamodb) or its ARN is AWS-managed; any other key
// ID, key ARN or alias is customer managed. Text with unresolved parts
// written as ${Name} is classified by its literal alias or key part, and is
// unknown when that part is not literal.
func ClassifyKeyID(id string) KeyKind {
	switch {
	case id == "":
		return KeyUnknown
	case !strings.Contains(id, "${"):
		if strings.HasPrefix(id, "alias/aws/") || strings.Contains(id, ":alias/aws/") {
			return KeyAWSManaged
		}
		return KeyCustomerManaged
	}
	rest := ""
	if i := strings.LastIndex(id, "alias/"); i >= 0 && (i == 0 || id[i-1] == ':') {
		rest = id[i+len("alias/"):]
		if strings.HasPrefix(rest, "aws/") {
			return KeyAWSManaged
		}
	} else if i := strings.LastIndex(id, ":key/"); i >= 0 {
		rest = id[i+len(":key/"):]
	}
	if rest == "" || strings.Contains(rest, "${") {
		return KeyUnknown
	}
	return KeyCustomerManaged
}

// KeyRef is the encryption setting of a table, replica or other resource,
// classified. Its Meta says where the decision was made: the key
// expression, the SSE-enabled flag, or the enclosing block when SSE is
// absent.
type KeyRef struct {
	Kind KeyKind `json:"kind"`
	// ID is the key identifier when it is a literal (ARN, key ID or alias).
	ID string `json:"id,omitempty"`
	// KeyAddress is the address of the key, alias or replica key resource
	// the setting refers to, when it refers to one.
	KeyAddress string `json:"key_address,omitempty"`
	// Import is the name of the stack export the key is imported from
	// (Fn::ImportValue); Link classifies the key by the export when the
	// exporting template is scanned.
	Import string `json:"import,omitempty"`
	// Scope is the scope KeyAddress is resolved in when it is not the
	// resource's own: a key of a parent template passed to a nested stack.
	Scope string `json:"scope,omitempty"`
	// Key is the key resource of the project this refers to, set by Link.
	Key *KMSKey `json:"-"`
	Meta
}

// Related is a place that explains a finding: the module call that
// instantiated the resource, the variable or parameter a value came from.
type Related struct {
	Range   Range  `json:"range"`
	Message string `json:"message"`
}
