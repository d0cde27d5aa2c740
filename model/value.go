// Package model holds the common model that every parser produces and every
// rule reads: resources, their attributes as values with known-ness and source
// ranges, and the diagnostics raised while building it. It does no I/O.
package model

import "fmt"

// Pos is a position in a source file. Line and Column are 1-based; Byte is the
// 0-based byte offset (or -1 when the parser cannot tell).
type Pos struct {
	Line   int `json:"line"`
	Column int `json:"column"`
	Byte   int `json:"byte"`
}

// Range is a span of a source file, from Start up to (not including) End.
// Filename is the path as the scanner found it (relative to the scan root when
// the scan was given relative paths).
type Range struct {
	Filename string `json:"filename"`
	Start    Pos    `json:"start"`
	End      Pos    `json:"end"`
}

// IsZero reports whether r carries no location at all.
func (r Range) IsZero() bool { return r.Filename == "" && r.Start.Line == 0 }

// String renders r as file:line:col.
func (r Range) String() string {
	return fmt.Sprintf("%s:%d:%d", r.Filename, r.Start.Line, r.Start.Column)
}

// State says how much the scanner knows about a value.
type State uint8

const (
	// Absent means the attribute is not written in the source; the value is
	// the platform's default and the range is that of the enclosing block.
	Absent State = iota
	// Known means the value was resolved.
	Known
	// Unknown means an expression set the value but the scanner could not
	// resolve it (unset variable, unsupported function, remote module, …).
	// Rules stay silent on unknown values.
	Unknown
)

// String names the state.
func (s State) String() string {
	switch s {
	case Absent:
		return "absent"
	case Known:
		return "known"
	case Unknown:
		return "unknown"
	}
	return fmt.Sprintf("State(%d)", uint8(s))
}

// MarshalText renders the state by name, for golden files and JSON output.
func (s State) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Value is one attribute of a resource: its value, whether it is known, and
// the range of the expression that set it (or, when Absent, of the closest
// enclosing block that exists in the source).
type Value[T any] struct {
	Value T     `json:"value"`
	State State `json:"state"`
	Range Range `json:"range"`
	// Reason says, for an Unknown value, why it could not be resolved.
	Reason string `json:"reason,omitempty"`
}

// KnownValue returns a resolved value set at r.
func KnownValue[T any](v T, r Range) Value[T] { return Value[T]{Value: v, State: Known, Range: r} }

// AbsentValue returns an unset attribute whose platform default is def; r is
// the range of the enclosing block.
func AbsentValue[T any](def T, r Range) Value[T] {
	return Value[T]{Value: def, State: Absent, Range: r}
}

// UnknownValue returns an attribute set by an expression that could not be
// resolved, with the reason.
func UnknownValue[T any](r Range, reason string) Value[T] {
	return Value[T]{State: Unknown, Range: r, Reason: reason}
}

// IsKnown reports whether the value was resolved.
func (v Value[T]) IsKnown() bool { return v.State == Known }

// IsUnknown reports whether the value was set by an unresolvable expression.
func (v Value[T]) IsUnknown() bool { return v.State == Unknown }

// Effective returns the value that applies (the written value or, when
// absent, the platform default) and false when it is unknown.
func (v Value[T]) Effective() (T, bool) {
	if v.State == Unknown {
		var zero T
		return zero, false
	}
	return v.Value, true
}
