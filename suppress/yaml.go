package suppress

import (
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/dynamoguard/dynamoguard/model"
)

// readYAML returns the directives of a CloudFormation template (YAML or
// JSON): each resource's Metadata (dynamoguard.ignore, and with peers
// checkov.skip, cfn_nag.rules_to_suppress, guard.SuppressedRules), and the
// comments yaml.v3 attaches to the node tree. A comment directly above a
// key, or after it on its line, applies to that key and its value; a
// comment that yaml.v3 attaches elsewhere (after the last entry of a
// mapping, before a blank line, at the start of the document) applies to
// nothing and is reported as unused.
func readYAML(name string, src []byte, peers bool) []Directive {
	if !mayHold(src, peers) {
		return nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil // the parser reports the template's syntax errors
	}
	r := &yamlReader{name: name, lines: strings.Split(string(src), "\n"), peers: peers}
	r.comments(&doc, nil)
	if len(doc.Content) > 0 {
		r.metadata(doc.Content[0])
	}
	return r.out
}

type yamlReader struct {
	name  string
	lines []string
	peers bool
	out   []Directive
}

// comments walks the tree; target is the span of the entry that node
// belongs to (nil: none).
func (r *yamlReader) comments(n *yaml.Node, target *Target) {
	r.commentsOf(n.HeadComment, n.Line, true, target)
	r.commentsOf(n.LineComment, n.Line, false, target)
	r.commentsOf(n.FootComment, lastLine(n)+1, true, nil)
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			r.comments(c, nil)
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			t := &Target{Range: r.span(k, v), What: "key " + quote(k.Value)}
			r.comments(k, t)
			// A value's head comment sits between the key and the value:
			// it is about the entry too, as a line comment is.
			r.comments(v, t)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			r.comments(c, &Target{Range: r.span(c, c), What: "item " + strconv.Itoa(i+1)})
		}
	}
}

// commentsOf reads the directives of a comment yaml.v3 attached to a node
// on line; above says the comment lines are above it (else on it).
func (r *yamlReader) commentsOf(text string, line int, above bool, target *Target) {
	if text == "" {
		return
	}
	for _, c := range strings.Split(text, "\n") {
		c = strings.TrimSpace(c)
		body, ok := strings.CutPrefix(c, "#")
		if !ok {
			continue
		}
		ds := parseComment(body, r.peers)
		if len(ds) == 0 {
			continue
		}
		rng := r.locate(c, line, above)
		for _, d := range ds {
			d.Range = rng
			if target != nil {
				d.Target = *target
			}
			r.out = append(r.out, d)
		}
	}
}

// locate finds the comment's line: the line of the node (a line comment)
// or the nearest line above it holding the comment's text.
func (r *yamlReader) locate(comment string, line int, above bool) model.Range {
	at := func(l int) (model.Range, bool) {
		if l < 1 || l > len(r.lines) {
			return model.Range{}, false
		}
		i := strings.Index(r.lines[l-1], comment)
		if i < 0 {
			return model.Range{}, false
		}
		col := len([]rune(r.lines[l-1][:i])) + 1
		return model.Range{Filename: r.name, Start: model.Pos{Line: l, Column: col},
			End: model.Pos{Line: l, Column: col + len([]rune(comment))}}, true
	}
	if !above {
		if rng, ok := at(line); ok {
			return rng
		}
	}
	for l := line - 1; l >= 1 && l >= line-200; l-- {
		if rng, ok := at(l); ok {
			return rng
		}
	}
	for l := line; l <= len(r.lines); l++ {
		if rng, ok := at(l); ok {
			return rng
		}
	}
	return model.Range{Filename: r.name, Start: model.Pos{Line: line, Column: 1}, End: model.Pos{Line: line, Column: 1}}
}

// span is the source from the key to the last line of the value.
func (r *yamlReader) span(k, v *yaml.Node) model.Range {
	end := lastLine(v)
	col := 1
	if end >= 1 && end <= len(r.lines) {
		col = len([]rune(r.lines[end-1])) + 1
	}
	return model.Range{Filename: r.name, Start: model.Pos{Line: k.Line, Column: k.Column}, End: model.Pos{Line: end, Column: col}}
}

func lastLine(n *yaml.Node) int {
	l := n.Line
	for _, c := range n.Content {
		l = max(l, lastLine(c))
	}
	if n.Kind == yaml.ScalarNode && (n.Style == yaml.LiteralStyle || n.Style == yaml.FoldedStyle) {
		l += strings.Count(strings.TrimRight(n.Value, "\n"), "\n") + 1
	}
	return l
}

// metadata reads the suppressions of each resource's Metadata.
func (r *yamlReader) metadata(root *yaml.Node) {
	resources := mapValue(root, "Resources")
	if resources == nil || resources.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(resources.Content); i += 2 {
		k, v := resources.Content[i], resources.Content[i+1]
		md := mapValue(v, "Metadata")
		if md == nil {
			continue
		}
		t := Target{Range: r.span(k, v), LogicalID: k.Value, What: "resource " + quote(k.Value)}
		r.entries(mapValue(mapValue(md, "dynamoguard"), "ignore"), Metadata, "reason", t)
		if !r.peers {
			continue
		}
		r.entries(mapValue(mapValue(md, "checkov"), "skip"), Checkov, "comment", t)
		r.entries(mapValue(mapValue(md, "cfn_nag"), "rules_to_suppress"), CfnNag, "reason", t)
		if list := mapValue(mapValue(md, "guard"), "SuppressedRules"); list != nil && list.Kind == yaml.SequenceNode {
			for _, item := range list.Content {
				if item.Kind == yaml.ScalarNode {
					r.out = append(r.out, Directive{Syntax: Guard, IDs: []string{item.Value}, Range: r.nodeRange(item), Target: t})
				}
			}
		}
	}
}

// entries reads a list of {id, <reason key>, expires} mappings.
func (r *yamlReader) entries(list *yaml.Node, syntax Syntax, reasonKey string, t Target) {
	if list == nil {
		return
	}
	if list.Kind != yaml.SequenceNode {
		r.out = append(r.out, Directive{Syntax: syntax, Range: r.nodeRange(list), Target: t,
			Problem: "the suppression list is not a list of {id, " + reasonKey + "} entries"})
		return
	}
	for _, item := range list.Content {
		d := Directive{Syntax: syntax, Range: r.nodeRange(item), Target: t}
		id := mapValue(item, "id")
		switch {
		case item.Kind != yaml.MappingNode:
			d.Problem = "the entry is not a mapping with id and " + reasonKey
		case id == nil || id.Kind != yaml.ScalarNode || strings.TrimSpace(id.Value) == "":
			d.Problem = "the entry has no id"
		default:
			for _, s := range strings.Split(id.Value, ",") {
				if s = strings.TrimSpace(s); s != "" {
					if syntax == Metadata {
						s = strings.ToUpper(s)
					}
					d.IDs = append(d.IDs, s)
				}
			}
		}
		if reason := mapValue(item, reasonKey); reason != nil && reason.Kind == yaml.ScalarNode {
			d.Reason = strings.TrimSpace(reason.Value)
		}
		if exp := mapValue(item, "expires"); exp != nil && d.Problem == "" {
			var t time.Time
			t, d.Problem = parseDate(exp.Value)
			d.Expires = t
		}
		r.out = append(r.out, d)
	}
}

func (r *yamlReader) nodeRange(n *yaml.Node) model.Range {
	end := n.Column + len([]rune(n.Value))
	if n.Kind != yaml.ScalarNode {
		end = n.Column + 1
	}
	return model.Range{Filename: r.name, Start: model.Pos{Line: n.Line, Column: n.Column}, End: model.Pos{Line: n.Line, Column: end}}
}

// mapValue is the value of key in mapping n (aliases followed), or nil.
func mapValue(n *yaml.Node, key string) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			v := n.Content[i+1]
			for v.Kind == yaml.AliasNode {
				v = v.Alias
			}
			return v
		}
	}
	return nil
}
