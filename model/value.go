// Package model holds the common model that every parser produces and every
// rule reads: resources grouped by service, their attributes as values with
// known-ness, source ranges, attribute paths and the references and inputs
// they came from, and the diagnostics raised while building it. After all
// files are parsed, Link resolves the references between resources across
// files, templates and modules. It does no I/O.
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

// State says how much the scanner knows about a value. The zero State is
// invalid: a builder that forgets to set one is caught by Validate.
type State uint8

const (
	// StateInvalid is the zero State: nobody set it.
	StateInvalid State = iota
	// Absent means the attribute is not written in the source; the value is
	// the platform's default and the range is that of the enclosing block.
	Absent
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
	return "invalid"
}

// MarshalText renders the state by name, for golden files and JSON output.
func (s State) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Ref is a reference from a value to another resource: Terraform
// `aws_kms_key.orders.arn`, CloudFormation `!GetAtt OrdersKey.Arn` or
// `${OrdersKey}`.
type Ref struct {
	// Address is the referenced resource's address in the same scope as the
	// resource holding the value (module path included) or its logical ID.
	Address string `json:"address,omitempty"`
	// Import is, for a CloudFormation Fn::ImportValue, the name of the
	// export of another stack the value is; Address is then empty.
	Import string `json:"import,omitempty"`
	// Attribute is the attribute referenced (arn, Arn), or "".
	Attribute string `json:"attribute,omitempty"`
	// Range is where the reference is written.
	Range Range `json:"range"`
}

// OriginKind says what kind of input decided a value.
type OriginKind uint8

// The origin kinds; the zero OriginKind is invalid.
const (
	OriginInvalid OriginKind = iota
	// OriginVariableDefault is the default of a Terraform variable.
	OriginVariableDefault
	// OriginVarFile is a .tfvars file (terraform.tfvars, *.auto.tfvars, --var-file).
	OriginVarFile
	// OriginCLIVar is a --var on the command line.
	OriginCLIVar
	// OriginEnvVar is a TF_VAR_name environment variable.
	OriginEnvVar
	// OriginModuleInput is an argument of a module block.
	OriginModuleInput
	// OriginParameterDefault is the Default of a CloudFormation parameter.
	OriginParameterDefault
	// OriginParameterValue is a parameter value given with --cfn-params.
	OriginParameterValue
	// OriginStackParameter is a parameter value a parent template passes
	// to a nested stack (the Parameters of its stack resource); Module is
	// the stack resource's logical ID.
	OriginStackParameter
	// OriginServerlessVariable is the place of a Serverless Framework
	// service file that a ${self:…} variable reads; Name is its address
	// (custom.recovery.prod).
	OriginServerlessVariable
)

// Origin is an input that decided a value: where a user changes it.
type Origin struct {
	Kind OriginKind `json:"kind"`
	// Name is the variable, parameter or module input.
	Name string `json:"name"`
	// Module is the address of the module instance the input is given to:
	// for a module input, the called instance; for a variable's default,
	// the instance declaring it ("" for a root module).
	Module string `json:"module,omitempty"`
	// Range is where the deciding value is written; zero for --var and
	// environment variables.
	Range Range `json:"range"`
}

// String describes the origin for messages: `the default of variable
// "pitr" (variables.tf:12)`.
func (o Origin) String() string {
	var s string
	switch o.Kind {
	case OriginVariableDefault:
		s = fmt.Sprintf("the default of variable %q", o.Name)
	case OriginVarFile:
		s = fmt.Sprintf("variable %q set in %s", o.Name, o.Range.Filename)
	case OriginCLIVar:
		s = fmt.Sprintf("--var %s", o.Name)
	case OriginEnvVar:
		s = fmt.Sprintf("environment variable TF_VAR_%s", o.Name)
	case OriginModuleInput:
		s = fmt.Sprintf("input %q of %s", o.Name, o.Module)
	case OriginParameterDefault:
		s = fmt.Sprintf("the default of parameter %q", o.Name)
	case OriginParameterValue:
		s = fmt.Sprintf("the value of parameter %q given with --cfn-params", o.Name)
	case OriginServerlessVariable:
		s = fmt.Sprintf("${self:%s}", o.Name)
	case OriginStackParameter:
		s = fmt.Sprintf("parameter %q passed by stack %s", o.Name, o.Module)
	default:
		s = "an invalid origin"
	}
	if o.Range.Start.Line > 0 {
		s += fmt.Sprintf(" (%s:%d)", o.Range.Filename, o.Range.Start.Line)
	}
	return s
}

// Meta is what every value carries besides the value itself.
type Meta struct {
	State State `json:"state"`
	// Range is the expression that set the value, or the closest enclosing
	// block that exists in the source when the value is Absent.
	Range Range `json:"range"`
	// Path is the attribute path in the file's own spelling:
	// point_in_time_recovery.enabled,
	// PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled,
	// replica[eu-west-1].kms_key_arn.
	Path string `json:"path"`
	// Reason says, for an Unknown value, why it could not be resolved.
	Reason string `json:"reason,omitempty"`
	// Refs are the resources the value was computed from.
	Refs []Ref `json:"refs,omitempty"`
	// Origins are the inputs (variables, parameters, module inputs) that
	// decided the value, innermost first.
	Origins []Origin `json:"origins,omitempty"`
}

// IsKnown reports whether the value was resolved.
func (m Meta) IsKnown() bool { return m.State == Known }

// IsUnknown reports whether the value was set by an unresolvable expression.
func (m Meta) IsUnknown() bool { return m.State == Unknown }

// Value is one attribute of a resource: its value and its Meta.
type Value[T any] struct {
	Value T `json:"value"`
	Meta
}

// KnownValue returns a resolved value set at r, for attribute path.
func KnownValue[T any](v T, r Range, path string) Value[T] {
	return Value[T]{Value: v, Meta: Meta{State: Known, Range: r, Path: path}}
}

// AbsentValue returns an unset attribute whose platform default is def; r is
// the range of the enclosing block.
func AbsentValue[T any](def T, r Range, path string) Value[T] {
	return Value[T]{Value: def, Meta: Meta{State: Absent, Range: r, Path: path}}
}

// UnknownValue returns an attribute set by an expression that could not be
// resolved, with the reason.
func UnknownValue[T any](r Range, path, reason string) Value[T] {
	return Value[T]{Meta: Meta{State: Unknown, Range: r, Path: path, Reason: reason}}
}

// Effective returns the value that applies (the written value or, when
// absent, the platform default) and false when it is unknown.
func (v Value[T]) Effective() (T, bool) {
	if v.State != Known && v.State != Absent {
		var zero T
		return zero, false
	}
	return v.Value, true
}
