package cloudformation

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/dynamoguard/dynamoguard/model"
)

// layoutLines are the nodes of a template layout, one a line, as the
// source text at each node, its kind, style, tag, anchor and value, the
// children indented under their node.
func layoutLines(data []byte, lay *model.TemplateLayout) []string {
	text := func(sp model.Span, inNames bool) string {
		if inNames {
			return string(lay.Names[sp.Start:sp.End])
		}
		return string(data[sp.Start:sp.End])
	}
	var lines []string
	var walk func(i, depth int32) int32
	walk = func(i, depth int32) int32 {
		n := lay.Nodes[i]
		tag, anchor := n.Core.String(), ""
		if n.Mark > 0 {
			m := lay.Marks[n.Mark-1]
			if n.Core == model.TagOther {
				tag = text(m.Tag, true)
			}
			anchor = text(m.Anchor, true)
		}
		at := string(data[n.At:])
		at, _, _ = strings.Cut(at, "\n")
		lines = append(lines, fmt.Sprintf("%s%q kind %d style %d tag %s anchor %q value %q", strings.Repeat("  ", int(depth)), at, n.Kind, n.Style, tag, anchor, text(n.Value, n.InNames)))
		j := i + 1
		for j < n.Next {
			j = walk(j, depth+1)
		}
		return n.Next
	}
	for i := int32(0); i < int32(len(lay.Nodes)); {
		i = walk(i, 0)
	}
	return lines
}

// TestResourceLayout checks the layout the loader records of each resource
// of a block-style template: the key, then the value's nodes where they are
// written, with their tags, anchors and values, those written with quotes
// or escapes included; and that a resource whose value is an alias, or a
// template written in flow style, has none.
func TestResourceLayout(t *testing.T) {
	const src = "\uFEFFResources:\n" +
		"  \"Orders\":\n" +
		"    Type: AWS::DynamoDB::Table\n" +
		"    Properties:\n" +
		"      SSESpecification: &sse {SSEEnabled: !If [IsProd, true, false], 'SSEType': \"K\\u004dS\"}\n" +
		"      TableName: !Sub \"${Env}-orders\"\n" +
		"  Key: &key\n" +
		"    Type: AWS::KMS::Key\n" +
		"  Copy: *key\n"
	p, _ := parse(t, "t.yaml", src, Options{})
	res := map[string]*model.TemplateLayout{}
	for _, r := range p.Resources() {
		res[r.Identity().Address] = r.Identity().Template
	}
	want := []string{
		`"\"Orders\":" kind 8 style 2 tag !!str anchor "" value "Orders"`,
		`"Type: AWS::DynamoDB::Table" kind 4 style 0 tag !!map anchor "" value ""`,
		`  "Type: AWS::DynamoDB::Table" kind 8 style 0 tag !!str anchor "" value "Type"`,
		`  "AWS::DynamoDB::Table" kind 8 style 0 tag !!str anchor "" value "AWS::DynamoDB::Table"`,
		`  "Properties:" kind 8 style 0 tag !!str anchor "" value "Properties"`,
		`  "SSESpecification: &sse {SSEEnabled: !If [IsProd, true, false], 'SSEType': \"K\\u004dS\"}" kind 4 style 0 tag !!map anchor "" value ""`,
		`    "SSESpecification: &sse {SSEEnabled: !If [IsProd, true, false], 'SSEType': \"K\\u004dS\"}" kind 8 style 0 tag !!str anchor "" value "SSESpecification"`,
		`    "&sse {SSEEnabled: !If [IsProd, true, false], 'SSEType': \"K\\u004dS\"}" kind 4 style 32 tag !!map anchor "sse" value ""`,
		`      "SSEEnabled: !If [IsProd, true, false], 'SSEType': \"K\\u004dS\"}" kind 8 style 0 tag !!str anchor "" value "SSEEnabled"`,
		`      "!If [IsProd, true, false], 'SSEType': \"K\\u004dS\"}" kind 2 style 33 tag !If anchor "" value ""`,
		`        "IsProd, true, false], 'SSEType': \"K\\u004dS\"}" kind 8 style 0 tag !!str anchor "" value "IsProd"`,
		`        "true, false], 'SSEType': \"K\\u004dS\"}" kind 8 style 0 tag !!bool anchor "" value "true"`,
		`        "false], 'SSEType': \"K\\u004dS\"}" kind 8 style 0 tag !!bool anchor "" value "false"`,
		`      "'SSEType': \"K\\u004dS\"}" kind 8 style 4 tag !!str anchor "" value "SSEType"`,
		`      "\"K\\u004dS\"}" kind 8 style 2 tag !!str anchor "" value "KMS"`,
		`    "TableName: !Sub \"${Env}-orders\"" kind 8 style 0 tag !!str anchor "" value "TableName"`,
		`    "!Sub \"${Env}-orders\"" kind 8 style 3 tag !Sub anchor "" value "${Env}-orders"`,
	}
	data := []byte(src)
	if got := layoutLines(data, res["Orders"]); !slices.Equal(got, want) {
		t.Errorf("layout of Orders:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if lay := res["Key"]; lay == nil || string(data[lay.Nodes[0].At:lay.Nodes[1].At]) != "Key: " {
		t.Errorf("layout of Key %+v: want one from its key", lay)
	}
	if lay, ok := res["Copy"]; !ok || lay != nil {
		t.Errorf("Copy, an alias of Key: modelled %v, layout %+v; want modelled, none", ok, lay)
	}
	flow, _ := parse(t, "t.yaml", "{Resources: {Key: {Type: AWS::KMS::Key}}}", Options{})
	for _, r := range flow.Resources() {
		if r.Identity().Template != nil {
			t.Errorf("%s of a flow-style template has a layout", r.Identity().Address)
		}
	}
}
