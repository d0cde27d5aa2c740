package model

// IAM holds the IAM resources: identity policies and roles.
type IAM struct {
	// Roles come first so that an address shared by a role and its inline
	// policies finds the role in the Index.
	Roles []*IAMRole `json:"roles,omitempty"`
	// Policies are the identity policies: managed policies and the inline
	// policies of roles, users and groups (also those written inside the
	// role, user or group resource, and SAM function policies).
	Policies []*IAMPolicy `json:"policies,omitempty"`
}

// IAMPolicyKind says what an identity policy is; the zero value is invalid.
type IAMPolicyKind uint8

// The identity policy kinds.
const (
	// IAMPolicyInvalid is the zero IAMPolicyKind: nobody set it.
	IAMPolicyInvalid IAMPolicyKind = iota
	// IAMManagedPolicy is a customer managed policy (aws_iam_policy,
	// AWS::IAM::ManagedPolicy), attached to principals separately or by
	// its own Roles/Users/Groups.
	IAMManagedPolicy
	// IAMInlinePolicy is a policy embedded in one or more roles, users or
	// groups (aws_iam_role_policy, aws_iam_role.inline_policy,
	// AWS::IAM::Policy, AWS::IAM::Role.Policies, SAM function Policies).
	IAMInlinePolicy
)

// String names the kind.
func (k IAMPolicyKind) String() string {
	switch k {
	case IAMManagedPolicy:
		return "managed"
	case IAMInlinePolicy:
		return "inline"
	}
	return "invalid"
}

// MarshalText renders the kind by name.
func (k IAMPolicyKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// The kinds of principal an identity policy is attached to.
const (
	AttachedRole  = "role"
	AttachedUser  = "user"
	AttachedGroup = "group"
)

// IAMAttachment is a principal an identity policy is attached to.
type IAMAttachment struct {
	// To is AttachedRole, AttachedUser or AttachedGroup.
	To string `json:"to"`
	// Name is the principal's name or a reference to it (Refs).
	Name Value[string] `json:"name"`
}

// IAMPolicy is one identity policy. The Resource is the resource that
// writes the document: the policy resource itself, or the role, user,
// group or function that holds it inline (several IAMPolicies then share
// that address, told apart by Document.Path).
type IAMPolicy struct {
	Resource
	Kind IAMPolicyKind `json:"kind"`
	// Name is the policy's name (name, PolicyName), Absent when not
	// written.
	Name Value[string] `json:"name"`
	// AttachedTo lists the principals the resource attaches the policy to:
	// the role of an aws_iam_role_policy, the Roles/Users/Groups of an
	// AWS::IAM::Policy, the role holding an inline policy.
	AttachedTo []IAMAttachment `json:"attached_to,omitempty"`
	// Template is, for a policy expanded from a SAM policy template, the
	// template's name (DynamoDBCrudPolicy); the document is what SAM
	// grants for it.
	Template string         `json:"template,omitempty"`
	Document PolicyDocument `json:"document"`
}

// IAMRole is aws_iam_role / AWS::IAM::Role: its trust policy (who may
// assume it). Its inline and attached permissions are IAMPolicies.
type IAMRole struct {
	Resource
	Name Value[string] `json:"name"`
	// AssumeRolePolicy is the trust policy (assume_role_policy,
	// AssumeRolePolicyDocument); rules read its principals.
	AssumeRolePolicy PolicyDocument `json:"assume_role_policy"`
}
