package model

import "strings"

// PolicyDocument is an IAM policy document (identity policy, trust policy,
// bucket policy, table resource policy, key policy, VPC endpoint policy)
// in one normalised form, whatever syntax it was written in: JSON text,
// a Terraform jsonencode object, an aws_iam_policy_document data source or
// a CloudFormation PolicyDocument node tree.
//
// Its Meta is that of the whole document: Known when it was read (some
// statements may still be Unknown), Unknown with a Reason when the document
// as a whole could not be read (a variable, invalid JSON, a file that
// cannot be read), Absent when no policy is written. Range is the
// expression that set the document; Path the attribute (policy,
// PolicyDocument, inline_policy[0].policy).
type PolicyDocument struct {
	Meta
	Version Value[string] `json:"version"`
	// ID is the document's Id element.
	ID Value[string] `json:"id"`
	// Statements in document order; a statement that could not be read is
	// one Unknown Statement.
	Statements []Statement `json:"statements,omitempty"`
}

// Statement is one statement of a policy document. Its Meta is the
// statement's own: Range is the statement object (or the block of a data
// source), State Known, or Unknown with a Reason when the statement as a
// whole could not be read (a dynamic block over an unknown list, an
// element of the wrong type); the parts of an Unknown statement are not
// meaningful.
type Statement struct {
	Meta
	Sid Value[string] `json:"sid"`
	// Effect is Allow or Deny as written; Absent when not written (which
	// AWS rejects).
	Effect Value[string] `json:"effect"`
	// Actions, NotActions, Resources and NotResources are Absent (no
	// Values) when the element is not written.
	Actions      StringList `json:"actions"`
	NotActions   StringList `json:"not_actions"`
	Resources    StringList `json:"resources"`
	NotResources StringList `json:"not_resources"`
	// Principals and NotPrincipals are Absent when not written (identity
	// policies have none).
	Principals    Principals `json:"principals"`
	NotPrincipals Principals `json:"not_principals"`
	Conditions    Conditions `json:"conditions"`
}

// IsAllow reports whether the statement is a known Allow (case-insensitive,
// as AWS reads it).
func (s *Statement) IsAllow() bool {
	return s.IsKnown() && s.Effect.IsKnown() && strings.EqualFold(s.Effect.Value, "Allow")
}

// IsDeny reports whether the statement is a known Deny.
func (s *Statement) IsDeny() bool {
	return s.IsKnown() && s.Effect.IsKnown() && strings.EqualFold(s.Effect.Value, "Deny")
}

// StringList is a policy element that is a string or a list of strings
// (Action, Resource, condition values, principal IDs). Its Meta is that of
// the element: Absent when not written, Unknown when the list as a whole
// could not be read (then Values is empty), else Known. Each value has its
// own Meta: its own Range (the string's line and column, also inside a
// heredoc, a jsonencode object or a file), Refs when it is computed from
// resources (written as ${address.attribute} in Value, never a wildcard),
// and Unknown with a Reason when it could not be resolved.
type StringList struct {
	Meta
	Values []Value[string] `json:"values,omitempty"`
}

// HasUnknown reports whether the list or one of its values is unknown.
func (l *StringList) HasUnknown() bool {
	if l.IsUnknown() {
		return true
	}
	for _, v := range l.Values {
		if v.IsUnknown() {
			return true
		}
	}
	return false
}

// Written reports whether the element is written (known or not).
func (l *StringList) Written() bool { return l.State == Known || l.State == Unknown }

// The principal types of a policy's Principal element.
const (
	PrincipalAWS           = "AWS"
	PrincipalService       = "Service"
	PrincipalFederated     = "Federated"
	PrincipalCanonicalUser = "CanonicalUser"
)

// Principals is a Principal or NotPrincipal element: "*" (Wildcard) or a map
// from principal type (AWS, Service, Federated, CanonicalUser) to a string
// or list of strings. Meta is Absent when not written, Unknown when it could
// not be read as a whole (wrong shape, unresolved expression).
type Principals struct {
	Meta
	// Wildcard is set for "Principal": "*" (everyone, anonymous included).
	// It is a Known value at the "*" string, Absent otherwise.
	Wildcard Value[bool] `json:"wildcard"`
	// Entries are the type -> IDs pairs in document order.
	Entries []PrincipalEntry `json:"entries,omitempty"`
}

// PrincipalEntry is one type of a principal map with its IDs.
type PrincipalEntry struct {
	// Type is AWS, Service, Federated or CanonicalUser as written (AWS
	// compares it case-sensitively); its Range is the key.
	Type Value[string] `json:"type"`
	IDs  StringList    `json:"ids"`
}

// Conditions is a statement's Condition element. Meta is Absent when not
// written, Unknown when it could not be read as a whole.
type Conditions struct {
	Meta
	Items []Condition `json:"items,omitempty"`
}

// Condition is one key of one condition operator:
// "ForAnyValue:StringEqualsIfExists": {"aws:SourceVpce": ["vpce-1"]}.
type Condition struct {
	// Operator is the operator as written, qualifiers included; its Range
	// is the operator key.
	Operator Value[string] `json:"operator"`
	// Base is the operator without qualifier and IfExists suffix:
	// StringEquals, ArnLike, Bool, Null, …
	Base string `json:"base"`
	// IfExists is set for an operator ending in IfExists.
	IfExists bool `json:"if_exists,omitempty"`
	// SetQualifier is "ForAnyValue", "ForAllValues" or "".
	SetQualifier string `json:"set_qualifier,omitempty"`
	// Key is the condition key (aws:SourceAccount); its Range is the key.
	Key    Value[string] `json:"key"`
	Values StringList    `json:"values"`
}

// ParseConditionOperator splits a condition operator as written into its
// set qualifier (ForAnyValue, ForAllValues or ""), its base operator and
// whether it ends in IfExists. The qualifiers are matched as AWS does,
// case-sensitively.
func ParseConditionOperator(op string) (qualifier, base string, ifExists bool) {
	base = op
	for _, q := range []string{"ForAnyValue", "ForAllValues"} {
		if rest, ok := strings.CutPrefix(base, q+":"); ok {
			qualifier, base = q, rest
			break
		}
	}
	if b, ok := strings.CutSuffix(base, "IfExists"); ok && b != "" {
		base, ifExists = b, true
	}
	return qualifier, base, ifExists
}

// Written reports whether the element is written (known or not).
func (p *Principals) Written() bool { return p.State == Known || p.State == Unknown }

// Written reports whether the element is written (known or not).
func (c *Conditions) Written() bool { return c.State == Known || c.State == Unknown }
