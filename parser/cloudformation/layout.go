package cloudformation

import (
	"bytes"
	"math"

	"go.yaml.in/yaml/v3"

	"github.com/dynamoguard/dynamoguard/internal/yamltree"
	"github.com/dynamoguard/dynamoguard/model"
)

// Layout is the layout of the trees of nodes, in turn, of a template
// parsed from data, at offsets of data; nil when a node is not where its
// position says. The loader records that of each resource, its logical
// ID key and its value.
func Layout(data []byte, nodes ...*yaml.Node) *model.TemplateLayout {
	return indexSource("", data, false).layout(nodes...)
}

// layout is Layout on the template's source.
func (s *source) layout(nodes ...*yaml.Node) *model.TemplateLayout {
	if len(s.data) > math.MaxInt32 || s.transcoded {
		return nil
	}
	size := 0
	for _, n := range nodes {
		size += yamltree.Size(n)
	}
	lay := &model.TemplateLayout{Nodes: make([]model.TemplateNode, 0, size)}
	for _, n := range nodes {
		if !s.addNode(lay, n) {
			return nil
		}
	}
	return lay
}

// addNode appends n and its children to lay.
func (s *source) addNode(lay *model.TemplateLayout, n *yaml.Node) bool {
	at := s.offset(n.Line, n.Column)
	if at < 0 {
		return false
	}
	node := model.TemplateNode{At: int32(at), Kind: uint8(n.Kind), Style: uint8(n.Style)}
	core, isCore := model.CoreTemplateTag(n.Tag)
	node.Core = core
	if !isCore || n.Anchor != "" {
		var m model.TemplateMark
		if !isCore {
			m.Tag = addName(lay, n.Tag)
		}
		m.Anchor = addName(lay, n.Anchor)
		lay.Marks = append(lay.Marks, m)
		node.Mark = int32(len(lay.Marks))
	}
	if n.Kind == yaml.ScalarNode || n.Kind == yaml.AliasNode {
		node.Value, node.InNames = s.valueSpan(lay, at, n.Value)
	}
	i := len(lay.Nodes)
	lay.Nodes = append(lay.Nodes, node)
	for _, c := range n.Content {
		if !s.addNode(lay, c) {
			return false
		}
	}
	lay.Nodes[i].Next = int32(len(lay.Nodes))
	return true
}

// valueSpan is where value, that of the scalar or alias at offset at, is
// written: in the file, at at or after its quote or asterisk, else in the
// names of lay.
func (s *source) valueSpan(lay *model.TemplateLayout, at int, value string) (model.Span, bool) {
	from := at
	if at < len(s.data) && bytes.IndexByte([]byte(`"'*`), s.data[at]) >= 0 {
		from++
	}
	if bytes.HasPrefix(s.data[from:], []byte(value)) {
		return model.Span{Start: int32(from), End: int32(from + len(value))}, false
	}
	return addName(lay, value), true
}

// addName appends text to the names of lay and returns where it is.
func addName(lay *model.TemplateLayout, text string) model.Span {
	start := len(lay.Names)
	lay.Names = append(lay.Names, text...)
	return model.Span{Start: int32(start), End: int32(len(lay.Names))}
}
