package terraform

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// varDecl is a `variable` block.
type varDecl struct {
	name     string
	block    *hcl.Block
	typ      cty.Type
	defaults *typeexpr.Defaults
	def      cty.Value
	// hasDef is false when the block has no default.
	hasDef bool
}

var variableSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "default"}, {Name: "type"}},
}

// variables returns the `var` object: defaults, overridden by the module's
// var files, then the user's var files, then the user's --var values.
func (l *loader) variables(blocks []*hcl.Block, opts Options) cty.Value {
	decls := make([]*varDecl, len(blocks))
	for i, b := range blocks {
		decls[i] = l.varDecl(b)
	}
	given := map[string]cty.Value{}
	for _, f := range append(append([]SourceFile(nil), l.mod.VarFiles...), opts.VarFiles...) {
		values, ok := l.readVarFile(f)
		if !ok {
			// What else the file sets is lost: unknown, unless a later
			// source sets it again. The default would be a guess.
			for _, d := range decls {
				given[d.name] = unknownWith(fmt.Sprintf("variable %q may be set in %s, which could not be read", d.name, f.Name))
			}
		}
		for name, v := range values {
			given[name] = v
		}
	}
	obj := map[string]cty.Value{}
	for _, d := range decls {
		v, ok := given[d.name]
		if raw, set := opts.Vars[d.name]; set {
			v, ok = cliValue(raw, d.typ), true
		}
		obj[d.name] = l.varValue(d, v, ok)
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
		d.def, d.hasDef = v, true
	}
	return d
}

// varValue picks the value of a variable and converts it to the declared
// type when it can.
func (l *loader) varValue(d *varDecl, given cty.Value, ok bool) cty.Value {
	v := given
	if !ok {
		if !d.hasDef {
			return cty.UnknownVal(d.typ).Mark(unknownMark{
				reason: fmt.Sprintf("variable %q has no default and no value was given", d.name),
			})
		}
		v = d.def
	}
	if v.IsMarked() || !v.IsWhollyKnown() {
		return v
	}
	converted, err := convertValue(v, d.typ, d.defaults)
	if err != nil {
		l.warn(d.block.DefRange, "Invalid value for variable",
			fmt.Sprintf("The value of variable %q does not match its type (%s); it is used as given.", d.name, err))
		return v
	}
	return converted
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
func (l *loader) readVarFile(f SourceFile) (map[string]cty.Value, bool) {
	l.sources[f.Name] = f.Data
	file, diags := parseSource(f)
	l.addHCLDiags(diags, f.Name)
	if file == nil || file.Body == nil || diags.HasErrors() {
		return nil, false
	}
	attrs, diags := file.Body.JustAttributes()
	l.addHCLDiags(diags, f.Name)
	values := make(map[string]cty.Value, len(attrs))
	for _, a := range attrs {
		v, valueDiags := a.Expr.Value(nil)
		l.addHCLDiags(valueDiags, f.Name)
		if valueDiags.HasErrors() {
			v = unknownWith(fmt.Sprintf("the value of variable %q in %s is invalid", a.Name, f.Name))
		}
		values[a.Name] = v
	}
	return values, !diags.HasErrors()
}
