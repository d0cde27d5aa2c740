package cloudformation

import (
	"fmt"
	"strings"

	"github.com/dynamoguard/dynamoguard/model"
	"go.yaml.in/yaml/v3"
)

// Bounds on Fn::ForEach (AWS::LanguageExtensions).
const (
	// maxForEachDepth is how deep loops nest: CloudFormation allows five
	// levels.
	maxForEachDepth = 5
	// maxForEachResources is how many resources the loops of one template
	// generate: a template holds at most 500 resources.
	maxForEachResources = 500
	// maxForEachItems is how many collection items the loops of one
	// template visit.
	maxForEachItems = 10000
	// maxForEachNodes is how many nodes the loops of one template copy,
	// and maxForEachBytes how many bytes of text their substitutions make.
	maxForEachNodes = 1 << 20
	maxForEachBytes = 64 << 20
)

// forEach is the expansion of the Fn::ForEach loops of one template's
// Resources section.
type forEach struct {
	t         *template
	resources int
	items     int
	nodes     int
	bytes     int
	// stopped is set once a bound was reached and reported.
	stopped bool
}

// expandForEach expands the loop Fn::ForEach::Name (key k, value v) of the
// Resources section and indexes the resources it generates, each under its
// generated logical ID. A loop whose collection cannot be resolved is not
// analysed.
func (t *template) expandForEach(k, v *yaml.Node) {
	if t.loops == nil {
		t.loops = &forEach{t: t}
	}
	for _, p := range t.loops.expand(k, v, nil, 1) {
		t.addResource(p[0], p[1])
	}
}

// expand returns the (key, value) pairs loop k: v generates, with the
// identifiers of the enclosing loops replaced by subst.
func (f *forEach) expand(k, v *yaml.Node, subst map[string]string, depth int) [][2]*yaml.Node {
	t := f.t
	notAnalysed := func(reason string) [][2]*yaml.Node {
		t.proj.NotAnalysed = append(t.proj.NotAnalysed, model.NotAnalysed{
			Range: t.src.rng(k), What: k.Value,
			Reason: reason + ", so the resources it generates were not analysed",
		})
		return nil
	}
	if f.stopped {
		return notAnalysed("the template's loops generate more than the scanner expands")
	}
	if depth > maxForEachDepth {
		t.warn(k, "Fn::ForEach nested too deep",
			fmt.Sprintf("CloudFormation nests Fn::ForEach loops at most %d levels deep; this loop was not expanded.", maxForEachDepth))
		return notAnalysed("it is nested too deep")
	}
	args, ok := seqArgs(v, 3)
	id := (*yaml.Node)(nil)
	if ok {
		id = deref(args[0])
	}
	body := (*yaml.Node)(nil)
	if ok {
		body = deref(args[2])
	}
	if id == nil || id.Kind != yaml.ScalarNode || id.Value == "" || body == nil || body.Kind != yaml.MappingNode {
		t.warn(k, "invalid Fn::ForEach", "Fn::ForEach takes a list of an identifier, a collection and a mapping "+
			"of output keys to resources; this loop was not expanded.")
		return notAnalysed("it is not a valid Fn::ForEach")
	}
	if c := deref(args[1]); c != nil && c.Kind == yaml.SequenceNode && len(c.Content) > maxForEachItems {
		return f.tooMany(k, notAnalysed)
	}
	collNode := f.copy(args[1], subst)
	if f.exhausted() {
		return f.tooMany(k, notAnalysed)
	}
	coll := t.eval(collNode)
	items, ok := coll.list()
	if !ok {
		return notAnalysed("its collection cannot be resolved: " + reasonOf(coll, "the collection is not a list"))
	}
	values := make([]string, len(items))
	for i, it := range items {
		if values[i], ok = it.scalar(); !ok {
			return notAnalysed("an item of its collection cannot be resolved: " + reasonOf(it, "an item is not a string"))
		}
	}
	var out [][2]*yaml.Node
	pairs := entries(body)
	for _, value := range values {
		f.items++
		if f.items > maxForEachItems {
			return append(out, f.tooMany(k, notAnalysed)...)
		}
		inner := make(map[string]string, len(subst)+1)
		for name, s := range subst {
			inner[name] = s
		}
		inner[id.Value] = value
		for i := 0; i+1 < len(pairs); i += 2 {
			ok, ov := pairs[i], pairs[i+1]
			if ok.Kind != yaml.ScalarNode {
				continue
			}
			if strings.HasPrefix(ok.Value, "Fn::ForEach::") {
				out = append(out, f.expand(ok, ov, inner, depth+1)...)
				continue
			}
			f.resources++
			key := *ok
			t.src.same(&key, ok)
			key.Value = f.substitute(ok.Value, inner, true)
			body := f.copy(ov, inner)
			if f.resources > maxForEachResources || f.exhausted() {
				return append(out, f.tooMany(k, notAnalysed)...)
			}
			out = append(out, [2]*yaml.Node{&key, body})
		}
	}
	return out
}

// exhausted reports whether the copies went past their bounds: the copy
// last made is then incomplete.
func (f *forEach) exhausted() bool {
	return f.nodes > maxForEachNodes || f.bytes > maxForEachBytes
}

// tooMany reports, once, that the loops generate more than the scanner
// expands.
func (f *forEach) tooMany(k *yaml.Node, notAnalysed func(string) [][2]*yaml.Node) [][2]*yaml.Node {
	if !f.stopped {
		f.stopped = true
		f.t.warn(k, "Fn::ForEach generates too many resources",
			fmt.Sprintf("The scanner expands at most %d resources from %d collection items (a template holds at most "+
				"500 resources); the resources past that were not analysed.", maxForEachResources, maxForEachItems))
	}
	return notAnalysed("the template's loops generate more than the scanner expands")
}

// copy copies node n with the loop identifiers of subst replaced: a Ref to
// one becomes its value, ${Name} in a Fn::Sub string and ${Name} or
// &{Name} in a mapping key become the value (&{} keeps its letters and
// digits only). The copy keeps the positions of n.
func (f *forEach) copy(n *yaml.Node, subst map[string]string) *yaml.Node {
	n = deref(n)
	if n == nil {
		return nil
	}
	f.nodes++
	if len(subst) == 0 || f.exhausted() {
		return n
	}
	if fn, args, ok := intrinsic(n); ok {
		a := deref(args)
		switch {
		case fn == "Ref" && a != nil && a.Kind == yaml.ScalarNode:
			if s, ok := subst[a.Value]; ok {
				c := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s, Line: n.Line, Column: n.Column}
				f.t.src.same(c, n)
				return c
			}
			return n
		case fn == "Fn::Sub" && a != nil && a.Kind == yaml.ScalarNode:
			c := *n
			f.t.src.same(&c, n)
			if n.Kind == yaml.MappingNode { // {"Fn::Sub": "…"}
				c.Content = []*yaml.Node{n.Content[0], f.subNode(a, subst)}
				return &c
			}
			c.Value = f.substitute(n.Value, subst, false)
			return &c
		case fn == "Fn::Sub" && a != nil && a.Kind == yaml.SequenceNode && len(a.Content) == 2:
			c := f.copyChildren(n, subst)
			seq := c
			if n.Kind == yaml.MappingNode {
				seq = c.Content[1]
			}
			seq.Content[0] = f.subNode(deref(seq.Content[0]), subst)
			return c
		}
	}
	switch n.Kind {
	case yaml.MappingNode, yaml.SequenceNode:
		return f.copyChildren(n, subst)
	}
	return n
}

// copyChildren copies a collection node and its children; the keys of a
// mapping have their ${Name} and &{Name} replaced.
func (f *forEach) copyChildren(n *yaml.Node, subst map[string]string) *yaml.Node {
	c := *n
	f.t.src.same(&c, n)
	c.Content = make([]*yaml.Node, len(n.Content))
	for i, child := range n.Content {
		if n.Kind == yaml.MappingNode && i%2 == 0 && child.Kind == yaml.ScalarNode {
			k := *child
			f.t.src.same(&k, child)
			k.Value = f.substitute(child.Value, subst, true)
			c.Content[i] = &k
			continue
		}
		c.Content[i] = f.copy(child, subst)
	}
	return &c
}

// subNode copies the string of a Fn::Sub with ${Name} replaced.
func (f *forEach) subNode(n *yaml.Node, subst map[string]string) *yaml.Node {
	if n == nil || n.Kind != yaml.ScalarNode {
		return n
	}
	c := *n
	f.t.src.same(&c, n)
	c.Value = f.substitute(n.Value, subst, false)
	return &c
}

// substitute replaces ${Name} of the loop identifiers in s by their
// values; in a key, &{Name} too, by the value's letters and digits. It
// counts the bytes it makes.
func (f *forEach) substitute(s string, subst map[string]string, key bool) string {
	if !strings.Contains(s, "{") {
		return s
	}
	for name, v := range subst {
		if n := strings.Count(s, "${"+name+"}") + strings.Count(s, "&{"+name+"}"); n > 0 {
			if f.bytes += n * len(v); f.exhausted() {
				return s
			}
		}
		s = strings.ReplaceAll(s, "${"+name+"}", v)
		if key {
			s = strings.ReplaceAll(s, "&{"+name+"}", alphanumeric(v))
		}
	}
	return s
}

// alphanumeric keeps the ASCII letters and digits of s.
func alphanumeric(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	return b.String()
}
