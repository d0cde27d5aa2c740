package terraform

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/dynamoguard/dynamoguard/model"
)

// PlanResource is one managed resource instance as a Terraform plan or
// state records it: the values Terraform will create, with the values known
// only after apply left unknown.
type PlanResource struct {
	// Address is the full instance address:
	// module.db["a"].aws_dynamodb_table.this[0].
	Address string
	// Module is the module instance address (module.db["a"]), "" for the
	// root module.
	Module     string
	Type, Name string
	// Values is the object of the resource's attributes; unknown
	// attributes are unknown values. cty.NilVal when the type is not
	// modelled (see Modelled) and the values were not read.
	Values cty.Value
	// Refs are, by attribute path in Terraform spelling without indices
	// (server_side_encryption.kms_key_arn), the references the
	// configuration writes there, relative to the module
	// (aws_kms_key.x.arn).
	Refs map[string][]string
	// Written lists, when the plan holds the resource's configuration,
	// the attribute paths the configuration writes. An unknown value at a
	// path it does not write is a default the provider computes, read as
	// not set, as the configuration itself reads; nil reads every unknown
	// value as unknown.
	Written map[string]bool
	// Region is the region of the resource's provider configuration, ""
	// when not known.
	Region string
	// Range is the resource's place in the plan file; Ranges are the
	// places of its attributes there, by path.
	Range  model.Range
	Ranges map[string]model.Range
}

// Modelled reports whether resources of typ are built into the model;
// the values of the other types need not be read.
func Modelled(typ string) bool { return builders[typ] != nil }

// PlanInput is what BuildPlan reads: the resources of one plan or state
// file and, when it is available, the configuration it was made from.
type PlanInput struct {
	// File names the plan file, for resources that have no configuration.
	File      string
	Resources []PlanResource
	// Values, when set, gives the values and their places of
	// Resources[i], which are then made only while it is built.
	Values func(i int) (cty.Value, map[string]model.Range)
	// Config is the root module of the configuration, nil when it is not
	// available; Resolve finds its local child modules.
	Config  *Parsed
	Resolve Resolver
	Options Options
}

// BuildPlan builds the resources of a plan into the model, each at its
// full instance address. When the configuration is given, every resource
// and attribute written there is placed at its .tf source, with the same
// scope and module calls the configuration's own evaluation gives it;
// otherwise at its place in the plan file. It never panics.
func BuildPlan(in PlanInput) (proj *model.Project, diags model.Diagnostics) {
	scope := in.File
	if in.Config != nil {
		scope = in.Config.dirName()
	}
	t := newTree(in.Options, in.Resolve, scope)
	defer func() {
		if r := recover(); r != nil {
			t.internalError("Building the plan", r, in.File)
		}
		t.proj.Sort()
		proj, diags = t.proj, t.diags.Unique()
	}()
	t.plan = &planState{in: in, loaders: map[string]*loader{}}
	for i := range in.Resources {
		res := &in.Resources[i]
		l := t.plan.loader(t, res.Module)
		if in.Values != nil {
			res.Values, res.Ranges = in.Values(i)
			if r, ok := regionOf(res.Values); ok {
				res.Region = r
			}
		}
		l.buildPlanResource(res)
		if in.Values != nil {
			res.Values, res.Ranges = cty.NilVal, nil
		}
	}
	return t.proj, t.diags
}

// regionOf is the region attribute of a resource (which the AWS provider
// has from version 6), when it is known.
func regionOf(v cty.Value) (string, bool) {
	if v.IsNull() || !v.IsKnown() || !v.Type().IsObjectType() || !v.Type().HasAttribute("region") {
		return "", false
	}
	r := v.GetAttr("region")
	if r.IsNull() || !r.IsKnown() || r.Type() != cty.String || r.AsString() == "" {
		return "", false
	}
	return r.AsString(), true
}

// planState is what building a plan shares: its input and the loader of
// each module instance met.
type planState struct {
	in      PlanInput
	loaders map[string]*loader
}

// loader returns the loader of module instance module.
func (s *planState) loader(t *tree, module string) *loader {
	l := s.loaders[module]
	if l == nil {
		l = planLoader(t, s.in, module)
		s.loaders[module] = l
	}
	return l
}

// planLoader is the loader of one module instance of a plan: the module of
// the configuration it instantiates when that is found, else an empty one.
func planLoader(t *tree, in PlanInput, module string) *loader {
	mod := in.Config
	var calledFrom []model.Call
	prefix := ""
	for _, step := range splitModuleAddress(module) {
		prefix = joinAddress(prefix, step.text)
		call := model.Call{Address: prefix, Range: model.Range{Filename: in.File}}
		if mod != nil {
			c, ok := mod.call(step.name)
			if ok {
				call.Range = c.Range
			}
			switch {
			case !ok || !c.Local || in.Resolve == nil:
				// A remote module's resources are placed in the plan.
				mod = nil
			default:
				mod, _ = in.Resolve(mod, c.Source)
			}
		}
		calledFrom = append(calledFrom, call)
	}
	if mod == nil {
		mod = &Parsed{mod: Module{Dir: in.File}, cfg: &config{byAddress: map[string]*resourceBlock{}}, sources: map[string][]byte{}}
	}
	l := newLoader(t, mod, nil)
	l.prefix, l.calledFrom = module, calledFrom
	return l
}

func joinAddress(prefix, s string) string {
	if prefix == "" {
		return s
	}
	return prefix + "." + s
}

// moduleStep is one module call of a module instance address: its name and
// its text with the instance key (module.db["a"]).
type moduleStep struct{ name, text string }

// splitModuleAddress splits module.db["a"].module.kms into its calls. An
// instance key may hold any character in a quoted string.
func splitModuleAddress(a string) []moduleStep {
	var out []moduleStep
	for i := 0; i < len(a); {
		if a[i] == '.' {
			i++
			continue
		}
		start := i
		i += len("module.")
		if !strings.HasPrefix(a[start:], "module.") {
			return out
		}
		for i < len(a) && a[i] != '.' && a[i] != '[' {
			i++
		}
		name := a[start+len("module.") : i]
		if i < len(a) && a[i] == '[' {
			for inString := false; i < len(a); i++ {
				c := a[i]
				if inString && c == '\\' {
					i++
					continue
				}
				if c == '"' {
					inString = !inString
				}
				if !inString && c == ']' {
					i++
					break
				}
			}
		}
		out = append(out, moduleStep{name: name, text: a[start:min(i, len(a))]})
	}
	return out
}

// buildPlanResource builds one resource instance of the plan with the
// builder of its type, reading its attributes from the plan's values.
func (l *loader) buildPlanResource(res *PlanResource) {
	b := builders[res.Type]
	var block *hcl.Block
	if r := l.mod.cfg.byAddress[res.Type+"."+res.Name]; r != nil && !r.data {
		block = r.block
	}
	def := hcl.Range{Filename: res.Range.Filename, Start: hclPos(res.Range.Start), End: hclPos(res.Range.End)}
	var cfgBody hcl.Body
	if block != nil {
		def, cfgBody = block.DefRange, block.Body
	}
	r := &resourceBlock{typ: res.Type, name: res.Name}
	r.block = &hcl.Block{Type: "resource", Labels: []string{res.Type, res.Name}, DefRange: def,
		Body: &planBody{l: l, res: res, v: res.Values, cfg: cfgBody, def: def, placed: cfgBody != nil}}
	if b == nil {
		if n, ok := model.NotModelled(res.Type, res.Address, toRange(def)); ok {
			l.t.proj.NotAnalysed = append(l.t.proj.NotAnalysed, n)
		}
		return
	}
	region := model.AbsentValue("", toRange(def), "provider.aws.region")
	if res.Region != "" {
		region = model.KnownValue(res.Region, toRange(def), "provider.aws.region")
	}
	l.regions = &providerRegions{byAlias: map[string]model.Value[string]{"": region}}
	defer func() {
		if p := recover(); p != nil {
			l.t.diags = append(l.t.diags, model.Diagnostic{
				Severity: model.DiagError,
				Summary:  "Internal error",
				Detail:   fmt.Sprintf("Building %s failed unexpectedly (%v); it is not analysed.", res.Address, p),
				Subject:  toRange(def),
			})
		}
	}()
	if l.t.resources >= l.t.opts.MaxResources {
		l.t.warnOnce("resources:"+l.t.scope, def, "Too many resource instances",
			fmt.Sprintf("The plan %s has more than %d resource instances; the others are not analysed.", l.t.scope, l.t.opts.MaxResources))
		return
	}
	l.t.resources++
	l.current = res.Address
	b(l, r, instance{address: res.Address})
	l.current = ""
}

func hclPos(p model.Pos) hcl.Pos { return hcl.Pos{Line: p.Line, Column: p.Column, Byte: p.Byte} }

// planBody is an hcl.Body over the value of a resource, or of one of its
// nested blocks, in a plan. Its attributes are placed where the
// configuration writes them when it is given (cfg), else in the plan file.
type planBody struct {
	l   *loader
	res *PlanResource
	// path is the attribute path of the block ("" for the resource).
	path string
	v    cty.Value
	cfg  hcl.Body
	def  hcl.Range
	// placed is set when the resource is in the configuration: what it
	// does not write is placed at the enclosing block there.
	placed bool
}

var _ hcl.Body = (*planBody)(nil)

func (b *planBody) Content(schema *hcl.BodySchema) (*hcl.BodyContent, hcl.Diagnostics) {
	c, _, diags := b.PartialContent(schema)
	return c, diags
}

func (b *planBody) PartialContent(schema *hcl.BodySchema) (*hcl.BodyContent, hcl.Body, hcl.Diagnostics) {
	c := &hcl.BodyContent{Attributes: hcl.Attributes{}, MissingItemRange: b.def}
	for _, as := range schema.Attributes {
		if a := b.attribute(as.Name); a != nil {
			c.Attributes[as.Name] = a
		}
	}
	for _, bs := range schema.Blocks {
		c.Blocks = append(c.Blocks, b.blocks(bs.Type)...)
	}
	return c, b, nil
}

func (b *planBody) JustAttributes() (hcl.Attributes, hcl.Diagnostics) {
	out := hcl.Attributes{}
	if !b.v.IsKnown() || b.v.IsNull() || !b.v.Type().IsObjectType() {
		return out, nil
	}
	for name := range b.v.Type().AttributeTypes() {
		if a := b.attribute(name); a != nil {
			out[name] = a
		}
	}
	return out, nil
}

func (b *planBody) MissingItemRange() hcl.Range { return b.def }

// get returns the attribute name of the body's value: unknown when the
// whole value is, null when it has no such attribute.
func (b *planBody) get(name string) cty.Value {
	switch {
	case b.v.IsNull():
		return cty.NullVal(cty.DynamicPseudoType)
	case !b.v.IsKnown():
		if b.defaulted(name) {
			return cty.NullVal(cty.DynamicPseudoType)
		}
		return cty.DynamicVal
	case !b.v.Type().IsObjectType() || !b.v.Type().HasAttribute(name):
		return cty.NullVal(cty.DynamicPseudoType)
	}
	v := b.v.GetAttr(name)
	if !v.IsKnown() && b.defaulted(name) {
		return cty.NullVal(cty.DynamicPseudoType)
	}
	return v
}

// defaulted reports whether an unknown attribute name is a default the
// provider computes: the configuration does not write it, in a block it
// does write. The blocks of a dynamic block are not in the plan's
// configuration, so what they hold stays unknown.
func (b *planBody) defaulted(name string) bool {
	w := b.res.Written
	return w != nil && !w[b.attrPath(name)] && (b.path == "" || w[b.path])
}

func (b *planBody) attrPath(name string) string {
	if b.path == "" {
		return name
	}
	return b.path + "." + name
}

// cfgItems returns the configuration's attribute and blocks called name.
func (b *planBody) cfgItems(name string, block bool) (*hcl.Attribute, hcl.Blocks) {
	if b.cfg == nil {
		return nil, nil
	}
	schema := &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: name}}}
	if block {
		schema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: name}}}
	}
	c, _, _ := b.cfg.PartialContent(schema)
	if c == nil {
		return nil, nil
	}
	return c.Attributes[name], c.Blocks
}

// place is where the attribute at path is reported: the configuration's
// expression, else the block's place when there is a configuration, else
// the attribute in the plan file.
func (b *planBody) place(a *hcl.Attribute, path string) hcl.Range {
	if a != nil {
		return a.Expr.Range()
	}
	if !b.placed {
		if r, ok := b.res.Ranges[path]; ok {
			return hcl.Range{Filename: r.Filename, Start: hclPos(r.Start), End: hclPos(r.End)}
		}
	}
	return b.def
}

func (b *planBody) attribute(name string) *hcl.Attribute {
	v := b.get(name)
	if v.IsKnown() && v.IsNull() {
		return nil
	}
	path := b.attrPath(name)
	cfgAttr, _ := b.cfgItems(name, false)
	rng := b.place(cfgAttr, path)
	return &hcl.Attribute{Name: name, Expr: b.expr(v, path, rng), Range: rng, NameRange: rng}
}

// blocks returns the nested blocks typ of the body's value: one per
// element of a list or set of objects, one for an object, one whose
// attributes are all unknown for an unknown value.
func (b *planBody) blocks(typ string) hcl.Blocks {
	switch typ {
	case "dynamic":
		// A plan has every block expanded.
		return nil
	case blockLifecycle:
		// A meta-argument, which the plan does not record: the
		// configuration's, when there is one.
		_, cfgBlocks := b.cfgItems(typ, true)
		return cfgBlocks
	}
	v := b.get(typ)
	if v.IsKnown() && v.IsNull() {
		return nil
	}
	path := b.attrPath(typ)
	_, cfgBlocks := b.cfgItems(typ, true)
	var elems []cty.Value
	switch ty := v.Type(); {
	case !v.IsKnown():
		elems = []cty.Value{cty.DynamicVal}
	case ty.IsObjectType() || ty.IsMapType():
		elems = []cty.Value{v}
	case v.CanIterateElements():
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			elems = append(elems, e)
		}
	}
	out := make(hcl.Blocks, 0, len(elems))
	for i, e := range elems {
		if e.IsKnown() && e.IsNull() {
			continue
		}
		nb := &planBody{l: b.l, res: b.res, path: path, v: e, def: b.place(nil, path), placed: b.placed}
		if i < len(cfgBlocks) {
			nb.cfg, nb.def = cfgBlocks[i].Body, cfgBlocks[i].DefRange
		}
		out = append(out, &hcl.Block{Type: typ, Body: nb, DefRange: nb.def, TypeRange: nb.def})
	}
	return out
}

// expr is the expression of a plan value at path: it is marked with the
// resources the configuration refers to there, and a value unknown for
// another reason says it is known only after apply.
func (b *planBody) expr(v cty.Value, path string, rng hcl.Range) *planExpr {
	e := &planExpr{rng: rng}
	var marks []any
	for _, ref := range b.res.Refs[path] {
		t, diags := hclsyntax.ParseTraversalAbs([]byte(ref), rng.Filename, rng.Start)
		if diags.HasErrors() || len(t) < 2 {
			continue
		}
		m, ok := refOf(b.l, t)
		if !ok {
			continue
		}
		marks = append(marks, m)
		e.vars = append(e.vars, t)
	}
	if !v.IsWhollyKnown() && len(marks) == 0 {
		marks = append(marks, unknownMark{reason: "the value is known only after apply"})
	}
	e.v = v
	for _, m := range marks {
		e.v = e.v.Mark(m)
	}
	return e
}

// refOf is the mark of a reference to a resource or data source of l's
// module.
func refOf(l *loader, t hcl.Traversal) (refMark, bool) {
	parts := []string{t.RootName()}
	for _, step := range t[1:] {
		a, ok := step.(hcl.TraverseAttr)
		if !ok || len(parts) == 3 {
			break
		}
		parts = append(parts, a.Name)
	}
	switch {
	case parts[0] == "module" && len(parts) == 3 && l.t.plan != nil:
		// module.kms.aws_kms_key.this: what an output of the child
		// module refers to.
		if len(t) < 4 {
			return refMark{}, false
		}
		child := l.t.plan.loader(l.t, joinAddress(l.prefix, "module."+parts[1]))
		rest := append(hcl.Traversal{hcl.TraverseRoot{Name: parts[2], SrcRange: t[2].SourceRange()}}, t[3:]...)
		return refOf(child, rest)
	case parts[0] == "data" && len(parts) == 3:
		return refMark{owner: l, mode: modeData, typ: parts[1], name: parts[2]}, true
	case parts[0] == "module", parts[0] == "var", parts[0] == "local", parts[0] == "each",
		parts[0] == "count", parts[0] == "path", parts[0] == "terraform", parts[0] == "data", len(parts) < 2:
		return refMark{}, false
	}
	return refMark{owner: l, mode: modeResource, typ: parts[0], name: parts[1]}, true
}

// planExpr is an expression whose value the plan gives.
type planExpr struct {
	v    cty.Value
	rng  hcl.Range
	vars []hcl.Traversal
}

var _ hcl.Expression = (*planExpr)(nil)

func (e *planExpr) Value(*hcl.EvalContext) (cty.Value, hcl.Diagnostics) { return e.v, nil }
func (e *planExpr) Variables() []hcl.Traversal                          { return e.vars }
func (e *planExpr) Range() hcl.Range                                    { return e.rng }
func (e *planExpr) StartRange() hcl.Range                               { return e.rng }
