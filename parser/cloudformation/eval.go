package cloudformation

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/dynamoguard/dynamoguard/model"
	"go.yaml.in/yaml/v3"
)

// maxSteps bounds the work spent evaluating one template, so that a YAML
// alias bomb cannot make the parser run for ever.
const maxSteps = 1 << 18

// intrinsic recognises an intrinsic function in short form (a !Tag) or long
// form (a mapping with the single key Ref, Condition or Fn::Name) and returns
// the function's long name and its argument node.
func intrinsic(n *yaml.Node) (string, *yaml.Node, bool) {
	if strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!") {
		args := *n
		args.Style &^= yaml.TaggedStyle
		switch n.Kind {
		case yaml.ScalarNode:
			args.Tag = "!!str"
		case yaml.SequenceNode:
			args.Tag = "!!seq"
		case yaml.MappingNode:
			args.Tag = "!!map"
		default:
			return "", nil, false
		}
		switch name := n.Tag[1:]; name {
		case "Ref", "Condition":
			return name, &args, true
		default:
			return "Fn::" + name, &args, true
		}
	}
	if n.Kind != yaml.MappingNode || len(n.Content) != 2 || n.Content[0].Kind != yaml.ScalarNode {
		return "", nil, false
	}
	k, arg := n.Content[0].Value, n.Content[1]
	switch {
	case k == "Ref":
		return k, arg, true
	case k == "Condition":
		a := deref(arg)
		return k, arg, a != nil && a.Kind == yaml.ScalarNode
	case strings.HasPrefix(k, "Fn::") && !strings.Contains(k[4:], "::"):
		return k, arg, true
	}
	return "", nil, false
}

// eval resolves the value of a node.
func (t *template) eval(n *yaml.Node) *val {
	if n == nil {
		return absentVal(nil)
	}
	if v, ok := t.preset[n]; ok {
		c := *v
		return &c
	}
	t.steps++
	if t.steps > maxSteps {
		return unknownVal(n, "the template is too large to evaluate", "")
	}
	if n.Kind == yaml.AliasNode {
		if n.Alias == nil {
			return unknownVal(n, "undefined YAML alias", "")
		}
		return t.eval(n.Alias).at(n) // the alias is what sets the value here
	}
	if fn, args, ok := intrinsic(n); ok {
		return t.call(fn, args, n)
	}
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			t.warnOnce(n, "null value", "CloudFormation rejects a template with a null value "+
				"(\"'null' values are not allowed in templates\"); write a value, or leave the property out. "+
				"The value was treated as unknown.")
			return unknownVal(n, "null is not a valid value in a CloudFormation template",
				"null, which CloudFormation rejects")
		}
		if strings.Contains(n.Value, "${") && n.Tag == "!!str" {
			if v, ok := slsVariableVal(n); ok {
				return v
			}
		}
		return scalarVal(n)
	case yaml.SequenceNode:
		items := make([]*val, 0, len(n.Content))
		for _, c := range n.Content {
			if v := t.eval(c); v.state != model.Absent {
				items = append(items, v)
			}
		}
		return knownVal(n, items)
	case yaml.MappingNode:
		return knownVal(n, t.mapping(n))
	case yaml.DocumentNode:
		if len(n.Content) > 0 {
			return t.eval(n.Content[0])
		}
	}
	return absentVal(n)
}

// mapping evaluates the entries of a mapping node, those merged in with
// YAML merge keys (<<) included. A key written twice makes its entry
// unknown: CloudFormation keeps one of the values, and which one depends on
// its parser.
func (t *template) mapping(n *yaml.Node) *object {
	o := &object{}
	pairs := entries(n)
	index := make(map[string]int, len(pairs)/2) // member by name; -1 when absent
	for i := 0; i+1 < len(pairs); i += 2 {
		k := pairs[i]
		if k.Kind != yaml.ScalarNode {
			continue
		}
		v := t.eval(pairs[i+1])
		j, dup := index[k.Value]
		if dup {
			t.warnOnce(k, fmt.Sprintf("key %q is written twice", k.Value),
				"A key may appear once in a mapping. CloudFormation keeps one of the values, so the scanner "+
					"treats the value as unknown; remove one of them.")
			v = unknownVal(pairs[i+1], fmt.Sprintf("%s is written twice in the same mapping", k.Value),
				"a key written twice")
			if j >= 0 {
				o.members[j] = member{key: k, name: k.Value, val: v}
				continue
			}
		}
		if v.state == model.Absent {
			index[k.Value] = -1
			continue
		}
		index[k.Value] = len(o.members)
		o.members = append(o.members, member{key: k, name: k.Value, val: v})
	}
	return o
}

// dynamicRef matches a dynamic reference, such as {{resolve:ssm:/name}},
// which CloudFormation resolves at deploy time.
var dynamicRef = regexp.MustCompile(`\{\{resolve:[^{}]*\}\}`)

// stringVal is the value of string s set by n: known, unless it holds a
// dynamic reference, in which case it is unknown with the reference left as
// ${?} in its text.
func stringVal(n *yaml.Node, s string) *val {
	if !strings.Contains(s, "{{resolve:") {
		return knownVal(n, s)
	}
	v := unknownVal(n, "a dynamic reference {{resolve:…}} is resolved at deploy time",
		"a dynamic reference resolved at deploy time")
	v.text, v.hasText = dynamicRef.ReplaceAllLiteralString(s, "${?}"), true
	return v
}

// scalarVal is the value of a plain scalar or one tagged with a core tag.
func scalarVal(n *yaml.Node) *val {
	switch n.Tag {
	case "!!bool":
		switch strings.ToLower(n.Value) {
		case "true":
			return knownVal(n, true)
		case "false":
			return knownVal(n, false)
		}
	case "!!int", "!!float":
		if num, ok := parseNumber(n.Value); ok {
			return knownVal(n, num)
		}
	}
	return stringVal(n, n.Value)
}

// call evaluates intrinsic function fn with argument node args; n is the
// whole expression.
func (t *template) call(fn string, args, n *yaml.Node) *val {
	switch fn {
	case "Ref":
		return t.ref(args, n)
	case "Fn::GetAtt":
		return t.getAtt(args, n)
	case "Fn::Sub":
		return t.sub(args, n)
	case "Fn::If":
		return t.fnIf(args, n)
	case "Fn::Join":
		return t.join(args, n)
	case "Fn::Select":
		return t.selectItem(args, n)
	case "Fn::Split":
		return t.split(args, n)
	case "Fn::FindInMap":
		return t.findInMap(args, n)
	case "Fn::Equals", "Fn::Not", "Fn::And", "Fn::Or", "Condition":
		return t.conditionFunc(fn, args, n)
	case "Fn::Base64":
		return t.base64(args, n)
	case "Fn::Length":
		return t.length(args, n)
	case "Fn::ImportValue":
		return t.importValue(args, n)
	case "Fn::GetAZs":
		return unknownVal(n, "Fn::GetAZs is resolved at deploy time", "resolved at deploy time")
	}
	return unknownVal(n, fn+" is not evaluated by dynamoguard", "a function dynamoguard does not evaluate")
}

// importValue is an export of another stack: unknown here, with the export
// name as a reference that model.Link resolves when the exporting template
// is scanned.
func (t *template) importValue(args, n *yaml.Node) *val {
	v := unknownVal(n, "Fn::ImportValue is resolved at deploy time",
		"an export of another stack, resolved at deploy time")
	if name, ok := t.eval(args).scalar(); ok && name != "" {
		v.refs = []ref{{imp: name, node: n}}
	}
	return v
}

// seqArgs returns the items of an argument list of want items (any number
// when want is negative).
func seqArgs(args *yaml.Node, want int) ([]*yaml.Node, bool) {
	a := deref(args)
	if a == nil || a.Kind != yaml.SequenceNode || want >= 0 && len(a.Content) != want {
		return nil, false
	}
	return a.Content, true
}

// badArgs is the value of a function called with arguments of the wrong
// shape.
func badArgs(n *yaml.Node, fn, shape string) *val {
	return unknownVal(n, fmt.Sprintf("%s takes %s", fn, shape), "an invalid "+fn)
}

// propagate returns the value of expression n, one of whose arguments, v,
// is not a known value of the right kind.
func propagate(v *val, n *yaml.Node) *val {
	switch v.state {
	case model.Known:
		return unknownVal(n, "part of the value cannot be resolved", "")
	case model.Absent:
		return unknownVal(n, "AWS::NoValue is used where a value is needed", "an invalid use of AWS::NoValue")
	}
	return v.at(n)
}

func (t *template) ref(args, n *yaml.Node) *val {
	a := deref(args)
	if a == nil || a.Kind != yaml.ScalarNode || a.Value == "" {
		return badArgs(n, "Ref", "the name of a parameter or resource")
	}
	name := a.Value
	if name == "AWS::NoValue" {
		return absentVal(n)
	}
	if p, ok := t.params[name]; ok {
		return t.paramVal(p, n)
	}
	if r, ok := t.resources[name]; ok {
		v := unknownVal(n, fmt.Sprintf("Ref to resource %q is resolved at deploy time", name),
			fmt.Sprintf("a reference to the %s resource %q", r.typ, name))
		v.refs = []ref{{id: name, node: n}}
		v.text, v.hasText = "${"+name+"}", true
		return v
	}
	if strings.HasPrefix(name, "AWS::") {
		return t.pseudoVal(name, n)
	}
	return unknownVal(n, fmt.Sprintf("Ref to %q, which is neither a parameter nor a resource of the template", name),
		"an undefined name")
}

// pseudoVal is the value of a pseudo parameter: unknown (the stack's
// account, region, … are not known statically) unless the user set it.
func (t *template) pseudoVal(name string, n *yaml.Node) *val {
	if s, ok := t.opts.Params[name]; ok {
		return stringVal(n, s)
	}
	switch name {
	case "AWS::AccountId", "AWS::NotificationARNs", "AWS::Partition", "AWS::Region", "AWS::StackId", "AWS::StackName",
		"AWS::URLSuffix": // AWS::URLSuffix is amazonaws.com.cn in China
		v := unknownVal(n, name+" is resolved at deploy time", "a pseudo parameter resolved at deploy time")
		v.text, v.hasText = "${"+name+"}", true
		return v
	}
	return unknownVal(n, fmt.Sprintf("%q is not a pseudo parameter", name), "an undefined name")
}

func (t *template) getAtt(args, n *yaml.Node) *val {
	var id, attr string
	a := deref(args)
	switch {
	case a == nil:
	case a.Kind == yaml.ScalarNode:
		id, attr, _ = strings.Cut(a.Value, ".")
	case a.Kind == yaml.SequenceNode && len(a.Content) == 2:
		if r := deref(a.Content[0]); r != nil && r.Kind == yaml.ScalarNode {
			id = r.Value
		}
		attr, _ = t.eval(a.Content[1]).scalar()
	}
	if id == "" || attr == "" {
		return badArgs(n, "Fn::GetAtt", "a resource and an attribute")
	}
	r, ok := t.resources[id]
	if !ok {
		return unknownVal(n, fmt.Sprintf("Fn::GetAtt refers to %q, which is not a resource of the template", id),
			"an undefined name")
	}
	v := unknownVal(n, fmt.Sprintf("Fn::GetAtt %s.%s is resolved at deploy time", id, attr),
		fmt.Sprintf("an attribute of the %s resource %q", r.typ, id))
	v.refs = []ref{{id: id, attr: attr, node: n}}
	v.text, v.hasText = "${"+id+"."+attr+"}", true
	return v
}

// sub evaluates Fn::Sub in its string and [string, variables] forms. When a
// part cannot be resolved, the result is an unknown string whose text keeps
// that part as ${Name}, so that callers can still read its literal text.
func (t *template) sub(args, n *yaml.Node) *val {
	a := deref(args)
	var vars *yaml.Node
	if a != nil && a.Kind == yaml.SequenceNode && len(a.Content) == 2 {
		a, vars = deref(a.Content[0]), deref(a.Content[1])
	}
	if a == nil || a.Kind != yaml.ScalarNode {
		return badArgs(n, "Fn::Sub", "a string, or a string and a mapping of variables")
	}
	var parts []*val
	s := a.Value
	for s != "" {
		i := strings.Index(s, "${")
		if i < 0 {
			parts = append(parts, knownVal(n, s))
			break
		}
		parts = append(parts, knownVal(n, s[:i]))
		s = s[i:]
		if strings.HasPrefix(s, "${!") {
			parts = append(parts, knownVal(n, "${"))
			s = s[3:]
			continue
		}
		j := strings.IndexByte(s, '}')
		if j < 0 {
			parts = append(parts, knownVal(n, s))
			break
		}
		parts = append(parts, t.subVar(strings.TrimSpace(s[2:j]), vars, n))
		s = s[j+1:]
	}
	return concat(parts, "", n)
}

// subVar resolves one ${Name} of a Fn::Sub.
func (t *template) subVar(name string, vars, n *yaml.Node) *val {
	if _, v := mapGet(vars, name); v != nil {
		return t.eval(v)
	}
	if id, attr, ok := strings.Cut(name, "."); ok {
		return t.getAtt(&yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Content: []*yaml.Node{
			{Kind: yaml.ScalarNode, Tag: "!!str", Value: id},
			{Kind: yaml.ScalarNode, Tag: "!!str", Value: attr},
		}}, n)
	}
	return t.ref(&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: name}, n)
}

// concat joins string parts with sep. The result is known when every part
// is; otherwise it is unknown, carries every part's references, takes its
// reason from the first unknown part and keeps the text of the known parts.
func concat(parts []*val, sep string, n *yaml.Node) *val {
	var text []string
	var first *val
	var refs []ref
	var origins []model.Origin
	for _, p := range parts {
		origins = append(origins, p.origins...)
		s, ok := p.pattern()
		if !ok {
			s = "${?}"
		}
		text = append(text, s)
		if p.state != model.Known {
			refs = append(refs, p.refs...)
			if first == nil {
				first = p
			}
		} else if _, ok := p.scalar(); !ok && first == nil {
			first = unknownVal(p.node, "a list or mapping is used as a string", "")
		}
	}
	if first == nil {
		v := stringVal(n, strings.Join(text, sep))
		v.origins = origins
		return v
	}
	v := first.at(n)
	if v.state == model.Absent {
		v = unknownVal(n, "AWS::NoValue is used as a string", "")
	}
	v.refs, v.text, v.hasText = refs, strings.Join(text, sep), true
	return v
}

func (t *template) fnIf(args, n *yaml.Node) *val {
	a, ok := seqArgs(args, 3)
	if !ok {
		return badArgs(n, "Fn::If", "a condition name and two values")
	}
	c := deref(a[0])
	if c == nil || c.Kind != yaml.ScalarNode {
		return badArgs(n, "Fn::If", "a condition name and two values")
	}
	cv := t.condition(c.Value, a[0])
	b, ok := cv.boolean()
	if !ok {
		return unknownVal(n, fmt.Sprintf("Fn::If condition %q cannot be evaluated: %s", c.Value, cv.reason),
			fmt.Sprintf("chosen by condition %q, which cannot be evaluated", c.Value))
	}
	if b {
		return t.eval(a[1])
	}
	return t.eval(a[2])
}

// scalarAndList evaluates the [scalar, list] arguments of fn (Fn::Join,
// Fn::Select); when either is not known, it returns the value to give
// instead (want names the arguments for the message).
func (t *template) scalarAndList(args, n *yaml.Node, fn, want string) (string, []*val, *val) {
	a, ok := seqArgs(args, 2)
	if !ok {
		return "", nil, badArgs(n, fn, want)
	}
	sv := t.eval(a[0])
	s, ok := sv.scalar()
	if !ok {
		return "", nil, propagate(sv, n)
	}
	lv := t.eval(a[1])
	items, ok := lv.list()
	if !ok {
		return "", nil, propagate(lv, n)
	}
	return s, items, nil
}

func (t *template) join(args, n *yaml.Node) *val {
	sep, items, failed := t.scalarAndList(args, n, "Fn::Join", "a delimiter and a list")
	if failed != nil {
		return failed
	}
	return concat(items, sep, n)
}

func (t *template) selectItem(args, n *yaml.Node) *val {
	is, items, failed := t.scalarAndList(args, n, "Fn::Select", "an index and a list")
	if failed != nil {
		return failed
	}
	i, err := parseIndex(is)
	if err != nil || i >= len(items) {
		return unknownVal(n, fmt.Sprintf("Fn::Select index %s is out of range", is), "an invalid Fn::Select")
	}
	return items[i]
}

func parseIndex(s string) (int, error) {
	i, err := strconv.Atoi(s)
	if err != nil {
		return 0, err
	}
	if i < 0 {
		return 0, fmt.Errorf("negative index %d", i)
	}
	return i, nil
}

func (t *template) split(args, n *yaml.Node) *val {
	a, ok := seqArgs(args, 2)
	if !ok {
		return badArgs(n, "Fn::Split", "a delimiter and a string")
	}
	dv, sv := t.eval(a[0]), t.eval(a[1])
	sep, ok := dv.scalar()
	if !ok {
		return propagate(dv, n)
	}
	s, ok := sv.scalar()
	if !ok {
		return propagate(sv, n)
	}
	var items []*val
	for _, p := range strings.Split(s, sep) {
		items = append(items, knownVal(n, p))
	}
	return knownVal(n, items)
}

func (t *template) findInMap(args, n *yaml.Node) *val {
	a, ok := seqArgs(args, -1)
	if !ok || len(a) < 3 || len(a) > 4 {
		return badArgs(n, "Fn::FindInMap", "a map name, a top-level key and a second-level key")
	}
	keys := make([]string, 3)
	for i := range keys {
		kv := t.eval(a[i])
		s, ok := kv.scalar()
		if !ok {
			return propagate(kv, n)
		}
		keys[i] = s
	}
	_, m := mapGet(t.mappings, keys[0])
	_, top := mapGet(m, keys[1])
	if _, v := mapGet(top, keys[2]); v != nil {
		return t.eval(v).at(n) // the property's expression, not the Mappings entry
	}
	if len(a) == 4 {
		if _, d := mapGet(a[3], "DefaultValue"); d != nil {
			return t.eval(d)
		}
	}
	return unknownVal(n, fmt.Sprintf("Fn::FindInMap: %s.%s.%s is not in Mappings", keys[0], keys[1], keys[2]),
		"an entry missing from Mappings")
}

func (t *template) length(args, n *yaml.Node) *val {
	lv := t.eval(args)
	items, ok := lv.list()
	if !ok {
		return propagate(lv, n)
	}
	return knownVal(n, number(fmt.Sprint(len(items))))
}
