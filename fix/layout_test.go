package fix

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/dynamoguard/dynamoguard/model"
	"github.com/dynamoguard/dynamoguard/parser/cloudformation"
	"github.com/dynamoguard/dynamoguard/parser/terraform"
	"github.com/dynamoguard/dynamoguard/rules"
)

// TestEditsOnTheLayout checks that an edit made on the layout the loader
// recorded is the one made on the file parsed again, in the whole file, in
// a file with a byte order mark, and that a layout that does not fit the
// source (shifted) is not used.
func TestEditsOnTheLayout(t *testing.T) {
	const src = `resource "aws_kms_key" "k" {}

resource "aws_dynamodb_table" "t" {
  name = "t"
  point_in_time_recovery { enabled = false }
  replica {
    region_name = "eu-west-1"
  }
}
`
	for _, data := range []string{src, "\xEF\xBB\xBF" + src} {
		f, diags := hclsyntax.ParseConfig([]byte(data), "main.tf", hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		lay := terraform.BlockLayout(f.Body.(*hclsyntax.Body).Blocks[1])
		res := model.Resource{Kind: model.Terraform, Type: "aws_dynamodb_table", Address: "aws_dynamodb_table.t", Layout: lay}
		for _, c := range []rules.Change{
			{Resource: res, At: model.Meta{Path: "point_in_time_recovery.enabled"}, Value: true},
			{Resource: res, At: model.Meta{Path: "deletion_protection_enabled"}, Value: true},
			{Resource: res, At: model.Meta{Path: "replica[eu-west-1].point_in_time_recovery"}, Value: true},
		} {
			s := newSource("main.tf", []byte(data))
			parsed, _, err := terraformEdits(newSource("main.tf", []byte(data)), &c, nil, -1)
			if err != nil {
				t.Fatalf("%s parsed: %v", c.At.Path, err)
			}
			onLayout, _, err := terraformEdits(s, &c, lay, s.shift)
			if err != nil {
				t.Fatalf("%s on the layout: %v", c.At.Path, err)
			}
			if len(parsed) != 1 || len(onLayout) != 1 || parsed[0] != onLayout[0] {
				t.Errorf("%s: on the layout %+v, parsed %+v", c.At.Path, onLayout, parsed)
			}
			if s.hclBody != nil {
				t.Errorf("%s: the file was parsed although its layout was given", c.At.Path)
			}
			shifted, _, err := terraformEdits(newSource("main.tf", []byte(data)), &c, lay, s.shift+1)
			if err != nil || len(shifted) != 1 || shifted[0] != parsed[0] {
				t.Errorf("%s with a layout that does not fit: %+v, %v; want the edit of the file parsed", c.At.Path, shifted, err)
			}
		}
	}
}

// FuzzTerraformEdits checks, on the resource blocks of any file that
// parses, that the edit of a change made on the block's layout is the one
// made on the file parsed again, and that the file it makes still parses.
func FuzzTerraformEdits(f *testing.F) {
	f.Add("resource \"aws_dynamodb_table\" \"t\" {\n  name = \"t\"\n}\n", "point_in_time_recovery.enabled", true)
	f.Add("resource \"aws_dynamodb_table\" \"t\" { name = \"t\" }\n", "deletion_protection_enabled", true)
	f.Add("resource \"aws_dynamodb_table\" \"t\" {\n  server_side_encryption {\n    enabled = false\n  }\n}\n", "server_side_encryption.kms_key_arn", false)
	f.Add("resource \"aws_dynamodb_table\" \"t\" {\n  replica {\n    region_name = \"eu-west-1\"\n  }\n}\n", "replica[eu-west-1].kms_key_arn", false)
	f.Add("\xEF\xBB\xBFresource \"aws_dynamodb_table\" \"t\" {\r\n  a = 1\r\n  b {}\r\n}\r\n", "b.c", true)
	f.Fuzz(func(t *testing.T, src, path string, flag bool) {
		if _, err := splitPath(path); err != nil {
			return
		}
		file, diags := hclsyntax.ParseConfig([]byte(src), "main.tf", hcl.InitialPos)
		if diags.HasErrors() {
			return
		}
		for k, b := range file.Body.(*hclsyntax.Body).Blocks {
			if b.Type != "resource" || len(b.Labels) != 2 || !terraformName(b.Labels[0]) || !terraformName(b.Labels[1]) {
				continue // Terraform takes only names for a resource's type and name, and so do addresses
			}
			var value any = flag
			if !flag {
				value = rules.Ref{Address: "aws_kms_key.k", Attribute: "arn", Kind: model.Terraform}
			}
			c := rules.Change{
				Resource: model.Resource{Kind: model.Terraform, Type: b.Labels[0], Address: b.Labels[0] + "." + b.Labels[1],
					Layout: terraform.BlockLayout(b)},
				At:    model.Meta{Path: path},
				Value: value,
			}
			s := newSource("main.tf", []byte(src))
			parsed, _, perr := terraformEdits(newSource("main.tf", []byte(src)), &c, nil, -1)
			onLayout, tree, lerr := terraformEdits(s, &c, c.Resource.Layout, s.shift)
			if (perr == nil) != (lerr == nil) || len(parsed) != len(onLayout) {
				t.Fatalf("on the layout %v %+v, parsed %v %+v", lerr, onLayout, perr, parsed)
			}
			for i := range parsed {
				if parsed[i] != onLayout[i] {
					t.Fatalf("edit %d on the layout %+v, parsed %+v", i, onLayout[i], parsed[i])
				}
			}
			if perr != nil || len(parsed) == 0 {
				continue
			}
			fixed, err := ApplyEdits([]byte(src), parsed)
			if err != nil {
				t.Fatal(err)
			}
			again, diags := hclsyntax.ParseConfig(fixed, "main.tf", hcl.InitialPos)
			if diags.HasErrors() {
				t.Fatalf("the fixed file does not parse: %v\n%s", diags, fixed)
			}
			if len(parsed) == 1 {
				checkAfter(t, tree, parsed[0], again.Body.(*hclsyntax.Body).Blocks[k], s.shift)
			}
		}
	})
}

// checkAfter checks that the layout tree says edit e leaves is that of
// block, the resource block parsed again from the edited file, whose body
// is shift bytes into it; a layout that cannot be told is not checked.
func checkAfter(t *testing.T, tree *blockTree, e rules.TextEdit, block *hclsyntax.Block, shift int) {
	t.Helper()
	if got := tree.after(e); got != nil {
		checkLayoutIs(t, fmt.Sprintf("after %+v", e), got, block, shift)
	}
}

// checkLayoutIs checks that lay is the layout of block, parsed, whose file
// has shift bytes before its body.
func checkLayoutIs(t *testing.T, what string, lay *model.Layout, block *hclsyntax.Block, shift int) {
	t.Helper()
	if g, w := layoutLines(lay, 0), layoutLines(terraform.BlockLayout(block), int32(shift)); !slices.Equal(g, w) {
		t.Fatalf("%s, the layout:\n%s\nwant, parsed again:\n%s", what, strings.Join(g, "\n"), strings.Join(w, "\n"))
	}
}

// layoutLines are the blocks and the attributes of lay, one a line, in
// source order, at offsets shift bytes earlier: two layouts of one block
// give the same lines, whatever the order of their entries.
func layoutLines(lay *model.Layout, shift int32) []string {
	var lines []string
	for _, b := range lay.Blocks {
		parent := int32(-1)
		if b.Parent >= 0 {
			parent = lay.Blocks[b.Parent].Type.Start - shift
		}
		lines = append(lines, fmt.Sprintf("%08d block %d-%d body %d-%d in %d", b.Type.Start-shift, b.Type.Start-shift, b.Type.End-shift, b.Body.Start-shift, b.Body.End-shift, parent))
	}
	for _, a := range lay.Attrs {
		lines = append(lines, fmt.Sprintf("%08d attr %d-%d = %d-%d literal %v in %d", a.Name.Start-shift, a.Name.Start-shift, a.Name.End-shift, a.Expr.Start-shift, a.Expr.End-shift, a.Literal, lay.Blocks[a.Block].Type.Start-shift))
	}
	slices.Sort(lines)
	return lines
}

// TestTerraformName checks the identifier test against hclsyntax on every
// ASCII name of up to two characters and on names the rules write.
func TestTerraformName(t *testing.T) {
	names := []string{"", "server_side_encryption", "kms_key_arn", "replica", "a-b", "_x", "9a", "a.b", "a b", "tablé", "é", "\xff"}
	for a := 0; a < 128; a++ {
		names = append(names, string(rune(a)))
		for b := 0; b < 128; b++ {
			names = append(names, string([]byte{byte(a), byte(b)}))
		}
	}
	for _, name := range names {
		want := utf8.ValidString(name) && hclsyntax.ValidIdentifier(name)
		if got := terraformName(name); got != want {
			t.Errorf("terraformName(%q) = %v, hclsyntax says %v", name, got, want)
		}
	}
}

// TestLayoutAfterEdits makes the changes of a customer managed key fix one
// after the other on resource blocks of several shapes, each on the layout
// the change before it left, and checks that each layout is known and is
// that of the block parsed again, and that the edits are those made by
// parsing the block again for each change.
func TestLayoutAfterEdits(t *testing.T) {
	key := rules.Ref{Address: "aws_kms_key.k", Attribute: "arn", Kind: model.Terraform}
	paths := []struct {
		path  string
		value any
	}{
		{"server_side_encryption.enabled", true},
		{"server_side_encryption.kms_key_arn", key},
		{"point_in_time_recovery.enabled", true},
		{"deletion_protection_enabled", true},
		{"name", "orders"},
	}
	for name, src := range map[string]string{
		"empty":       "resource \"aws_dynamodb_table\" \"t\" {}\n",
		"one line":    "resource \"aws_dynamodb_table\" \"t\" { name = \"t\" }\n",
		"aligned":     "resource \"aws_dynamodb_table\" \"t\" {\n  name     = \"t\"\n  hash_key = \"pk\"\n}\n",
		"sse off":     "resource \"aws_dynamodb_table\" \"t\" {\n  name = \"t\"\n  server_side_encryption { enabled = false }\n}\n",
		"sse block":   "resource \"aws_dynamodb_table\" \"t\" {\n  name = \"t\"\n\n  server_side_encryption {\n    enabled = false\n  }\n  tags = {}\n}\n",
		"bom crlf":    "\xEF\xBB\xBFresource \"aws_dynamodb_table\" \"t\" {\r\n  name = \"t\"\r\n}\r\n",
		"after other": "resource \"aws_kms_key\" \"k\" {}\n\nresource \"aws_dynamodb_table\" \"t\" {\n  billing_mode = \"PAY_PER_REQUEST\"\n}\n",
	} {
		data := []byte(src)
		var lay *model.Layout
		shift := 0
		for i, p := range paths {
			f, diags := hclsyntax.ParseConfig(data, "main.tf", hcl.InitialPos)
			if diags.HasErrors() {
				t.Fatalf("%s, change %d: %v\n%s", name, i, diags, data)
			}
			blocks := f.Body.(*hclsyntax.Body).Blocks
			block := blocks[len(blocks)-1]
			s := newSource("main.tf", data)
			if lay == nil {
				lay, shift = terraform.BlockLayout(block), s.shift
			} else {
				checkLayoutIs(t, fmt.Sprintf("%s, before change %d", name, i), lay, block, s.shift)
			}
			c := rules.Change{
				Resource: model.Resource{Kind: model.Terraform, Type: "aws_dynamodb_table", Address: "aws_dynamodb_table.t"},
				At:       model.Meta{Path: p.path},
				Value:    p.value,
			}
			parsed, _, err := terraformEdits(newSource("main.tf", data), &c, nil, -1)
			if err != nil {
				t.Fatalf("%s, %s parsed: %v", name, p.path, err)
			}
			edits, tree, err := terraformEdits(s, &c, lay, shift)
			if err != nil || !slices.Equal(edits, parsed) || len(edits) != 1 {
				t.Fatalf("%s, %s: on the layout %+v, %v; parsed %+v", name, p.path, edits, err, parsed)
			}
			if s.hclBody != nil {
				t.Errorf("%s, %s: the file was parsed although its layout was given", name, p.path)
			}
			if lay, shift = tree.after(edits[0]), 0; lay == nil {
				t.Fatalf("%s: no layout after %+v", name, edits[0])
			}
			if data, err = ApplyEdits(data, edits); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// templateChange is a change of a template resource's attribute.
type templateChange struct {
	path  string
	value any
}

// templateCMKChanges are the changes of a customer managed key fix of a
// table, with the key Key.
func templateCMKChanges() []templateChange {
	key := rules.Ref{Address: "Key", Attribute: "Arn", Kind: model.CloudFormation}
	return []templateChange{
		{"SSESpecification.SSEEnabled", true},
		{"SSESpecification.SSEType", "KMS"},
		{"SSESpecification.KMSMasterKeyId", key},
	}
}

// TestTemplateEditsOnTheLayout checks that the edits of changes made on
// the layout the loader recorded of a template resource, in its unit, are
// those made on the unit parsed, errors included, without parsing it, in
// a template with and without a byte order mark.
func TestTemplateEditsOnTheLayout(t *testing.T) {
	const src = "AWSTemplateFormatVersion: \"2010-09-09\"\n" +
		"Resources:\n" +
		"  Key:\n" +
		"    Type: AWS::KMS::Key\n" +
		"  Orders:\n" +
		"    Type: AWS::DynamoDB::GlobalTable\n" +
		"    Properties:\n" +
		"      SSESpecification: {SSEEnabled: !If [IsProd, true, false], 'SSEType': KMS}\n" +
		"      Replicas:\n" +
		"        - Region: eu-west-1\n" +
		"          PointInTimeRecoverySpecification:\n" +
		"            PointInTimeRecoveryEnabled: false\n" +
		"        - Region: \"us-east-1\"\n" +
		"      TableName: orders # the name\n" +
		"Outputs: {}\n"
	changes := append(templateCMKChanges(),
		templateChange{"Replicas[eu-west-1].PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled", true},
		templateChange{"Replicas[us-east-1].DeletionProtectionEnabled", true},
		templateChange{"Replicas[ap-south-1].DeletionProtectionEnabled", true},
		templateChange{"TableName", "orders-2"},
		templateChange{"StreamSpecification.StreamViewType", "NEW_IMAGE"},
	)
	for _, data := range []string{src, "\xEF\xBB\xBF" + src} {
		p, diags := cloudformation.ParseTemplate("t.yaml", []byte(data), cloudformation.Options{})
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		var res *model.Resource
		for _, r := range p.Resources() {
			if r.Identity().Address == "Orders" {
				res = r.Identity()
			}
		}
		if res == nil || res.Template == nil {
			t.Fatalf("Orders: %+v, want a resource with a layout", res)
		}
		srcs := newSources()
		s := srcs.get("t.yaml", []byte(data))
		u := srcs.unit(s, res)
		if u == nil {
			t.Fatal("Orders has no unit")
		}
		shift := s.shift + u.start - len(u.prefix)
		for _, ch := range changes {
			c := rules.Change{Resource: *res, At: model.Meta{Path: ch.path}, Value: ch.value}
			parsed, _, perr := templateEdits(newSource("t.yaml", u.data), false, &c, templateAt{shift: -1})
			us := newSource("t.yaml", u.data)
			onLayout, _, lerr := templateEdits(us, false, &c, templateAt{lay: res.Template, shift: shift})
			if fmt.Sprint(perr) != fmt.Sprint(lerr) || !slices.Equal(parsed, onLayout) {
				t.Errorf("%s: on the layout %+v, %v; parsed %+v, %v", ch.path, onLayout, lerr, parsed, perr)
			}
			if us.yamlDoc != nil {
				t.Errorf("%s: the unit was parsed although its layout was given", ch.path)
			}
			// A layout that does not fit the unit (the file changed
			// since the scan) is not read.
			for _, data := range [][]byte{u.data, u.data[:len(u.data)/2]} {
				parsed, _, perr := templateEdits(newSource("t.yaml", data), false, &c, templateAt{shift: -1})
				for _, shift := range []int{shift, shift + 1} {
					edits, _, err := templateEdits(newSource("t.yaml", data), false, &c, templateAt{lay: res.Template, shift: shift})
					if fmt.Sprint(perr) != fmt.Sprint(err) || !slices.Equal(parsed, edits) {
						t.Errorf("%s on %d bytes, shift %d: %+v, %v; want, parsed, %+v, %v", ch.path, len(data), shift, edits, err, parsed, perr)
					}
				}
			}
		}
	}
}

// TestTemplateLayoutAfterEdits makes changes one after the other on
// template resources of several shapes, in their units, each on the
// layout the change before it left, and checks that each layout is that of
// the unit parsed again and the edits those made by parsing it, and that
// the layouts of block mappings are known.
func TestTemplateLayoutAfterEdits(t *testing.T) {
	changes := append(templateCMKChanges(),
		templateChange{"PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled", true},
		templateChange{"DeletionProtectionEnabled", true},
		templateChange{"TableName", "a: b"},
		templateChange{"Replicas[eu-west-1].PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled", true},
	)
	const head = "Resources:\n  Key:\n    Type: AWS::KMS::Key\n"
	for name, tc := range map[string]struct {
		src   string
		known bool
	}{
		"no properties": {head + "  T:\n    Type: AWS::DynamoDB::GlobalTable\n", true},
		"scalar last":   {head + "  T:\n    Type: AWS::DynamoDB::GlobalTable\n    Properties:\n      TableName: 'orders'\n", true},
		"block last": {head + "  T:\n    Type: AWS::DynamoDB::GlobalTable\n    Properties:\n      SSESpecification:\n        SSEEnabled: false\n" +
			"      Replicas:\n        - Region: eu-west-1\n      TableName: \"t\" # the name\n", true},
		"four spaces":   {head + "  T:\n      Type: AWS::DynamoDB::GlobalTable\n      Properties:\n          Replicas:\n              - Region: eu-west-1\n                Tags: []\n", true},
		"crlf":          {strings.ReplaceAll(head+"  T:\n    Type: AWS::DynamoDB::GlobalTable\n    Properties:\n      TableName: orders\n", "\n", "\r\n"), true},
		"flow":          {head + "  T:\n    Type: AWS::DynamoDB::GlobalTable\n    Properties: {TableName: orders, SSESpecification: {SSEEnabled: false}}\n", false},
		"with comments": {head + "  T: # the table\n    Type: AWS::DynamoDB::GlobalTable\n    Properties:\n      # encryption\n      SSESpecification:\n        SSEEnabled: true # on\n\n", true},
	} {
		p, diags := cloudformation.ParseTemplate("t.yaml", []byte(tc.src), cloudformation.Options{})
		if diags.HasErrors() {
			t.Fatalf("%s: %v", name, diags)
		}
		var res *model.Resource
		for _, r := range p.Resources() {
			if r.Identity().Address == "T" {
				res = r.Identity()
			}
		}
		srcs := newSources()
		s := srcs.get("t.yaml", []byte(tc.src))
		u := srcs.unit(s, res)
		if res.Template == nil || u == nil {
			t.Fatalf("%s: the resource has no layout or no unit", name)
		}
		data := u.data
		at := templateAt{lay: res.Template, shift: s.shift + u.start - len(u.prefix)}
		for _, ch := range changes {
			c := rules.Change{Resource: *res, At: model.Meta{Path: ch.path}, Value: ch.value}
			parsedSrc := newSource("t.yaml", data)
			parsed, reparsed, perr := templateEdits(parsedSrc, false, &c, templateAt{shift: -1})
			s := newSource("t.yaml", data)
			edits, tmpl, err := templateEdits(s, false, &c, at)
			if fmt.Sprint(perr) != fmt.Sprint(err) || !slices.Equal(parsed, edits) {
				t.Fatalf("%s, %s: on the layout %+v, %v; parsed %+v, %v", name, ch.path, edits, err, parsed, perr)
			}
			if at.lay != nil {
				if s.yamlDoc != nil {
					t.Errorf("%s, %s: parsed although its layout was given", name, ch.path)
				}
				if g, w := templateLines(tmpl), templateLines(reparsed); !slices.Equal(g, w) {
					t.Fatalf("%s, before %s, the layout:\n%s\nwant, parsed again:\n%s", name, ch.path, strings.Join(g, "\n"), strings.Join(w, "\n"))
				}
			}
			if err != nil {
				continue
			}
			if data, err = ApplyEdits(data, edits); err != nil {
				t.Fatal(err)
			}
			at = templateAt{shift: -1}
			if next := tmpl.next(edits[0]); next != nil {
				at = next.template(&c)
			} else if tc.known {
				t.Errorf("%s: no layout after %s (%+v)", name, ch.path, edits[0])
			}
		}
	}
}

// templateLines are the nodes of the layout of t, one a line, as where each
// is in the body of its source, its kind, style, tag, anchor, value and
// depth.
func templateLines(t *template) []string {
	var lines []string
	var walk func(i int32, depth int) int32
	walk = func(i int32, depth int) int32 {
		lines = append(lines, fmt.Sprintf("%s%d kind %d style %d tag %s anchor %q value %q", strings.Repeat("  ", depth),
			t.at(i), t.kind(i), t.style(i), t.tag(i), t.anchor(i), t.value(i)))
		for j := i + 1; j < t.lay.Nodes[i].Next; {
			j = walk(j, depth+1)
		}
		return t.lay.Nodes[i].Next
	}
	for i := int32(0); i < int32(len(t.lay.Nodes)); {
		i = walk(i, 0)
	}
	return lines
}

// FuzzTemplateEdits checks, on the resources of any template that parses,
// that the edits of a change made on the layout the loader recorded, in
// the resource's unit, are those made on the unit parsed, and that the
// layout the edit leaves, when it can be told, is that of the unit parsed
// again.
func FuzzTemplateEdits(f *testing.F) {
	f.Add("Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n", "SSESpecification.SSEEnabled", true)
	f.Add("Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      TableName: 'orders'\n", "TableName", false)
	f.Add("Resources:\n  T:\n    Type: AWS::DynamoDB::GlobalTable\n    Properties:\n      Replicas:\n        - Region: eu-west-1\n", "Replicas[eu-west-1].DeletionProtectionEnabled", true)
	f.Add("Resources:\r\n  T:\r\n    Properties:\r\n      # c\r\n      A:\r\n        B: x # y\r\n\r\n", "A.C", false)
	f.Fuzz(func(t *testing.T, src, path string, flag bool) {
		if _, err := splitPath(path); err != nil {
			return
		}
		p, diags := cloudformation.ParseTemplate("t.yaml", []byte(src), cloudformation.Options{})
		if p == nil || diags.HasErrors() {
			return
		}
		var value any = flag
		if !flag {
			value = rules.Ref{Address: "Key", Attribute: "Arn", Kind: model.CloudFormation}
		}
		for _, r := range p.Resources() {
			res := r.Identity()
			srcs := newSources()
			s := srcs.get("t.yaml", []byte(src))
			u := srcs.unit(s, res)
			if res.Template == nil || u == nil {
				continue
			}
			c := rules.Change{Resource: *res, At: model.Meta{Path: path}, Value: value}
			parsed, reparsed, perr := templateEdits(newSource("t.yaml", u.data), false, &c, templateAt{shift: -1})
			edits, tmpl, err := templateEdits(newSource("t.yaml", u.data), false, &c, templateAt{lay: res.Template, shift: s.shift + u.start - len(u.prefix)})
			if fmt.Sprint(perr) != fmt.Sprint(err) || !slices.Equal(parsed, edits) {
				t.Fatalf("%s: on the layout %+v, %v; parsed %+v, %v", res.Address, edits, err, parsed, perr)
			}
			if perr != nil {
				continue
			}
			if g, w := templateLines(tmpl), templateLines(reparsed); !slices.Equal(g, w) {
				t.Fatalf("%s: the layout:\n%s\nwant, parsed:\n%s", res.Address, strings.Join(g, "\n"), strings.Join(w, "\n"))
			}
			next := tmpl.next(edits[0])
			if next == nil {
				continue
			}
			fixed, err := ApplyEdits(u.data, edits)
			if err != nil {
				t.Fatal(err)
			}
			again := &template{source: newSource("t.yaml", fixed), step: "  "}
			if _, err := again.resource(res.Address, ""); err != nil {
				t.Fatalf("%s: a layout after %+v, but the unit edited does not read: %v\n%s", res.Address, edits[0], err, fixed)
			}
			after := &template{source: newSource("t.yaml", fixed), lay: next.tmpl}
			if g, w := templateLines(after), templateLines(again); !slices.Equal(g, w) {
				t.Fatalf("%s: the layout after %+v:\n%s\nwant, parsed again:\n%s\n%s", res.Address, edits[0], strings.Join(g, "\n"), strings.Join(w, "\n"), fixed)
			}
		}
	})
}

// TestTemplatePropertyNames checks that a key that is not a CloudFormation
// property name is never written: it could break the template, as the
// newline of the fuzz input FuzzTemplateEdits/4fd046ea7d3440c3 did.
func TestTemplatePropertyNames(t *testing.T) {
	src := []byte("Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n")
	for _, path := range []string{"\n", "A.b c", "SSESpecification.SSE:Type", "Tags.-"} {
		c := rules.Change{Resource: model.Resource{Kind: model.CloudFormation, Address: "T"}, At: model.Meta{Path: path}, Value: true}
		edits, _, err := templateEdits(newSource("t.yaml", src), false, &c, templateAt{shift: -1})
		if err == nil || !strings.Contains(err.Error(), "is not a CloudFormation property name") {
			t.Errorf("%q: %+v, %v; want no edit, as the path is not of property names", path, edits, err)
		}
	}
}

// checkTemplateFixes checks, on every resource of the template src (named
// name) that has a layout, that a fix of each of the changes, and of the
// key fix's three changes together, made on the resource's unit and the
// layouts is the one made on the whole file parsed for each change.
func checkTemplateFixes(t *testing.T, name, src string, changes []templateChange) {
	t.Helper()
	p, diags := cloudformation.ParseTemplate(name, []byte(src), cloudformation.Options{})
	if p == nil || diags.HasErrors() {
		return
	}
	read := func(n string) ([]byte, error) {
		if n != name {
			return nil, fmt.Errorf("no file %s", n)
		}
		return []byte(src), nil
	}
	for _, r := range p.Resources() {
		res := r.Identity()
		if res.Template == nil {
			continue
		}
		var seqs [][]rules.Change
		var cmk []rules.Change
		for _, ch := range changes {
			seqs = append(seqs, []rules.Change{{Resource: *res, At: model.Meta{Path: ch.path}, Value: ch.value}})
		}
		for _, ch := range templateCMKChanges() {
			cmk = append(cmk, rules.Change{Resource: *res, At: model.Meta{Path: ch.path}, Value: ch.value})
		}
		for _, cs := range append(seqs, cmk) {
			fx, err := makeFix(newSources(), read, cs, Options{})
			want, werr := makeSeq(newSources(), read, cs, Options{}, nil)
			if fmt.Sprint(err) != fmt.Sprint(werr) {
				t.Fatalf("%s %s, %d changes from %s: on the layouts %v; want, parsed, %v", name, res.Address, len(cs), cs[0].At.Path, err, werr)
			}
			if err != nil {
				continue
			}
			// Each edit's line and column are those of its offset.
			file := newSource(name, []byte(src))
			for _, e := range fx.Edits {
				if want := (model.Range{Filename: name, Start: file.pos(e.Range.Start.Byte - file.shift), End: file.pos(e.Range.End.Byte - file.shift)}); e.Range != want {
					t.Fatalf("%s %s: edit at %+v, want %+v as its offsets say", name, res.Address, e.Range, want)
				}
			}
			// The edits of a unit may cut the text otherwise than those
			// of the whole file: what they make is the same.
			got, gerr := ApplyEdits([]byte(src), fx.Edits)
			fixed, ferr := ApplyEdits([]byte(src), want.Edits)
			if gerr != nil || ferr != nil || string(got) != string(fixed) || fx.Description != want.Description || !slices.Equal(fx.Notes, want.Notes) {
				t.Fatalf("%s %s, %d changes from %s: on the layouts %+v (%v):\n%s\nwant, parsed, %+v (%v):\n%s", name, res.Address, len(cs), cs[0].At.Path, fx, gerr, got, want, ferr, fixed)
			}
		}
	}
}

// TestTemplateFixes checks the fixes of JSON and YAML templates made on
// the resources' units and layouts against those made on the whole file
// parsed for each change, as JSON templates were fixed before they had
// units of their own.
func TestTemplateFixes(t *testing.T) {
	changes := []templateChange{
		{"PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled", true},
		{"DeletionProtectionEnabled", true},
		{"TableName", "a: b"},
		{"Replicas[eu-west-1].SSESpecification.KMSMasterKeyId", rules.Ref{Address: "Key", Attribute: "Arn", Kind: model.CloudFormation}},
	}
	for name, src := range map[string]string{
		"pretty.json": "{\n  \"Resources\": {\n    \"Key\": {\"Type\": \"AWS::KMS::Key\"},\n    \"T\": {\n      \"Type\": \"AWS::DynamoDB::GlobalTable\",\n" +
			"      \"Properties\": {\n        \"TableName\": \"t\",\n        \"Replicas\": [{\"Region\": \"eu-west-1\"}]\n      }\n    },\n" +
			"    \"U\": {\n      \"Type\": \"AWS::DynamoDB::Table\"\n    }\n  },\n  \"Outputs\": {}\n}\n",
		"one-line.json": `{"Resources": {"Key": {"Type": "AWS::KMS::Key"}, "T": {"Type": "AWS::DynamoDB::Table", "Properties": {}}, "U": {"Type": "AWS::DynamoDB::Table", "Properties": {"SSESpecification": {"SSEEnabled": false}}}}}`,
		"crlf.json":     "{\r\n  \"Resources\": {\r\n    \"T\": {\r\n      \"Type\": \"AWS::DynamoDB::Table\",\r\n      \"Properties\": {\r\n        \"SSESpecification\": {\r\n          \"SSEEnabled\": true\r\n        }\r\n      }\r\n    }\r\n  }\r\n}\r\n",
		"block.yaml":    "Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      TableName: t\n  U:\n    Type: AWS::DynamoDB::GlobalTable\n    Properties:\n      Replicas:\n        - Region: eu-west-1\n",
	} {
		checkTemplateFixes(t, name, src, changes)
	}
	// The resources of a JSON template written a key a line have units.
	const pretty = "{\n  \"Resources\": {\n    \"T\": {\n      \"Type\": \"AWS::DynamoDB::Table\"\n    },\n    \"U\": {\n      \"Type\": \"AWS::DynamoDB::Table\"\n    }\n  }\n}\n"
	p, _ := cloudformation.ParseTemplate("t.json", []byte(pretty), cloudformation.Options{})
	for _, r := range p.Resources() {
		srcs := newSources()
		if u := srcs.unit(srcs.get("t.json", []byte(pretty)), r.Identity()); u == nil || r.Identity().Template == nil {
			t.Errorf("%s of a JSON template: unit %v, layout %v; want both", r.Identity().Address, u, r.Identity().Template)
		}
	}
}

// FuzzTemplateFixes is TestTemplateFixes on any template, JSON or YAML.
func FuzzTemplateFixes(f *testing.F) {
	f.Add("{\"Resources\": {\"T\": {\"Type\": \"AWS::DynamoDB::Table\",\n \"Properties\": {\"A\": 1}}}}", "B.C", true, true)
	f.Add("{\n  \"Resources\": {\n    \"T\": {\n      \"Type\": \"AWS::DynamoDB::Table\"\n    }\n  }\n}\n", "SSESpecification.SSEEnabled", false, true)
	f.Add("Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      A: x\n", "A", true, false)
	f.Fuzz(func(t *testing.T, src, path string, flag, isJSON bool) {
		name := "t.yaml"
		if isJSON {
			name = "t.json"
		}
		var value any = flag
		if !flag {
			value = rules.Ref{Address: "Key", Attribute: "Arn", Kind: model.CloudFormation}
		}
		checkTemplateFixes(t, name, src, []templateChange{{path, value}})
	})
}
