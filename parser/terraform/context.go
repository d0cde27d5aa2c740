package terraform

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/dynamoguard/dynamoguard/model"
)

// tree is the state of one LoadTree call, shared by its module instances.
type tree struct {
	opts    Options
	resolve Resolver
	// scope names the tree in every resource's Scope: the root's folder.
	scope     string
	proj      *model.Project
	diags     model.Diagnostics
	warned    map[string]bool
	instances int
	resources int
	// remote holds the remote module calls met, by call site and address.
	remote map[string]*remoteCall
	// plan is set when the tree is built from a plan.
	plan *planState
}

// loader is the state of one module instance of a tree.
type loader struct {
	t   *tree
	mod *Parsed
	// prefix is the instance's address ("" for the root):
	// module.db["a"].module.kms.
	prefix string
	// calledFrom are the module blocks that lead to this instance.
	calledFrom []model.Call
	// stack holds the folders of this instance and of its callers, for
	// cycles.
	stack []string
	// ctx is the module's evaluation context: var, local, path, terraform,
	// data, module and one root per resource type.
	ctx *hcl.EvalContext
	// parent is the calling instance, nil for the root; parentProviders
	// maps this module's provider configurations to the caller's.
	parent          *loader
	parentProviders map[string]string
	regions         *providerRegions
	// current is the address of the resource being built, for the
	// not-analysed entries of remote modules.
	current string
}

func newLoader(t *tree, mod *Parsed, parent *loader) *loader {
	l := &loader{t: t, mod: mod, parent: parent, stack: []string{mod.dirName()}}
	if parent != nil {
		l.stack = append(append([]string(nil), parent.stack...), mod.dirName())
	}
	return l
}

// address prefixes a module-relative address with the instance's path.
func (l *loader) address(a string) string {
	if l.prefix == "" {
		return a
	}
	return l.prefix + "." + a
}

// isReservedRoot reports whether a resource type would shadow one of the
// language's own roots.
func isReservedRoot(name string) bool {
	switch name {
	case "var", "local", "data", "module", "path", "terraform", "count", "each", "self":
		return true
	}
	return false
}

// run evaluates the module instance: its variables from inputs (nil for a
// root, which takes the user's inputs), its locals and module calls, then
// builds its resources. It returns the object of its outputs.
func (l *loader) run(inputs map[string]input) cty.Value {
	cfg := l.mod.cfg
	var vars cty.Value
	if inputs == nil && l.parent == nil {
		vars = l.rootVariables(cfg.variables)
	} else {
		vars = l.childVariables(cfg.variables, inputs)
	}
	values := map[string]cty.Value{
		"var":  vars,
		"path": cty.ObjectVal(map[string]cty.Value{"module": cty.StringVal("."), "root": cty.StringVal("."), "cwd": cty.StringVal(".")}),
		"terraform": cty.ObjectVal(map[string]cty.Value{
			// Chosen when Terraform runs: taking "default" would drop or
			// keep resources by a guess (count = workspace == "prod" ? 1 : 0).
			"workspace": unknownWith("terraform.workspace is chosen when Terraform runs"),
		}),
		"data": l.refObjects(cfg.data, modeData),
	}
	for typ, v := range l.refObjects(cfg.resources, modeResource).AsValueMap() {
		if !isReservedRoot(typ) {
			values[typ] = v
		}
	}
	l.ctx = &hcl.EvalContext{Variables: values, Functions: l.functions()}
	l.evalLocalsAndModules(cfg)
	if l.regions == nil {
		l.regions = l.providerRegions(cfg.providers)
	}
	l.build(cfg)
	return l.outputs(cfg.outputs)
}

// refObjects returns an object of types, each an object of names, each the
// unknown value that stands for that resource.
func (l *loader) refObjects(blocks []*resourceBlock, mode string) cty.Value {
	byType := map[string]map[string]cty.Value{}
	for _, r := range blocks {
		if byType[r.typ] == nil {
			byType[r.typ] = map[string]cty.Value{}
		}
		byType[r.typ][r.name] = cty.DynamicVal.Mark(refMark{owner: l, mode: mode, typ: r.typ, name: r.name})
	}
	obj := make(map[string]cty.Value, len(byType))
	for typ, names := range byType {
		obj[typ] = cty.ObjectVal(names)
	}
	return cty.ObjectVal(obj)
}

// functions returns the function table of the module.
func (l *loader) functions() map[string]function.Function {
	funcs := baseFunctions()
	files := newFileFuncs(l.mod.mod.FS, baseFunctions())
	funcs["file"] = files.base["file"]
	funcs["templatefile"] = files.templateFileFunc()
	return funcs
}

// outputs evaluates the module's output blocks.
func (l *loader) outputs(blocks []*hcl.Block) cty.Value {
	out := map[string]cty.Value{}
	schema := &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "value"}}}
	for _, b := range blocks {
		content, _, _ := b.Body.PartialContent(schema)
		if a := content.Attributes["value"]; a != nil {
			out[b.Labels[0]] = l.eval(a.Expr, l.ctx)
		} else {
			out[b.Labels[0]] = cty.NullVal(cty.DynamicPseudoType)
		}
	}
	return cty.ObjectVal(out)
}

// sourceAttr returns the source argument of a module block.
func sourceAttr(b *hcl.Block) *hcl.Attribute {
	content, _, _ := b.Body.PartialContent(&hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "source"}}})
	return content.Attributes["source"]
}

// warnOnce is a warning at r, once per key, as a diagnostic of the tree.
func (t *tree) warnOnce(key string, r hcl.Range, summary, detail string) {
	if t.warned[key] {
		return
	}
	t.warned[key] = true
	t.diags = append(t.diags, model.Diagnostic{Severity: model.DiagWarning, Summary: summary, Detail: detail, Subject: toRange(r)})
}

// warnAt is a warning at r, as a diagnostic of the tree.
func (t *tree) warnAt(r hcl.Range, summary, detail string) {
	t.diags = append(t.diags, model.Diagnostic{Severity: model.DiagWarning, Summary: summary, Detail: detail, Subject: toRange(r)})
}

// errorAt is an error at r, as a diagnostic of the tree.
func (t *tree) errorAt(r hcl.Range, summary, detail string) {
	t.diags = append(t.diags, model.Diagnostic{Severity: model.DiagError, Summary: summary, Detail: detail, Subject: toRange(r)})
}

// warn adds a warning about the input at r.
func (l *loader) warn(r hcl.Range, summary, detail string) { l.t.warnAt(r, summary, detail) }

// warnOnce adds a warning unless one with the same key was already added.
func (l *loader) warnOnce(key string, r hcl.Range, summary, detail string) {
	l.t.warnOnce(key, r, summary, detail)
}

// addHCLDiags converts HCL diagnostics met while evaluating.
func (l *loader) addHCLDiags(diags hcl.Diagnostics, file string) {
	l.t.diags = append(l.t.diags, convertDiags(diags, file, l.mod.dirName())...)
}

// exprText returns the source text of expr on one line, shortened.
func (l *loader) exprText(expr hcl.Expression) string {
	return exprTextIn(l.mod.sources, expr)
}

// templateText renders a template expression with the parts that cannot be
// evaluated written ${…}, so that an ARN whose region or account is
// unknown can still be matched by its other parts; "" for other
// expressions.
func (l *loader) templateText(e hcl.Expression, ctx *hcl.EvalContext) string {
	t, ok := e.(*hclsyntax.TemplateExpr)
	if !ok {
		return ""
	}
	var b strings.Builder
	for _, part := range t.Parts {
		v, _ := unmarkDeep(l.eval(part, ctx))
		if v.IsKnown() && !v.IsNull() && v.Type() == cty.String {
			b.WriteString(v.AsString())
			continue
		}
		b.WriteString("${" + l.exprText(part) + "}")
	}
	return b.String()
}

// unknownModule is the unknown value of module.NAME for a call that cannot
// be loaded.
func unknownModule(format string, args ...any) cty.Value {
	return unknownWith(fmt.Sprintf(format, args...))
}
