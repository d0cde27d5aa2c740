// Package policy reads IAM policy documents into model.PolicyDocument. Each
// syntax a document may be written in (JSON text in a string, a heredoc or
// a file; a Terraform object expression; a CloudFormation node tree; an
// aws_iam_policy_document data source) is first turned into a tree of
// Nodes, each with its own range, references and known-ness, and Document
// builds the one normalised document from that tree. Every action,
// resource and principal string keeps the range it is written at.
//
// Nothing here panics or guesses: invalid JSON is a diagnostic and leaves
// the document Unknown; an element of the wrong type leaves the statement
// (or the element) Unknown with a reason and a warning.
package policy

import "github.com/dynamoguard/dynamoguard/model"

// Kind is what a Node holds; the zero Kind is invalid.
type Kind uint8

// The node kinds.
const (
	// KindInvalid is the zero Kind: nobody set it.
	KindInvalid Kind = iota
	// KindObject is a JSON object / HCL object / YAML mapping: Fields.
	KindObject
	// KindList is an array / tuple / sequence: Items.
	KindList
	// KindString is a string: Str, with Refs when it is computed from
	// resources (their parts written as ${address.attribute}).
	KindString
	// KindScalar is a number, a boolean or null: Str holds its text.
	KindScalar
	// KindUnknown is a value that could not be resolved: Reason says why.
	KindUnknown
)

// Node is one value of a policy document as written, in any syntax.
type Node struct {
	Kind Kind
	// Range is where the value is written.
	Range model.Range
	// Str is the text of a string or scalar.
	Str string
	// Null is set for a null scalar.
	Null bool
	// Refs are the resources the value was computed from.
	Refs []model.Ref
	// Origins are the inputs that decided the value.
	Origins []model.Origin
	// Reason says why an Unknown value could not be resolved.
	Reason string
	// Fields are an object's members in source order.
	Fields []Field
	// Items are a list's elements.
	Items []*Node
	// Path, when set, is the node's attribute path in the file's own
	// spelling (statement[0].actions[1] for a data source); otherwise
	// Document derives it from the policy's element names.
	Path string
}

// Field is one member of an object node.
type Field struct {
	Key string
	// KeyRange is where the key is written.
	KeyRange model.Range
	Value    *Node
}

// Get returns the value of the first field called key, nil when there is
// none.
func (n *Node) Get(key string) *Node {
	if n == nil {
		return nil
	}
	for i := range n.Fields {
		if n.Fields[i].Key == key {
			return n.Fields[i].Value
		}
	}
	return nil
}

// Unknown returns an unknown node at r.
func Unknown(r model.Range, reason string) *Node {
	return &Node{Kind: KindUnknown, Range: r, Reason: reason}
}

// String returns a string node at r.
func String(s string, r model.Range) *Node { return &Node{Kind: KindString, Str: s, Range: r} }
