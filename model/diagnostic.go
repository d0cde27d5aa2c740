package model

import (
	"fmt"
	"sort"
	"strings"
)

// DiagSeverity is how bad a diagnostic is.
type DiagSeverity uint8

const (
	// DiagInvalid is the zero DiagSeverity: nobody set it.
	DiagInvalid DiagSeverity = iota
	// DiagError means part of the input could not be read; what it held was
	// not analysed.
	DiagError
	// DiagWarning means the input was read but something in it was skipped
	// or could not be resolved.
	DiagWarning
)

// String names the severity.
func (s DiagSeverity) String() string {
	switch s {
	case DiagError:
		return "error"
	case DiagWarning:
		return "warning"
	}
	return "invalid"
}

// MarshalText renders the severity by name.
func (s DiagSeverity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Diagnostic is a problem with the input, not a finding about it.
type Diagnostic struct {
	Severity DiagSeverity `json:"severity"`
	// Summary is a short phrase.
	Summary string `json:"summary"`
	// Detail is one or more sentences, including what to do about it.
	Detail string `json:"detail,omitempty"`
	// Subject is where the problem is; Filename alone when the line is not
	// known.
	Subject Range `json:"subject"`
}

// Error renders the diagnostic as file:line:col: summary: detail.
func (d Diagnostic) Error() string {
	var b strings.Builder
	if d.Subject.Filename != "" {
		b.WriteString(d.Subject.Filename)
		if d.Subject.Start.Line > 0 {
			fmt.Fprintf(&b, ":%d:%d", d.Subject.Start.Line, d.Subject.Start.Column)
		}
		b.WriteString(": ")
	}
	b.WriteString(d.Severity.String())
	b.WriteString(": ")
	b.WriteString(d.Summary)
	if d.Detail != "" {
		b.WriteString(": ")
		b.WriteString(d.Detail)
	}
	return b.String()
}

// Diagnostics is a list of diagnostics; it implements error.
type Diagnostics []Diagnostic

// Error joins the diagnostics, one a line.
func (ds Diagnostics) Error() string {
	lines := make([]string, len(ds))
	for i, d := range ds {
		lines[i] = d.Error()
	}
	return strings.Join(lines, "\n")
}

// HasErrors reports whether any diagnostic is an error.
func (ds Diagnostics) HasErrors() bool {
	for _, d := range ds {
		if d.Severity == DiagError {
			return true
		}
	}
	return false
}

// Sort orders diagnostics by file, position, then summary.
func (ds Diagnostics) Sort() {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if a.Subject != b.Subject {
			return RangeLess(a.Subject, b.Subject)
		}
		return a.Summary < b.Summary
	})
}

// Unique sorts the diagnostics and drops repeats (a module loaded as
// several instances, or by several roots, meets the same problem in
// each); it returns the shortened list.
func (ds Diagnostics) Unique() Diagnostics {
	ds.Sort()
	out := ds[:0]
	for i, d := range ds {
		if i > 0 && d == ds[i-1] {
			continue
		}
		out = append(out, d)
	}
	return out
}
