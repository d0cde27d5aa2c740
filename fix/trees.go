package fix

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"go.yaml.in/yaml/v3"

	"github.com/dynamoguard/dynamoguard/model"
	"github.com/dynamoguard/dynamoguard/parser/cloudformation"
	"github.com/dynamoguard/dynamoguard/rules"
)

// sources keeps, for the fixes of one file, each file's source as first
// read with its line index and syntax tree, and each resource's unit, so
// that a file or a resource with many findings is indexed and parsed once
// rather than once per finding.
type sources struct {
	files map[string]*source
	units map[model.Range]*unit // by the resource's extent; nil when it has none
}

func newSources() *sources {
	return &sources{files: map[string]*source{}, units: map[model.Range]*unit{}}
}

// get is the source of data, the content of the file named name: the one
// kept when data is the content it was made from (the same bytes in
// memory), else a new one, kept if none was.
func (m *sources) get(name string, data []byte) *source {
	if s, ok := m.files[name]; ok && sameBytes(s.data, data) {
		return s
	}
	s := newSource(name, data)
	if _, ok := m.files[name]; !ok {
		m.files[name] = s
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

// yamlLayout is the layout of the top-level node of the file, parsed, made
// once: the fixes of every resource of a template read it.
func (s *source) yamlLayout() (*model.TemplateLayout, error) {
	if s.yamlLay == nil && s.yamlLayErr == nil {
		doc, err := s.yaml()
		switch {
		case err != nil:
			s.yamlLayErr = err
		case doc.Kind != yaml.DocumentNode || len(doc.Content) == 0:
			s.yamlLayErr = fmt.Errorf("%s is empty", s.name)
		default:
			if s.yamlLay = cloudformation.Layout(s.body, doc.Content[0]); s.yamlLay == nil {
				s.yamlLayErr = fmt.Errorf("cannot locate the nodes of %s", s.name)
			}
		}
	}
	return s.yamlLay, s.yamlLayErr
}

// unit is a resource's own text made a file of its own: its lines, after
// prefix, the text a template resource needs to be read as one, with the
// sources its fixes are made on. A JSON resource written on one line after
// others has its text from its key.
type unit struct {
	data   []byte
	prefix string
	start  int // offset in the file's body of the unit's first byte
	line   int // the 1-based line of that offset
	col    int // its 1-based column: 1 but for a JSON resource on one line
	srcs   *sources
}

// unit is the unit of resource res in source s, made once; nil when the
// resource has none: no extent, or one that does not hold whole lines.
func (m *sources) unit(s *source, res *model.Resource) *unit {
	ext := res.Extent
	if u, ok := m.units[ext]; ok {
		return u
	}
	u := newUnit(s, res)
	m.units[ext] = u
	return u
}

func newUnit(s *source, res *model.Resource) *unit {
	ext := res.Extent
	if ext.IsZero() || ext.Filename != s.name {
		return nil
	}
	isJSON := res.Kind == model.CloudFormation && strings.HasSuffix(strings.ToLower(s.name), ".json")
	// In JSON, the offsets the loader gave: a minified template is one
	// line, whose columns are long to count.
	lo, hi := ext.Start.Byte-s.shift, ext.End.Byte-s.shift
	if !isJSON {
		lo, hi = s.offset(ext.Start.Line, ext.Start.Column), s.offset(ext.End.Line, ext.End.Column)
	}
	if lo < 0 || hi < lo || hi > len(s.body) {
		return nil
	}
	start, col := s.lineStart(lo), 1
	midLine := len(bytes.TrimLeft(s.body[start:lo], " \t")) > 0 // the resource does not start its line
	var end int
	prefix := ""
	switch {
	case midLine && (!isJSON || bytes.IndexByte(s.body[lo:hi], '\n') >= 0):
		return nil // only a JSON resource on one line has a unit from its key
	case res.Kind == model.Terraform && strings.HasSuffix(s.name, ".tf"):
		// to the end of the line of the closing brace
		end = len(s.body)
		if i := bytes.IndexByte(s.body[hi:], '\n'); i >= 0 {
			end = hi + i + 1
		}
	case res.Kind == model.CloudFormation && !isJSON:
		// to the start of the line of the key that follows
		if end = hi; hi < len(s.body) {
			end = s.lineStart(hi)
			if len(bytes.Trim(s.body[end:hi], " ")) > 0 {
				return nil
			}
		}
		prefix = "Resources:\n"
	case isJSON && res.Template != nil:
		// The resource's text up to the key that follows, which is not a
		// template of its own and is read only on the layout the loader
		// recorded: from its line's start, or from its key when it is
		// written on one line after others, whose columns then no edit
		// reads.
		if end = hi; midLine {
			start, col = lo, ext.Start.Column
		}
	default:
		return nil
	}
	line := ext.Start.Line
	if !midLine {
		line = s.pos(start).Line
	}
	return &unit{
		data:   append([]byte(prefix), s.body[start:end]...),
		prefix: prefix,
		start:  start,
		line:   line,
		col:    col,
		srcs:   newSources(),
	}
}

// inUnit makes the changes cs, all of one resource, on its unit rather than
// on the whole file, so that the fixes of a resource share the parse of its
// unit alone, and moves the edits back to their place in the file. ok is
// false when the changes cannot be made that way, and the whole file is
// then changed.
func (m *sources) inUnit(read func(string) ([]byte, error), cs []rules.Change, opts Options) (*rules.SuggestedFix, bool) {
	res := &cs[0].Resource
	name := res.Range.Filename
	for _, c := range cs {
		if _, deny := c.Value.(rules.DenyInsecureTransport); deny || len(c.At.Origins) > 0 || c.Resource.Range != res.Range {
			return nil, false
		}
	}
	data, err := read(name)
	if err != nil {
		return nil, false
	}
	s := m.get(name, data)
	u := m.unit(s, res)
	if u == nil {
		return nil, false
	}
	// The unit holds the resource's lines after its prefix: a layout offset
	// of the file is that much further in the unit.
	at := &layoutAt{shift: s.shift + u.start - len(u.prefix)}
	fx, err := makeSeq(u.srcs, func(n string) ([]byte, error) {
		if n == name {
			return u.data, nil
		}
		return read(n)
	}, cs, opts, at)
	if err != nil {
		return nil, false // made on the whole file, the error names its places
	}
	lines := strings.Count(u.prefix, "\n")
	for i := range fx.Edits {
		e := &fx.Edits[i]
		if e.Range.Filename != name {
			continue
		}
		if e.Range.Start.Byte < len(u.prefix) {
			return nil, false
		}
		for _, p := range []*model.Pos{&e.Range.Start, &e.Range.End} {
			if p.Line == lines+1 {
				p.Column += u.col - 1
			}
			p.Line += u.line - 1 - lines
			p.Byte += u.start + s.shift - len(u.prefix)
		}
	}
	return fx, true
}
