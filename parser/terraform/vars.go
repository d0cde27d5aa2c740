package terraform

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/dynamoguard/dynamoguard/model"
)

// varDecl is a `variable` block.
type varDecl struct {
	name     string
	block    *hcl.Block
	typ      cty.Type
	defaults *typeexpr.Defaults
	def      cty.Value
	defRange hcl.Range
	// hasDef is false when the block has no default.
	hasDef bool
}

var variableSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "default"}, {Name: "type"}},
}

// input is a value given to a variable, and where it was given.
type input struct {
	value  cty.Value
	origin model.Origin
}

// rootVariables returns the `var` object of a root module: defaults,
// overridden by TF_VAR_name environment variables, then the module's var
// files, then the user's var files, then the user's --var values, as
// Terraform orders them.
func (l *loader) rootVariables(blocks []*hcl.Block) cty.Value {
	opts := l.t.opts
	decls := make([]*varDecl, len(blocks))
	for i, b := range blocks {
		decls[i] = l.varDecl(b)
	}
	given := map[string]input{}
	for _, d := range decls {
		if raw, ok := opts.Env[d.name]; ok {
			given[d.name] = input{value: cliValue(raw, d.typ), origin: model.Origin{Kind: model.OriginEnvVar, Name: d.name}}
		}
	}
	for _, f := range append(append([]SourceFile(nil), l.mod.mod.VarFiles...), opts.VarFiles...) {
		values, ok := l.readVarFile(f)
		if !ok {
			// What else the file sets is lost: unknown, unless a later
			// source sets it again. The default would be a guess.
			for _, d := range decls {
				given[d.name] = input{value: unknownWith(fmt.Sprintf("variable %q may be set in %s, which could not be read", d.name, f.Name))}
			}
		}
		for name, v := range values {
			given[name] = v
		}
	}
	for _, d := range decls {
		if raw, set := opts.Vars[d.name]; set {
			given[d.name] = input{value: cliValue(raw, d.typ), origin: model.Origin{Kind: model.OriginCLIVar, Name: d.name}}
		}
	}
	obj := map[string]cty.Value{}
	for _, d := range decls {
		in, ok := given[d.name]
		obj[d.name] = l.varValue(d, in, ok)
	}
	return cty.ObjectVal(obj)
}

// childVariables returns the `var` object of a child module from the
// arguments of its module block. An argument no variable declares is
// warned about by the caller.
func (l *loader) childVariables(blocks []*hcl.Block, inputs map[string]input) cty.Value {
	obj := map[string]cty.Value{}
	for _, b := range blocks {
		d := l.varDecl(b)
		in, ok := inputs[d.name]
		obj[d.name] = l.varValue(d, in, ok)
	}
	return cty.ObjectVal(obj)
}

// varDecl reads a variable block's type and default.
func (l *loader) varDecl(b *hcl.Block) *varDecl {
	d := &varDecl{name: b.Labels[0], block: b, typ: cty.DynamicPseudoType}
	content, _, diags := b.Body.PartialContent(variableSchema)
	l.addHCLDiags(diags, b.DefRange.Filename)
	if a := content.Attributes["type"]; a != nil {
		ty, defaults, diags := typeexpr.TypeConstraintWithDefaults(a.Expr)
		if diags.HasErrors() {
			l.warn(a.Expr.Range(), "Unsupported variable type",
				fmt.Sprintf("The type of variable %q could not be read; its value is used as given.", d.name))
		} else {
			d.typ, d.defaults = ty, defaults
		}
	}
	if a := content.Attributes["default"]; a != nil {
		v, diags := a.Expr.Value(nil)
		l.addHCLDiags(diags, a.Range.Filename)
		if diags.HasErrors() {
			v = unknownWith(fmt.Sprintf("the default of variable %q is invalid", d.name))
		}
		d.def, d.hasDef, d.defRange = v, true, a.Expr.Range()
	}
	return d
}

// varValue picks the value of a variable, converts it to the declared type
// when it can, and marks it with its origin.
func (l *loader) varValue(d *varDecl, given input, ok bool) cty.Value {
	if !ok {
		if !d.hasDef {
			reason := fmt.Sprintf("variable %q has no default and no value was given", d.name)
			if l.parent != nil {
				reason = fmt.Sprintf("variable %q of %s has no default and the module block does not set it", d.name, l.prefix)
			}
			return cty.UnknownVal(d.typ).Mark(unknownMark{reason: reason})
		}
		given = input{value: d.def, origin: model.Origin{Kind: model.OriginVariableDefault, Name: d.name, Module: l.prefix, Range: toRange(d.defRange)}}
	}
	v := given.value
	if plain, marks := unmarkDeep(v); plain.IsWhollyKnown() {
		converted, err := convertValue(plain, d.typ, d.defaults)
		switch {
		case err != nil:
			l.warnOnce("vartype:"+d.block.DefRange.String()+l.prefix, d.block.DefRange, "Invalid value for variable",
				fmt.Sprintf("The value of variable %q does not match its type (%s); it is used as given.", d.name, err))
		case len(marks) == 0:
			v = converted
		case !converted.Type().Equals(plain.Type()) && onlyOrigins(marks):
			// Marks deep in a value would not survive a change of its
			// shape; origins alone can stand on the whole value.
			v = converted.WithMarks(marks)
		}
	}
	if given.origin.Kind != model.OriginInvalid && len(originsOf(v)) == 0 {
		v = v.Mark(originMark{given.origin})
	}
	return v
}

// onlyOrigins reports whether marks holds origin marks only.
func onlyOrigins(marks cty.ValueMarks) bool {
	for m := range marks {
		if _, ok := m.(originMark); !ok {
			return false
		}
	}
	return true
}

// convertValue applies optional-attribute defaults and converts v to ty.
func convertValue(v cty.Value, ty cty.Type, defaults *typeexpr.Defaults) (out cty.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = v, fmt.Errorf("conversion failed: %v", r)
		}
	}()
	if defaults != nil {
		v = defaults.Apply(v)
	}
	return convert.Convert(v, ty)
}

// cliValue reads a --var value: an HCL expression that evaluates without
// context, else the raw string. A string-typed variable always takes the raw
// string, as Terraform does.
func cliValue(raw string, ty cty.Type) cty.Value {
	if ty == cty.String {
		return cty.StringVal(raw)
	}
	if len(raw) >= minCheckedSize {
		tokens, _ := hclsyntax.LexExpression([]byte(raw), "<value>", hcl.InitialPos)
		if _, deep := tooDeep(tokens, false); deep {
			return cty.StringVal(raw)
		}
	}
	expr, diags := hclsyntax.ParseExpression([]byte(raw), "<value>", hcl.InitialPos)
	if diags.HasErrors() {
		return cty.StringVal(raw)
	}
	v, diags := expr.Value(nil)
	if diags.HasErrors() || !v.IsWhollyKnown() {
		return cty.StringVal(raw)
	}
	return v
}

// readVarFile reads the values of a variable definitions file. It returns
// false when the file has errors: values may then be missing. A value that
// does not evaluate is unknown.
func (l *loader) readVarFile(f SourceFile) (map[string]input, bool) {
	file, diags := parseSource(f)
	l.addHCLDiags(diags, f.Name)
	if file == nil || file.Body == nil || diags.HasErrors() {
		return nil, false
	}
	attrs, diags := file.Body.JustAttributes()
	l.addHCLDiags(diags, f.Name)
	values := make(map[string]input, len(attrs))
	for _, a := range attrs {
		v, valueDiags := a.Expr.Value(nil)
		l.addHCLDiags(valueDiags, f.Name)
		if valueDiags.HasErrors() {
			v = unknownWith(fmt.Sprintf("the value of variable %q in %s is invalid", a.Name, f.Name))
		}
		values[a.Name] = input{value: v, origin: model.Origin{Kind: model.OriginVarFile, Name: a.Name, Range: toRange(a.Expr.Range())}}
	}
	return values, !diags.HasErrors()
}
