package rules

import (
	"fmt"
	"strconv"

	"github.com/dynamoguard/dynamoguard/model"
)

// valueText describes the string setting v of m: `set to "NONE"`, `not set
// (default "NONE")`, and where the value came from when an input decided it.
func valueText(m model.Meta, v string) string {
	if m.State == model.Absent {
		return fmt.Sprintf("not set (default %q)", v) + fromText(m)
	}
	return fmt.Sprintf("set to %q", v) + fromText(m)
}

// quoteFor writes the string s as a value in the dialect of kind: quoted
// for Terraform, plain for CloudFormation.
func quoteFor(kind model.SourceKind, s string) string {
	if kind == model.CloudFormation {
		return s
	}
	return strconv.Quote(s)
}
