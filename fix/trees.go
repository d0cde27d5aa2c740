package fix

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"go.yaml.in/yaml/v3"

	"github.com/dynamoguard/dynamoguard/model"
	"github.com/dynamoguard/dynamoguard/rules"
)

// sources keeps, for the fixes of one scan, each file's source as first
// read with its line index and syntax tree, so that a file with many
// findings is indexed and parsed once rather than once per finding.
type sources map[string]*source

// get is the source of data, the content of the file named name: the one
// kept when data is the content it was made from (the same bytes in
// memory), else a new one, kept if none was.
func (m sources) get(name string, data []byte) *source {
	if s, ok := m[name]; ok && sameBytes(s.data, data) {
		return s
	}
	s := newSource(name, data)
	if _, ok := m[name]; !ok {
		m[name] = s
	}
	return s
}

// sameBytes reports whether a and b are the same bytes in memory.
func sameBytes(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// hcl is the native syntax body of the file, parsed once.
func (s *source) hcl() (*hclsyntax.Body, error) {
	if s.hclBody == nil && s.hclErr == nil {
		file, diags := hclsyntax.ParseConfig(s.body, s.name, hcl.InitialPos)
		switch body, ok := file.Body.(*hclsyntax.Body); {
		case diags.HasErrors():
			s.hclErr = fmt.Errorf("cannot parse %s: %w", s.name, diags)
		case !ok:
			s.hclErr = errors.New("not a native syntax file")
		default:
			s.hclBody = body
		}
	}
	return s.hclBody, s.hclErr
}

// yaml is the node tree of the file, parsed once. The tree is shared: the
// edits read it and never change it.
func (s *source) yaml() (*yaml.Node, error) {
	if s.yamlDoc == nil && s.yamlErr == nil {
		var doc yaml.Node
		if err := yaml.Unmarshal(s.body, &doc); err != nil {
			s.yamlErr = fmt.Errorf("cannot parse %s: %w", s.name, err)
		} else {
			s.yamlDoc = &doc
		}
	}
	return s.yamlDoc, s.yamlErr
}

// hclUnit is the lines of the top-level block holding body[lo:hi].
func (s *source) hclUnit(lo, hi int) (start, end int, ok bool) {
	body, err := s.hcl()
	if err != nil {
		return 0, 0, false
	}
	// the blocks are in source order: the one holding lo is the last that
	// starts at or before it
	i := sort.Search(len(body.Blocks), func(i int) bool { return body.Blocks[i].Range().Start.Byte > lo }) - 1
	if i >= 0 {
		r := body.Blocks[i].Range()
		if r.End.Byte < hi {
			return 0, 0, false
		}
		start = s.lineStart(r.Start.Byte)
		if len(bytes.TrimLeft(s.body[start:r.Start.Byte], " \t")) > 0 {
			return 0, 0, false
		}
		end = len(s.body)
		if i := bytes.IndexByte(s.body[r.End.Byte:], '\n'); i >= 0 {
			end = r.End.Byte + i + 1
		}
		return start, end, true
	}
	return 0, 0, false
}

// yamlUnit is the lines of the resource holding body[lo:hi], from its key
// to the key of the next resource.
func (s *source) yamlUnit(lo, hi int) (start, end int, ok bool) {
	doc, err := s.yaml()
	if err != nil || doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 || doc.Content[0].Style&yaml.FlowStyle != 0 {
		return 0, 0, false
	}
	res := mappingValue(doc.Content[0], "Resources")
	if res == nil || res.Kind != yaml.MappingNode || res.Style&yaml.FlowStyle != 0 {
		return 0, 0, false
	}
	// the keys are in source order: the resource holding lo is the last
	// whose key's line starts at or before it
	keys := len(res.Content) / 2
	i := sort.Search(keys, func(i int) bool {
		k := res.Content[2*i]
		return k.Line < 1 || k.Line > len(s.lines) || s.lines[k.Line-1] > lo
	}) - 1
	if i < 0 || i+1 >= keys {
		return 0, 0, false
	}
	start, ok1 := s.keyLine(res.Content[2*i])
	end, ok2 := s.keyLine(res.Content[2*i+2])
	if !ok1 || !ok2 || start > lo || end < hi {
		return 0, 0, false
	}
	return start, end, true
}

// keyLine is the start of the line of key k, which must be the first thing
// on it.
func (s *source) keyLine(k *yaml.Node) (int, bool) {
	if k.Line < 1 || k.Line > len(s.lines) {
		return 0, false
	}
	start := s.lines[k.Line-1]
	if k.Column < 1 || start+k.Column-1 > len(s.body) || len(bytes.Trim(s.body[start:start+k.Column-1], " ")) > 0 {
		return 0, false
	}
	return start, true
}

// inUnit makes the changes cs, all of one resource, on a file made of the
// resource's unit alone (a Terraform block, or a template resource under a
// Resources key of its own), so that each change re-reads the unit rather
// than the whole file, and moves the edits back to their place in the
// file. ok is false when the changes cannot be made that way, and the
// whole file is then changed.
func (m sources) inUnit(read func(string) ([]byte, error), cs []rules.Change, opts Options) (*rules.SuggestedFix, bool) {
	at := cs[0].Resource.Range
	name := at.Filename
	for _, c := range cs {
		if _, deny := c.Value.(rules.DenyInsecureTransport); deny || len(c.At.Origins) > 0 || c.Resource.Range != at {
			return nil, false
		}
	}
	data, err := read(name)
	if err != nil {
		return nil, false
	}
	s := m.get(name, data)
	lo := s.offset(at.Start.Line, at.Start.Column)
	if lo < 0 {
		return nil, false
	}
	var start, end int
	ok := false
	prefix := ""
	switch kind := cs[0].Resource.Kind; {
	case kind == model.Terraform && strings.HasSuffix(name, ".tf"):
		start, end, ok = s.hclUnit(lo, lo)
	case kind == model.CloudFormation && !strings.HasSuffix(strings.ToLower(name), ".json"):
		if start, end, ok = s.yamlUnit(lo, lo); !ok {
			return nil, false
		}
		doc, _ := s.yaml() // parsed by yamlUnit
		if k := mappingKey(doc.Content[0], "Resources"); k == nil || k.Column != 1 {
			return nil, false // the unit's own Resources key must be where the file's is
		}
		prefix = "Resources:\n"
	}
	if !ok {
		return nil, false
	}
	sub := append([]byte(prefix), s.body[start:end]...)
	fx, err := makeSeq(sources{}, func(n string) ([]byte, error) {
		if n == name {
			return sub, nil
		}
		return read(n)
	}, cs, opts)
	if err != nil {
		return nil, false // made on the whole file, the error names its places
	}
	lines := strings.Count(prefix, "\n")
	startLine := s.pos(start).Line
	for i := range fx.Edits {
		e := &fx.Edits[i]
		if e.Range.Filename != name {
			continue
		}
		if e.Range.Start.Byte < len(prefix) {
			return nil, false
		}
		for _, p := range []*model.Pos{&e.Range.Start, &e.Range.End} {
			p.Line += startLine - 1 - lines
			p.Byte += start + s.shift - len(prefix)
		}
	}
	return fx, true
}
