package cloudformation

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/dynamoguard/dynamoguard/model"
	"go.yaml.in/yaml/v3"
)

// Resource types that nest another template.
const (
	typeStack       = "AWS::CloudFormation::Stack"
	typeApplication = "AWS::Serverless::Application"
)

// Bounds on nested stacks, so that a fan-out of templates that nest each
// other several times cannot make the parser run for ever.
const (
	// maxStackDepth is how deep nested stacks are followed.
	maxStackDepth = 16
	// maxStackInstances is how many nested stack instances one root
	// template's tree evaluates.
	maxStackInstances = 256
)

// nesting is what a nested stack's template inherits from the stack
// resource that creates it.
type nesting struct {
	// scope names the instance: a template nested twice is two instances.
	scope string
	calls []model.Call
	// conds are the unknown conditions the stack resources on the way are
	// created under.
	conds []string
	// params are the Parameters the stack resource passes, evaluated in
	// the parent, by name; stack is its logical ID and at the range of its
	// Parameters entry, by name.
	params map[string]*val
	at     map[string]model.Range
	stack  string
	// chain are the template files from the root to this one.
	chain []string
	// parent is the template of the stack resource.
	parent *template
	// count is shared by every template of one root's tree.
	count *int
}

// scope is the namespace of the template's addresses.
func (t *template) scope() string {
	if t.nest == nil {
		return t.src.name
	}
	return t.nest.scope
}

// calledFrom are the stack resources that lead from the root template to
// this one, outermost first.
func (t *template) calledFrom() []model.Call {
	if t.nest == nil {
		return nil
	}
	return slices.Clone(t.nest.calls)
}

// conditionsOf are the unknown conditions a resource of this template is
// created under: those of the stacks on the way, and its own, cond.
func (t *template) conditionsOf(cond string) []string {
	var out []string
	if t.nest != nil {
		out = slices.Clone(t.nest.conds)
	}
	if cond != "" {
		out = append(out, cond)
	}
	return out
}

// chain is the list of template files from the root to this one.
func (t *template) chain() []string {
	if t.nest == nil {
		return []string{t.src.name}
	}
	return t.nest.chain
}

// passed is the value of parameter p that the parent stack passes, as
// referred to at node n, and whether it passes one.
func (t *template) passed(p *param, n *yaml.Node) (*val, bool) {
	if t.nest == nil {
		return nil, false
	}
	pv, ok := t.nest.params[p.name]
	if !ok {
		return nil, false
	}
	o := model.Origin{Kind: model.OriginStackParameter, Name: p.name, Module: t.nest.stack, Range: t.nest.at[p.name]}
	var v *val
	if s, ok := pv.scalar(); ok {
		v = p.value(s, n)
	} else if items, ok := pv.list(); ok && p.isList() {
		v = knownVal(n, items)
	} else {
		reason := fmt.Sprintf("parameter %q is passed by stack %s", p.name, t.nest.stack)
		if pv.state == model.Unknown {
			reason += ": " + pv.reason
		} else {
			reason += " as a value that is not a string"
		}
		v = unknownVal(n, reason, pv.what)
		v.text, v.hasText = pv.text, pv.hasText
		for _, r := range pv.refs {
			if r.in == nil {
				r.in = t.nest.parent
			}
			v.refs = append(v.refs, r)
		}
		return v, true
	}
	v.origins = append([]model.Origin{o}, pv.origins...)
	return v, true
}

// nested reads the template of the nested stack r (an
// AWS::CloudFormation::Stack or AWS::Serverless::Application), created
// under the unknown condition cond, with the parameters r passes.
func (t *template) nested(r *resource, cond string) {
	locName := "TemplateURL"
	if r.typ == typeApplication {
		locName = "Location"
	}
	notAnalysed := func(n *yaml.Node, reason string) {
		t.proj.NotAnalysed = append(t.proj.NotAnalysed, model.NotAnalysed{
			Range: t.src.rng(n), What: fmt.Sprintf("nested stack %s (%s)", r.id, r.typ), Reason: reason,
		})
	}
	pv := t.eval(r.props)
	o, ok := pv.obj()
	if r.props == nil || !ok {
		notAnalysed(r.key, "its Properties cannot be resolved: "+reasonOf(pv, "Properties is not a mapping"))
		return
	}
	m, ok := o.get(locName)
	if !ok {
		notAnalysed(r.key, "it has no "+locName)
		return
	}
	loc, ok := m.val.scalar()
	if _, local := localTemplate(t.src.name, loc); !ok || !local {
		// The CDK CLI names the template file of a nested stack, whose
		// TemplateURL is an asset in S3, in the stack's metadata.
		if asset := cdkAsset(r.node, locName); asset != nil {
			t.nestedTemplate(r, cond, asset, path.Join(path.Dir(t.src.name), asset.Value), o)
			return
		}
	}
	if _, isMap := m.val.obj(); isMap && r.typ == typeApplication {
		notAnalysed(m.key, "applications of the Serverless Application Repository are not fetched")
		return
	}
	if !ok {
		notAnalysed(m.val.node, locName+" cannot be resolved: "+reasonOf(m.val, locName+" is not a string"))
		return
	}
	name, local := localTemplate(t.src.name, loc)
	if !local {
		notAnalysed(m.val.node, fmt.Sprintf("the template at %q is not fetched; scan its source to analyse it", loc))
		return
	}
	t.nestedTemplate(r, cond, m.val.node, name, o)
}

// cdkAsset returns the aws:asset:path metadata of a resource whose
// property prop the CDK CLI synthesized from a local file (the template
// of a nested stack), or nil.
func cdkAsset(n *yaml.Node, prop string) *yaml.Node {
	_, md := mapGet(n, "Metadata")
	_, p := mapGet(md, "aws:asset:property")
	_, v := mapGet(md, "aws:asset:path")
	if p == nil || p.Kind != yaml.ScalarNode || p.Value != prop || v == nil || v.Kind != yaml.ScalarNode || v.Value == "" {
		return nil
	}
	return v
}

// localTemplate resolves the local template location loc of a nested stack
// of template from, relative to from's folder, within the scan root; local
// is false for remote locations (https, s3).
func localTemplate(from, loc string) (name string, local bool) {
	if strings.Contains(loc, "://") || strings.HasPrefix(loc, "s3:") || loc == "" {
		return "", false
	}
	loc = strings.TrimPrefix(strings.ReplaceAll(loc, `\`, "/"), "file:")
	return path.Join(path.Dir(from), loc), true
}

// nestedTemplate evaluates the local template name of the nested stack r,
// whose location is at node locNode; props are r's properties.
func (t *template) nestedTemplate(r *resource, cond string, locNode *yaml.Node, name string, props *object) {
	warn := func(summary, detail string) {
		t.warn(locNode, summary, detail+" The nested stack's resources were not analysed.")
	}
	chain := t.chain()
	if t.nest == nil && t.stacks == nil {
		t.stacks = new(int)
	}
	count := t.stacks
	if t.nest != nil {
		count = t.nest.count
	}
	switch {
	case name == ".." || strings.HasPrefix(name, "../") || path.IsAbs(name):
		warn("nested stack template outside the scan root", fmt.Sprintf("%s is outside the scanned folder.", name))
		return
	case slices.Contains(chain, name):
		warn("nested stack cycle", fmt.Sprintf("The templates nest each other: %s.", strings.Join(append(chain, name), " → ")))
		return
	case len(chain) > maxStackDepth:
		warn("nested stacks too deep", fmt.Sprintf("Nested stacks are followed %d levels deep.", maxStackDepth))
		return
	case *count >= maxStackInstances:
		warn("too many nested stacks", fmt.Sprintf("One template's tree is evaluated with at most %d nested stacks.", maxStackInstances))
		return
	case t.opts.ReadTemplate == nil:
		t.proj.NotAnalysed = append(t.proj.NotAnalysed, model.NotAnalysed{
			Range: t.src.rng(locNode), What: "nested stack " + r.id,
			Reason: "nested stack templates are read only when their folder is scanned",
		})
		return
	}
	*count++
	data, err := t.opts.ReadTemplate(name)
	if err != nil {
		detail := fmt.Sprintf("%s cannot be read: %v.", name, err)
		if errors.Is(err, fs.ErrNotExist) {
			detail = fmt.Sprintf("%s does not exist; fix the location, or scan the folder that holds the template.", name)
		}
		warn("nested stack template not found", detail)
		return
	}
	n := &nesting{
		scope:  fmt.Sprintf("%s (stack %s of %s)", name, r.id, t.scope()),
		calls:  append(t.calledFrom(), model.Call{Address: r.id, Range: t.src.rng(r.key)}),
		conds:  t.conditionsOf(cond),
		params: map[string]*val{},
		at:     map[string]model.Range{},
		stack:  r.id,
		chain:  append(slices.Clone(chain), name),
		count:  count,
		parent: t,
	}
	if m, ok := props.get("Parameters"); ok {
		if po, ok := m.val.obj(); ok {
			for _, p := range po.members {
				n.params[p.name], n.at[p.name] = p.val, t.src.rng(p.key)
			}
		} else {
			t.warn(m.key, fmt.Sprintf("the Parameters of stack %s cannot be resolved", r.id),
				reasonOf(m.val, "Parameters is not a mapping")+"; the nested stack's parameters are unknown.")
			n.params = nil
		}
	}
	// Only the pseudo parameters given by the user hold for the whole
	// tree; the others are the root template's.
	opts := t.opts
	opts.Params = map[string]string{}
	for k, v := range t.opts.Params {
		if strings.HasPrefix(k, "AWS::") {
			opts.Params[k] = v
		}
	}
	src := newSource(name, data)
	root, perr := parseRoot(src.data)
	if !slices.ContainsFunc(t.proj.Files, func(f model.File) bool { return f.Path == name }) {
		t.proj.Files = append(t.proj.Files, model.File{Path: name, Kind: model.CloudFormation, Parsed: perr == nil})
	}
	if perr != nil {
		t.diags = append(t.diags, syntaxError(src, perr))
		return
	}
	if !isTemplateRoot(root) {
		warn("nested stack template is not a template", fmt.Sprintf("%s has no Resources mapping with AWS:: types.", name))
		return
	}
	child := newTemplate(src, opts, t.proj)
	child.nest = n
	if n.params == nil {
		child.nest.params = map[string]*val{}
		child.unknownParams = fmt.Sprintf("the Parameters of stack %s cannot be resolved", r.id)
	}
	child.read(root)
	t.diags = append(t.diags, child.diags...)
}
