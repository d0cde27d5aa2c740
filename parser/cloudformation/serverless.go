package cloudformation

import (
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/dynamoguard/dynamoguard/model"
	"go.yaml.in/yaml/v3"
)

// isServerless reports whether name is a Serverless Framework service file,
// whose resources section holds CloudFormation.
func isServerless(name string) bool {
	switch path.Base(filepath.ToSlash(name)) {
	case "serverless.yml", "serverless.yaml":
		return true
	}
	return false
}

// maxServerlessDepth bounds the variables that refer to other variables,
// and maxServerlessText the length of a string once they are resolved.
const (
	maxServerlessDepth = 10
	maxServerlessText  = 1 << 20
)

// slsVars resolves the ${source:address, fallback} variables of a
// Serverless Framework service file within the file: self: addresses are
// read from it, and the defaults of opt:, env:, sls: and aws: variables
// stand in for what the command line and the environment would give,
// which the scanner never reads. What cannot be resolved so becomes an
// unknown value.
type slsVars struct {
	root *yaml.Node
	// unknown holds the values of the nodes that stand for unresolved
	// variables.
	unknown map[*yaml.Node]*val
	// origins are the self: addresses that decided the value of the nodes
	// that stand for resolved variables.
	origins map[*yaml.Node][]model.Origin
	src     *source
	steps   int
	// resolving are the self: addresses being resolved, to catch cycles.
	resolving map[string]bool

	// readFile reads the files of ${file(…)} variables (nil: they are not
	// read); files holds their parsed roots, or why they cannot be read.
	readFile func(name string) ([]byte, error)
	files    map[string]fileRoot
	// proj lists the files read, and diags their problems.
	proj  *model.Project
	diags model.Diagnostics
}

// fileRoot is a file read for a ${file(…)} variable: its top-level node,
// or why it cannot be read.
type fileRoot struct {
	root *yaml.Node
	why  string
}

// parseServerless reads the resources section of the service file src,
// whose parsed root is root: plain CloudFormation (Resources, Outputs,
// Conditions, …) once its variables are resolved. A file without one
// holds no CloudFormation and gives an empty project.
func parseServerless(src *source, root *yaml.Node, opts Options) (*model.Project, model.Diagnostics) {
	_, res := mapGet(root, "resources")
	if res == nil {
		return &model.Project{}, nil
	}
	s := &slsVars{root: root, src: src, unknown: map[*yaml.Node]*val{}, origins: map[*yaml.Node][]model.Origin{},
		resolving: map[string]bool{}, readFile: opts.ReadTemplate, files: map[string]fileRoot{}, proj: &model.Project{}}
	tmpl := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: res.Line, Column: res.Column}
	parts := []*yaml.Node{res}
	if res.Kind == yaml.SequenceNode { // several fragments, merged
		parts = res.Content
	}
	for _, part := range parts {
		r := deref(s.node(part, 0))
		if r == nil || r.Kind != yaml.MappingNode {
			reason := "it is not a mapping of CloudFormation sections"
			if v, ok := s.unknown[r]; ok {
				reason = v.reason
			}
			s.proj.NotAnalysed = append(s.proj.NotAnalysed, model.NotAnalysed{Range: src.rng(part),
				What: "resources entry " + exprString(part), Reason: reason})
			continue
		}
		s.mergeSections(tmpl, r)
	}
	if k, _ := mapGet(tmpl, "Resources"); k == nil {
		s.proj.Files = append([]model.File{{Path: src.name, Kind: model.CloudFormation, Parsed: true}}, s.proj.Files...)
		return s.proj, s.diags
	}
	preset := s.unknown
	for n, o := range s.origins {
		v := scalarVal(n)
		v.origins = o
		preset[n] = v
	}
	proj, diags := parseTemplateWith(src, tmpl, opts, preset)
	proj.Merge(s.proj)
	return proj, append(s.diags, diags...)
}

// mergeSections merges the sections of the resources fragment part into
// tmpl, as the Serverless Framework merges its resources: the entries of a
// section both have (Resources, Outputs, …) are put together.
func (s *slsVars) mergeSections(tmpl, part *yaml.Node) {
	pairs := entries(part)
	for i := 0; i+1 < len(pairs); i += 2 {
		k, v := pairs[i], deref(pairs[i+1])
		j := slices.IndexFunc(tmpl.Content, func(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Value == k.Value })
		if j < 0 || j%2 != 0 || v == nil || v.Kind != yaml.MappingNode {
			tmpl.Content = append(tmpl.Content, k, pairs[i+1])
			continue
		}
		prev := deref(tmpl.Content[j+1])
		if prev == nil || prev.Kind != yaml.MappingNode {
			continue
		}
		merged := *prev
		s.src.same(&merged, prev)
		merged.Content = append(append([]*yaml.Node(nil), entries(prev)...), entries(v)...)
		tmpl.Content[j+1] = &merged
	}
}

// node returns n with its variables resolved: n itself when it has none,
// else a copy.
func (s *slsVars) node(n *yaml.Node, depth int) *yaml.Node {
	n = deref(n)
	s.steps++
	if n == nil || s.steps > maxSteps {
		return n
	}
	switch n.Kind {
	case yaml.ScalarNode:
		if !strings.Contains(n.Value, "${") {
			return n
		}
		return s.scalar(n, depth)
	case yaml.MappingNode, yaml.SequenceNode:
		var c *yaml.Node
		for i, child := range n.Content {
			var r *yaml.Node
			if n.Kind == yaml.MappingNode && i%2 == 0 {
				r = s.key(child, depth)
			} else {
				r = s.node(child, depth)
			}
			if r != child && c == nil {
				copied := *n
				copied.Content = append([]*yaml.Node(nil), n.Content...)
				c = &copied
				s.src.same(c, n)
			}
			if c != nil {
				c.Content[i] = r
			}
		}
		if c != nil {
			return c
		}
	}
	return n
}

// key resolves the variables of a mapping key; one that cannot be resolved
// is kept as written.
func (s *slsVars) key(k *yaml.Node, depth int) *yaml.Node {
	if k.Kind != yaml.ScalarNode || !strings.Contains(k.Value, "${") {
		return k
	}
	r := s.scalar(k, depth)
	if _, unknown := s.unknown[r]; unknown || r.Kind != yaml.ScalarNode {
		return k
	}
	return r
}

// scalar resolves the variables of the scalar n. A scalar that is exactly
// one variable takes the variable's value, which may be a mapping or a
// list; otherwise the parts are joined as text.
func (s *slsVars) scalar(n *yaml.Node, depth int) *yaml.Node {
	text := n.Value
	spans := variables(text)
	if len(spans) == 0 {
		return n
	}
	if len(spans) == 1 && spans[0][0] == 0 && spans[0][1] == len(text) {
		v, origins, reason := s.variable(text[2:len(text)-1], depth)
		if v == nil {
			return s.unresolved(n, reason, "${?}")
		}
		if v.Kind == yaml.ScalarNode {
			c := *v
			c.Line, c.Column, c.Style = n.Line, n.Column, n.Style
			if isFunctionTag(n.Tag) { // !Sub ${self:…}
				c.Tag = n.Tag
			}
			s.src.same(&c, n)
			if len(origins) > 0 {
				s.origins[&c] = origins
			}
			return &c
		}
		return v // the variable's mapping or list, at its own position
	}
	var b, pattern strings.Builder
	reason := ""
	last := 0
	for _, sp := range spans {
		b.WriteString(text[last:sp[0]])
		pattern.WriteString(text[last:sp[0]])
		last = sp[1]
		v, _, why := s.variable(text[sp[0]+2:sp[1]-1], depth)
		if v != nil && v.Kind != yaml.ScalarNode {
			v, why = nil, fmt.Sprintf("%s is not a string", text[sp[0]:sp[1]])
		}
		if v == nil {
			if reason == "" {
				reason = why
			}
			pattern.WriteString("${?}")
			continue
		}
		b.WriteString(v.Value)
		pattern.WriteString(v.Value)
		if b.Len() > maxServerlessText {
			return s.unresolved(n, "the value is too long once its Serverless variables are resolved", "${?}")
		}
	}
	b.WriteString(text[last:])
	pattern.WriteString(text[last:])
	if reason != "" {
		return s.unresolved(n, reason, pattern.String())
	}
	tag := "!!str"
	if isFunctionTag(n.Tag) { // !Sub "${AWS::Region}-${self:service}"
		tag = n.Tag
	}
	c := &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: b.String(), Line: n.Line, Column: n.Column, Style: n.Style}
	s.src.same(c, n)
	return c
}

// isFunctionTag reports whether a YAML tag is the short form of an
// intrinsic function (!Sub), not a core tag (!!str).
func isFunctionTag(tag string) bool {
	return strings.HasPrefix(tag, "!") && !strings.HasPrefix(tag, "!!")
}

// unresolved is a node standing for n, whose variables cannot be resolved:
// an unknown string whose text is pattern.
func (s *slsVars) unresolved(n *yaml.Node, reason, pattern string) *yaml.Node {
	c := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: n.Value, Line: n.Line, Column: n.Column, Style: n.Style}
	s.src.same(c, n)
	v := unknownVal(c, reason, "a Serverless Framework variable resolved at deploy time")
	v.text, v.hasText = pattern, true
	s.unknown[c] = v
	return c
}

// serverlessSources are the variable sources of the Serverless Framework;
// ${Name} and ${AWS::Region} are Fn::Sub's and are left alone.
var serverlessSources = map[string]bool{
	"self": true, "opt": true, "env": true, "sls": true, "aws": true, "ssm": true, "cf": true, "s3": true,
	"param": true, "file": true, "strToBool": true, "git": true, "terraform": true, "vault": true,
}

// slsVariableVal is the value of a scalar n of a template (not a service
// file) holding a Serverless Framework variable: a resources file that a
// service file reads, scanned on its own. Its variables are the service
// file's, so the value is unknown.
func slsVariableVal(n *yaml.Node) (*val, bool) {
	spans := variables(n.Value)
	if len(spans) == 0 {
		return nil, false
	}
	v := unknownVal(n, fmt.Sprintf("%s is a Serverless Framework variable of the service file that reads this file",
		n.Value[spans[0][0]:spans[0][1]]), "a Serverless Framework variable")
	var b strings.Builder
	last := 0
	for _, sp := range spans {
		b.WriteString(n.Value[last:sp[0]] + "${?}")
		last = sp[1]
	}
	v.text, v.hasText = b.String()+n.Value[last:], true
	return v, true
}

// variables returns the [start, end) spans of the outermost Serverless
// variables of text.
func variables(text string) [][2]int {
	var out [][2]int
	for i := 0; i+1 < len(text); i++ {
		if text[i] != '$' || text[i+1] != '{' {
			continue
		}
		depth, j := 0, i
		for ; j < len(text); j++ {
			if text[j] == '{' {
				depth++
			} else if text[j] == '}' {
				if depth--; depth == 0 {
					break
				}
			}
		}
		if j == len(text) {
			break
		}
		if isServerlessVariable(text[i+2 : j]) {
			out = append(out, [2]int{i, j + 1})
		}
		i = j
	}
	return out
}

// isServerlessVariable reports whether the inside of ${…} is a Serverless
// variable: a known source, then one colon (file(…) takes a path first).
func isServerlessVariable(expr string) bool {
	if strings.HasPrefix(expr, "file(") {
		return true
	}
	src, rest, ok := strings.Cut(expr, ":")
	return ok && serverlessSources[strings.TrimSpace(src)] && !strings.HasPrefix(rest, ":")
}

// variable resolves the inside of one ${…}: its sources in order, the
// first one that resolves wins, with the self: addresses that decided it.
// It returns nil and why when none does.
func (s *slsVars) variable(expr string, depth int) (*yaml.Node, []model.Origin, string) {
	if depth > maxServerlessDepth {
		return nil, nil, "Serverless variables nest too deep"
	}
	// Variables inside the address, such as ${self:custom.${opt:stage}}.
	if spans := variables(expr); len(spans) > 0 {
		tmp := s.scalar(&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: expr}, depth+1)
		if v, unknown := s.unknown[tmp]; unknown {
			return nil, nil, v.reason
		}
		expr = tmp.Value
	}
	first := ""
	for _, source := range splitSources(expr) {
		v, origins, why := s.source(strings.TrimSpace(source), depth)
		if v != nil {
			return v, origins, ""
		}
		if first == "" {
			first = why
		}
	}
	return nil, nil, first
}

// splitSources splits a variable's sources at the commas outside quotes.
func splitSources(expr string) []string {
	var out []string
	quote := byte(0)
	last := 0
	for i := 0; i < len(expr); i++ {
		switch c := expr[i]; {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == ',':
			out = append(out, expr[last:i])
			last = i + 1
		}
	}
	return append(out, expr[last:])
}

// source resolves one source of a variable.
func (s *slsVars) source(src string, depth int) (*yaml.Node, []model.Origin, string) {
	if len(src) >= 2 && (src[0] == '\'' || src[0] == '"') && src[len(src)-1] == src[0] {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: src[1 : len(src)-1]}, nil, ""
	}
	if strings.HasPrefix(src, "file(") {
		return s.file(src, depth)
	}
	name, addr, ok := strings.Cut(src, ":")
	if !ok {
		if _, err := strconv.ParseFloat(src, 64); err == nil || src == "true" || src == "false" {
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: src}, nil, ""
		}
		return nil, nil, fmt.Sprintf("${%s} is not a Serverless variable the scanner resolves", src)
	}
	switch name {
	case "self":
		return s.self(addr, depth)
	case "opt":
		return nil, nil, fmt.Sprintf("${opt:%s} is given on the serverless command line", addr)
	case "env":
		return nil, nil, fmt.Sprintf("${env:%s} is read from the environment at deploy time", addr)
	case "sls":
		if addr == "stage" {
			return s.variable("self:provider.stage, 'dev'", depth+1)
		}
	case "aws":
		if addr == "region" {
			return s.variable("self:provider.region, 'us-east-1'", depth+1)
		}
	}
	return nil, nil, fmt.Sprintf("${%s} is resolved by the Serverless Framework at deploy time", src)
}

// file resolves ${file(path):address}: the YAML or JSON file at path,
// relative to the service file, or the part of it at address, with its
// variables resolved in the service file's context.
func (s *slsVars) file(src string, depth int) (*yaml.Node, []model.Origin, string) {
	end := strings.IndexByte(src, ')')
	if end < 0 {
		return nil, nil, fmt.Sprintf("${%s} is not a valid file variable", src)
	}
	loc := strings.Trim(strings.TrimSpace(src[len("file("):end]), `'"`)
	addr := strings.TrimPrefix(src[end+1:], ":")
	name := path.Join(path.Dir(s.src.name), loc)
	switch ext := strings.ToLower(path.Ext(name)); {
	case s.readFile == nil:
		return nil, nil, fmt.Sprintf("${%s} reads another file, which is read only when its folder is scanned", src)
	case name == ".." || strings.HasPrefix(name, "../") || path.IsAbs(loc):
		return nil, nil, fmt.Sprintf("${%s} reads a file outside the scan root", src)
	case ext != ".yml" && ext != ".yaml" && ext != ".json":
		return nil, nil, fmt.Sprintf("${%s} is computed by code, which the scanner does not run", src)
	}
	f, ok := s.files[name]
	if !ok {
		f = s.load(name)
		s.files[name] = f
	}
	if f.root == nil {
		return nil, nil, fmt.Sprintf("${%s}: %s", src, f.why)
	}
	n, why := lookup(f.root, addr)
	if n == nil {
		return nil, nil, fmt.Sprintf("${%s}: %s", src, why)
	}
	r := s.node(n, depth+1)
	if v, unknown := s.unknown[r]; unknown {
		return nil, nil, v.reason
	}
	return r, nil, ""
}

// load reads and parses the file name of a ${file(…)} variable; its nodes
// keep their positions in it.
func (s *slsVars) load(name string) fileRoot {
	data, err := s.readFile(name)
	if err != nil {
		return fileRoot{why: name + " cannot be read"}
	}
	src := newSource(name, data)
	root, err := parseRoot(src.data)
	file := model.File{Path: name, Kind: model.CloudFormation, Parsed: err == nil}
	s.proj.Files = append(s.proj.Files, file)
	if err != nil {
		s.diags = append(s.diags, syntaxError(src, err))
		return fileRoot{why: name + " is not valid YAML or JSON"}
	}
	if root == nil {
		return fileRoot{why: name + " is empty"}
	}
	s.src.adopt(root, src)
	return fileRoot{root: root}
}

// lookup returns the node at the dotted address addr below n ("" for n),
// or nil and why.
func lookup(n *yaml.Node, addr string) (*yaml.Node, string) {
	for _, part := range strings.Split(addr, ".") {
		if part == "" {
			continue
		}
		n = deref(n)
		switch {
		case n != nil && n.Kind == yaml.SequenceNode:
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(n.Content) {
				return nil, addr + " is not in the file"
			}
			n = n.Content[i]
		default:
			_, n = mapGet(n, part)
		}
		if n == nil {
			return nil, addr + " is not in the file"
		}
	}
	return n, ""
}

// self reads the address addr (custom.tables.orders, provider.stage) of the
// service file, resolving the variables of what it finds; a scalar has the
// address where it is written as its origin.
func (s *slsVars) self(addr string, depth int) (*yaml.Node, []model.Origin, string) {
	if s.resolving[addr] {
		return nil, nil, fmt.Sprintf("${self:%s} refers to itself", addr)
	}
	n, _ := lookup(s.root, addr)
	if n == nil {
		return nil, nil, fmt.Sprintf("${self:%s} is not in the service file", addr)
	}
	s.resolving[addr] = true
	defer delete(s.resolving, addr)
	r := s.node(n, depth+1)
	if v, unknown := s.unknown[r]; unknown {
		return nil, nil, v.reason
	}
	if o, ok := s.origins[r]; ok {
		return r, o, ""
	}
	if r.Kind != yaml.ScalarNode {
		return r, nil, ""
	}
	return r, []model.Origin{{Kind: model.OriginServerlessVariable, Name: strings.Trim(addr, "."), Range: s.src.rng(n)}}, ""
}
