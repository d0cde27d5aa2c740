package terraform

import (
	"errors"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/customdecode"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// tryFunc is Terraform's try with two differences that keep unknowns
// unknown. An argument that fails only because dynamoguard cannot evaluate
// it (an unsupported function) makes the result unknown instead of falling
// through to the next argument, which Terraform would not reach; and an
// unknown result keeps the marks of what it stands for (a reference to a
// KMS key stays one).
var tryFunc = function.New(&function.Spec{
	VarParam: &function.Parameter{Name: "expressions", Type: customdecode.ExpressionClosureType},
	Type:     function.StaticReturnType(cty.DynamicPseudoType),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		if len(args) == 0 {
			return cty.NilVal, errors.New("at least one argument is required")
		}
		var failures []string
		for _, arg := range args {
			closure := customdecode.ExpressionClosureFromVal(arg)
			v, diags := closure.Value()
			if diags.HasErrors() {
				if mark, limited := scannerLimit(diags, closure.Expression.Range()); limited {
					return cty.DynamicVal.Mark(mark), nil
				}
				failures = append(failures, diags.Error())
				continue
			}
			if !v.IsWhollyKnown() {
				return unknownLike(v, cty.DynamicPseudoType), nil
			}
			return v, nil
		}
		return cty.NilVal, errors.New("no expression succeeded: " + strings.Join(failures, "; "))
	},
})

// canFunc is Terraform's can, with the differences of tryFunc.
var canFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "expression", Type: customdecode.ExpressionClosureType}},
	Type:   function.StaticReturnType(cty.Bool),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		closure := customdecode.ExpressionClosureFromVal(args[0])
		v, diags := closure.Value()
		if diags.HasErrors() {
			if mark, limited := scannerLimit(diags, closure.Expression.Range()); limited {
				return cty.UnknownVal(cty.Bool).Mark(mark), nil
			}
			return cty.False, nil
		}
		if !v.IsWhollyKnown() {
			return unknownLike(v, cty.Bool), nil
		}
		return cty.True, nil
	},
})

// scannerLimit returns the mark of the first error in diags that comes from
// a limit of dynamoguard rather than from the configuration.
func scannerLimit(diags hcl.Diagnostics, exprRange hcl.Range) (unknownMark, bool) {
	for _, d := range diags {
		if d.Severity != hcl.DiagError {
			continue
		}
		if _, ok := hcl.DiagnosticExtra[hclsyntax.FunctionCallUnknownDiagExtra](d); ok {
			return problemMark(d, exprRange), true
		}
	}
	return unknownMark{}, false
}

// unknownLike returns an unknown value of type ty that carries every mark of
// v, so that why v is unknown is not lost.
func unknownLike(v cty.Value, ty cty.Type) cty.Value {
	_, marks := unmarkDeep(v)
	return cty.UnknownVal(ty).WithMarks(marks)
}
