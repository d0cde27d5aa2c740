package cloudformation

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dynamoguard/dynamoguard/model"
	"go.yaml.in/yaml/v3"
)

// Resource types the parser models.
const (
	typeTable         = "AWS::DynamoDB::Table"
	typeGlobalTable   = "AWS::DynamoDB::GlobalTable"
	typeSimpleTable   = "AWS::Serverless::SimpleTable"
	typeKMSKey        = "AWS::KMS::Key"
	typeKMSAlias      = "AWS::KMS::Alias"
	typeKMSReplicaKey = "AWS::KMS::ReplicaKey"
)

// template is one template being read.
type template struct {
	src  *source
	opts Options
	proj *model.Project

	params     map[string]*param
	conditions map[string]*yaml.Node
	condMemo   map[string]*val // nil while the condition is being evaluated
	mappings   *yaml.Node
	globals    *yaml.Node // SAM Globals
	resources  map[string]*resource
	order      []*resource
	// extents are the model extents of the resources, by logical ID key
	// (see resourceExtents).
	extents map[*yaml.Node]extent

	// preset are values decided before evaluation, by node.
	preset map[*yaml.Node]*val
	// loops expands the Fn::ForEach loops of Resources.
	loops *forEach
	// nest is set for the template of a nested stack.
	nest *nesting
	// stacks counts the nested stacks of a root template's tree.
	stacks *int
	// unknownParams, when set, says why every parameter is unknown.
	unknownParams string

	steps  int
	diags  model.Diagnostics
	warned map[*yaml.Node]bool // nodes warned about by warnOnce
}

// param is an entry of the Parameters section.
type param struct {
	name string
	typ  string
	def  *yaml.Node
	dup  bool // declared twice
}

// resource is an entry of the Resources section.
type resource struct {
	id    string
	key   *yaml.Node
	node  *yaml.Node
	typ   string
	props *yaml.Node // nil when the resource has no Properties
	cond  *yaml.Node // the Condition name, or nil
}

func newTemplate(src *source, opts Options, proj *model.Project) *template {
	return &template{
		src:        src,
		opts:       opts,
		proj:       proj,
		params:     map[string]*param{},
		conditions: map[string]*yaml.Node{},
		condMemo:   map[string]*val{},
		resources:  map[string]*resource{},
	}
}

// warnOnce warns about node n unless it was already warned about: values
// can be evaluated more than once.
func (t *template) warnOnce(n *yaml.Node, summary, detail string) {
	if t.warned[n] {
		return
	}
	if t.warned == nil {
		t.warned = map[*yaml.Node]bool{}
	}
	t.warned[n] = true
	t.warn(n, summary, detail)
}

func (t *template) warn(n *yaml.Node, summary, detail string) {
	t.diags = append(t.diags, model.Diagnostic{
		Severity: model.DiagWarning, Summary: summary, Detail: detail, Subject: t.src.rng(n),
	})
}

// read reads the template's top-level mapping root into the project.
func (t *template) read(root *yaml.Node) {
	var resources, outputs *yaml.Node
	pairs := entries(root)
	t.warnDuplicates(pairs, "only the first was read")
	seen := map[string]bool{}
	for i := 0; i+1 < len(pairs); i += 2 {
		k, v := pairs[i], deref(pairs[i+1])
		if k.Kind != yaml.ScalarNode || v == nil || seen[k.Value] {
			continue
		}
		seen[k.Value] = true
		switch k.Value {
		case "Parameters":
			t.readParameters(k, v)
		case "Conditions":
			t.forEntries(k, v, func(name *yaml.Node, def *yaml.Node) {
				if _, dup := t.conditions[name.Value]; dup {
					t.condMemo[name.Value] = unknownVal(name,
						fmt.Sprintf("condition %q is defined twice", name.Value), "a condition defined twice")
				}
				t.conditions[name.Value] = def
			})
		case "Mappings":
			t.mappings = v
		case "Globals":
			t.globals = v
		case "Transform":
			t.readTransform(v)
		case "Outputs":
			outputs = v
		case "Resources":
			resources = v
			if v.Kind != yaml.MappingNode {
				t.diags = append(t.diags, model.Diagnostic{
					Severity: model.DiagError,
					Summary:  "Resources is not a mapping",
					Detail:   "The Resources section must map logical IDs to resources; nothing in this template was analysed.",
					Subject:  t.src.rng(k),
				})
				return
			}
		}
	}
	if resources == nil {
		t.warn(root, "template has no Resources section",
			"A CloudFormation template declares its resources under Resources; nothing was analysed.")
		return
	}
	t.extents = t.resourceExtents(root, resources)
	t.indexResources(resources)
	t.build()
	t.readExports(outputs)
}

// extent is the text of its own of a resource: its range, the value
// written after its key, and the depth of the template's resources under
// its Resources key (see model.TemplateLayout.Step).
type extent struct {
	rng   model.Range
	value *yaml.Node
	step  int
}

// resourceExtents are the extents of the entries of the Resources mapping
// resources of the template root: each from its key to the key after it,
// the last to the next top-level key or the end of the file. A resource
// has an extent only where one is a text of its own that a fix can read:
// a template written in one file and not transcoded, either in block
// style under a Resources key that starts a line, or in JSON.
func (t *template) resourceExtents(root, resources *yaml.Node) map[*yaml.Node]extent {
	if t.src.transcoded || t.src.parts != nil || root.Kind != yaml.MappingNode || resources.Kind != yaml.MappingNode {
		return nil
	}
	top := root.Content
	at := slices.IndexFunc(top, func(n *yaml.Node) bool { return n.Value == "Resources" && n.Kind == yaml.ScalarNode })
	if at < 0 || at%2 != 0 || top[at+1] != resources {
		return nil
	}
	flow := root.Style&yaml.FlowStyle != 0 || resources.Style&yaml.FlowStyle != 0
	switch {
	case flow && !strings.HasSuffix(strings.ToLower(t.src.name), ".json"):
		return nil // a flow mapping in YAML: edits of it read the whole template
	case !flow && top[at].Column != 1:
		return nil
	}
	end := len(t.src.data)
	if at+2 < len(top) {
		if end = t.src.offset(top[at+2].Line, top[at+2].Column); end < 0 {
			return nil
		}
	}
	keys := resources.Content
	step := 0
	if len(keys) > 0 && keys[0].Line > top[at].Line {
		step = max(keys[0].Column-top[at].Column, 0)
	}
	out := map[*yaml.Node]extent{}
	for i := len(keys) - 2; i >= 0; i -= 2 {
		start := t.src.offset(keys[i].Line, keys[i].Column)
		if start < 0 || start > end {
			return nil
		}
		out[keys[i]] = extent{rng: model.Range{Filename: t.src.name, Start: t.src.pos(start), End: t.src.pos(end)}, value: keys[i+1], step: step}
		end = start
	}
	return out
}

// readExports records the outputs that the stack exports under a name
// known statically, for Fn::ImportValue in other templates.
func (t *template) readExports(outputs *yaml.Node) {
	if outputs == nil || outputs.Kind != yaml.MappingNode {
		return
	}
	pairs := entries(outputs)
	for i := 0; i+1 < len(pairs); i += 2 {
		out := deref(pairs[i+1])
		_, export := mapGet(out, "Export")
		_, name := mapGet(deref(export), "Name")
		_, value := mapGet(out, "Value")
		if name == nil || value == nil {
			continue
		}
		n, ok := t.eval(name).scalar()
		if !ok || n == "" {
			continue // a name with unresolved parts matches no import for sure
		}
		v := t.eval(value)
		e := model.Export{Scope: t.scope(), Name: n, Value: t.meta(v, v.state, "Outputs."+pairs[i].Value+".Value")}
		if s, ok := v.scalar(); ok {
			e.Text = s
		}
		t.proj.Exports = append(t.proj.Exports, e)
	}
}

// readTransform lists the macros of the Transform section that the parser
// does not expand: they may change any part of the template before it is
// deployed.
func (t *template) readTransform(v *yaml.Node) {
	names := []*yaml.Node{v}
	if v.Kind == yaml.SequenceNode {
		names = v.Content
	}
	for _, n := range names {
		n = deref(n)
		if n == nil || n.Kind != yaml.ScalarNode {
			continue // such as AWS::Include with parameters, which needs Fn::Transform
		}
		switch n.Value {
		case "AWS::Serverless-2016-10-31", "AWS::LanguageExtensions", "AWS::CodeDeployBlueGreen", "AWS::SecretsManager-2020-07-23":
			continue
		}
		t.proj.NotAnalysed = append(t.proj.NotAnalysed, model.NotAnalysed{
			Range:  t.src.rng(n),
			What:   "Transform " + n.Value,
			Reason: "macros are not expanded, so the template was analysed as written, not as the macro changes it",
		})
	}
}

// forEntries calls f for each entry of section mapping v, or warns when the
// section is not a mapping.
func (t *template) forEntries(k, v *yaml.Node, f func(name, def *yaml.Node)) {
	if v.Kind != yaml.MappingNode {
		t.warn(k, k.Value+" is not a mapping", "The section was ignored.")
		return
	}
	pairs := entries(v)
	t.warnDuplicates(pairs, "the scanner treats it as unknown")
	for i := 0; i+1 < len(pairs); i += 2 {
		if name := pairs[i]; name.Kind == yaml.ScalarNode {
			f(name, pairs[i+1])
		}
	}
}

// warnDuplicates warns about the keys written more than once among pairs
// (keys and values, alternately), saying what was done about them.
func (t *template) warnDuplicates(pairs []*yaml.Node, done string) {
	seen := make(map[string]bool, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		k := pairs[i]
		if k.Kind != yaml.ScalarNode {
			continue
		}
		if seen[k.Value] {
			t.warnOnce(k, fmt.Sprintf("key %q is written twice", k.Value),
				"A key may appear once in a mapping; "+done+". Remove one of them.")
		}
		seen[k.Value] = true
	}
}

func (t *template) readParameters(k, v *yaml.Node) {
	t.forEntries(k, v, func(name, def *yaml.Node) {
		if p, dup := t.params[name.Value]; dup {
			p.dup = true
			return
		}
		p := &param{name: name.Value}
		if _, typ := mapGet(def, "Type"); typ != nil && typ.Kind == yaml.ScalarNode {
			p.typ = typ.Value
		}
		_, p.def = mapGet(def, "Default")
		t.params[p.name] = p
	})
}

// paramVal is the value of parameter p referred to at node n: the user's
// override, else its default; a resolved value records the parameter as
// its origin.
func (t *template) paramVal(p *param, n *yaml.Node) *val {
	v := t.paramValue(p, n)
	if v.state == model.Known && len(v.origins) == 0 {
		o := model.Origin{Kind: model.OriginParameterDefault, Name: p.name, Range: t.src.rng(p.def)}
		if _, ok := t.opts.Params[p.name]; ok {
			o = model.Origin{Kind: model.OriginParameterValue, Name: p.name}
		}
		v.origins = []model.Origin{o}
	}
	return v
}

func (t *template) paramValue(p *param, n *yaml.Node) *val {
	if p.dup {
		return unknownVal(n, fmt.Sprintf("parameter %q is declared twice", p.name), "a parameter declared twice")
	}
	if t.unknownParams != "" {
		return unknownVal(n, t.unknownParams, "a parameter of a nested stack whose parameters are unknown")
	}
	if v, ok := t.passed(p, n); ok {
		return v
	}
	if strings.HasPrefix(p.typ, "AWS::SSM::Parameter::Value<") {
		return unknownVal(n, fmt.Sprintf("parameter %q is read from SSM Parameter Store at deploy time", p.name),
			"an SSM parameter resolved at deploy time")
	}
	if s, ok := t.opts.Params[p.name]; ok {
		return p.value(s, n)
	}
	d := deref(p.def)
	switch {
	case d == nil || d.Kind == yaml.ScalarNode && d.Tag == "!!null":
		return unknownVal(n, fmt.Sprintf("parameter %q has no default", p.name), "a parameter with no default")
	case d.Kind == yaml.ScalarNode:
		return p.value(d.Value, n)
	case d.Kind == yaml.SequenceNode && p.isList():
		items := make([]*val, 0, len(d.Content))
		for _, c := range d.Content {
			if c = deref(c); c != nil && c.Kind == yaml.ScalarNode {
				items = append(items, stringVal(n, c.Value))
			}
		}
		return knownVal(n, items)
	}
	return unknownVal(n, fmt.Sprintf("the default of parameter %q is not a string", p.name),
		"a parameter with an invalid default")
}

func (p *param) isList() bool {
	return p.typ == "CommaDelimitedList" || strings.HasPrefix(p.typ, "List<")
}

// value is the parameter's value given as text s: a string, or a list for
// list types.
func (p *param) value(s string, n *yaml.Node) *val {
	if !p.isList() {
		return stringVal(n, s)
	}
	var items []*val
	for _, part := range strings.Split(s, ",") {
		items = append(items, stringVal(n, strings.TrimSpace(part)))
	}
	return knownVal(n, items)
}

// indexResources records every well-formed entry of the Resources mapping
// and reports the others.
func (t *template) indexResources(resources *yaml.Node) {
	pairs := entries(resources)
	for i := 0; i+1 < len(pairs); i += 2 {
		k, v := pairs[i], deref(pairs[i+1])
		if k.Kind != yaml.ScalarNode {
			continue
		}
		switch {
		case strings.HasPrefix(k.Value, "Fn::ForEach::"):
			t.expandForEach(k, v)
		case k.Value == "Fn::Transform":
			t.proj.NotAnalysed = append(t.proj.NotAnalysed, model.NotAnalysed{
				Range:  t.src.rng(k),
				What:   k.Value,
				Reason: "transforms such as AWS::Include are not expanded, so the resources they add were not analysed",
			})
		default:
			t.addResource(k, v)
		}
	}
}

// addResource indexes the entry k: v of the Resources section, or reports
// why it cannot.
func (t *template) addResource(k, v *yaml.Node) {
	v = deref(v)
	switch {
	case v == nil || v.Kind != yaml.MappingNode:
		t.warn(k, fmt.Sprintf("resource %q is not a mapping", k.Value),
			"A Resources entry must be a mapping with a Type and Properties; this one was skipped. "+
				"If it belongs at the top level of the template, move it there.")
	case t.resources[k.Value] != nil:
		t.warn(k, fmt.Sprintf("resource %q is defined twice", k.Value),
			"Logical IDs must be unique within a template; only the first definition was analysed.")
	default:
		t.indexResource(k, v)
	}
}

func (t *template) indexResource(k, v *yaml.Node) {
	r := &resource{id: k.Value, key: k, node: v}
	t.warnDuplicates(entries(v), "only the first was read")
	_, typ := mapGet(v, "Type")
	switch {
	case typ == nil:
		t.warn(k, fmt.Sprintf("resource %q has no Type", r.id),
			"Every resource needs a Type such as AWS::DynamoDB::Table; this one was skipped.")
		return
	case typ.Kind != yaml.ScalarNode || typ.Tag != "!!str":
		t.warn(typ, fmt.Sprintf("the Type of resource %q is not a string", r.id),
			"Every resource needs a Type such as AWS::DynamoDB::Table; this one was skipped.")
		return
	}
	r.typ = typ.Value
	if _, props := mapGet(v, "Properties"); props != nil && (props.Kind != yaml.ScalarNode || props.Tag != "!!null") {
		ok := props.Kind == yaml.MappingNode
		if fn, _, isFn := intrinsic(props); isFn {
			ok = fn == "Fn::If"
		}
		if !ok {
			t.warn(props, fmt.Sprintf("the Properties of resource %q is not a mapping", r.id),
				"Properties must be a mapping of property names to values; the resource was skipped.")
			return
		}
		r.props = props
	}
	if _, c := mapGet(v, "Condition"); c != nil && c.Kind == yaml.ScalarNode {
		r.cond = c
	}
	t.resources[r.id] = r
	t.order = append(t.order, r)
}
