package rules

import (
	"fmt"

	"github.com/dynamoguard/dynamoguard/model"
)

// SuggestedFix is a change of the source that fixes a finding, as
// golang.org/x/tools/go/analysis has: a description and the byte-range
// edits that make it.
type SuggestedFix struct {
	// Description says what the fix changes, in a phrase: "set
	// point_in_time_recovery.enabled = true".
	Description string `json:"description"`
	// Edits replace byte ranges of files; each carries the text it expects
	// to replace, so a file that changed since the scan is detected.
	Edits []TextEdit `json:"edits"`
	// ReplacesResource is set when applying the fix makes AWS replace the
	// resource (destroy and create it again).
	ReplacesResource bool `json:"replaces_resource,omitempty"`
	// AtOrigin is set when the fix changes the input the value came from
	// rather than the resource; Notes then say who else uses that input.
	AtOrigin bool `json:"at_origin,omitempty"`
	// Notes are sentences a reviewer should read before applying the fix.
	Notes []string `json:"notes,omitempty"`
}

// TextEdit replaces the bytes of Range (from Start.Byte up to End.Byte; an
// empty range inserts) with New. Old is the text the range held when the
// edit was made.
type TextEdit struct {
	Range model.Range `json:"range"`
	Old   string      `json:"old"`
	New   string      `json:"new"`
}

// Change is what a rule asks to change to fix a finding: the attribute of
// At (its path in the file's dialect, its state and origins) on resource
// Resource set to Value (a bool or a string). Package fix turns it into
// edits of the source.
type Change struct {
	Resource model.Resource
	At       model.Meta
	Value    any
	// Replaces is set when the change makes AWS replace the resource.
	Replaces bool
}

// Description is the change in the file's dialect: "set
// point_in_time_recovery { enabled = true }".
func (c *Change) Description() string {
	v := fmt.Sprint(c.Value)
	if s, ok := c.Value.(string); ok && c.Resource.Kind != model.CloudFormation {
		v = fmt.Sprintf("%q", s)
	}
	return "set " + c.Resource.Kind.Setting(c.At.Path, v)
}

// ReportFix is Report with the changes that fix the finding.
func (p *Pass) ReportFix(res model.Resource, at model.Meta, fix []Change, format string, args ...any) {
	p.Report(res, at, format, args...)
	p.result.Findings[len(p.result.Findings)-1].Changes = fix
}

// set is the change of the attribute of at on res to value.
func set(res model.Resource, at model.Meta, value any) []Change {
	return []Change{{Resource: res, At: at, Value: value}}
}

// replacing marks changes that make AWS replace the resource.
func replacing(cs []Change) []Change {
	for i := range cs {
		cs[i].Replaces = true
	}
	return cs
}
