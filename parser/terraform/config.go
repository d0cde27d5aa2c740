package terraform

import (
	"fmt"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/dynamoguard/dynamoguard/model"
)

// config is the part of a module's files the loader reads: the top-level
// blocks, in file order.
type config struct {
	variables []*hcl.Block
	locals    []*hcl.Attribute
	resources []*resourceBlock
	data      []*resourceBlock
	providers []*hcl.Block
	modules   []*hcl.Block
	outputs   []*hcl.Block
	// byAddress holds the first resource or data block of each address.
	byAddress map[string]*resourceBlock
}

// resourceBlock is a resource or data block with its meta-arguments.
type resourceBlock struct {
	data    bool
	typ     string
	name    string
	block   *hcl.Block
	count   *hcl.Attribute
	forEach *hcl.Attribute
	// provider is the `provider = aws.alias` argument.
	provider *hcl.Attribute
	// syntax is the resource block in native syntax, nil for a data block
	// and in JSON; its layout is made on first use, for the resources the
	// model holds.
	syntax     *hclsyntax.Block
	layoutOnce sync.Once
	layout     *model.Layout
}

// blockLayout is where the parts of the block are written; nil for a data
// block and in JSON.
func (r *resourceBlock) blockLayout() *model.Layout {
	r.layoutOnce.Do(func() {
		if r.syntax != nil {
			r.layout = BlockLayout(r.syntax)
		}
	})
	return r.layout
}

// address is the resource's address without an instance key.
func (r *resourceBlock) address() string {
	if r.data {
		return "data." + r.typ + "." + r.name
	}
	return r.typ + "." + r.name
}

var fileSchema = &hcl.BodySchema{
	Blocks: []hcl.BlockHeaderSchema{
		{Type: "variable", LabelNames: []string{"name"}},
		{Type: "locals"},
		{Type: "resource", LabelNames: []string{"type", "name"}},
		{Type: "data", LabelNames: []string{"type", "name"}},
		{Type: "provider", LabelNames: []string{"name"}},
		{Type: "module", LabelNames: []string{"name"}},
		{Type: "output", LabelNames: []string{"name"}},
	},
}

var metaSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "count"}, {Name: "for_each"}, {Name: "provider"}},
}

// collector collects the top-level blocks of a module's files.
type collector struct{ p *Parsed }

func (c *collector) addHCLDiags(diags hcl.Diagnostics, file string) {
	c.p.diags = append(c.p.diags, convertDiags(diags, file, c.p.dirName())...)
}

func (c *collector) warn(r hcl.Range, summary, detail string) {
	c.p.diags = append(c.p.diags, model.Diagnostic{Severity: model.DiagWarning, Summary: summary, Detail: detail, Subject: toRange(r)})
}

// collect adds the top-level blocks of one file's body to the module's
// config.
func (c *collector) collect(body hcl.Body) {
	cfg := c.p.cfg
	content, _, diags := body.PartialContent(fileSchema)
	c.addHCLDiags(diags, "")
	// the native syntax of the resource blocks, for their layout
	native := map[int]*hclsyntax.Block{}
	if nb, ok := body.(*hclsyntax.Body); ok {
		for _, b := range nb.Blocks {
			if b.Type == "resource" {
				native[b.DefRange().Start.Byte] = b
			}
		}
	}
	for _, b := range content.Blocks {
		switch b.Type {
		case "variable":
			cfg.variables = append(cfg.variables, b)
		case "locals":
			attrs, diags := b.Body.JustAttributes()
			c.addHCLDiags(diags, b.DefRange.Filename)
			cfg.locals = append(cfg.locals, sortedAttributes(attrs)...)
		case "resource", "data":
			if r := c.resourceBlock(cfg, b, native[b.DefRange.Start.Byte]); r != nil {
				if r.data {
					cfg.data = append(cfg.data, r)
				} else {
					cfg.resources = append(cfg.resources, r)
				}
			}
		case "provider":
			cfg.providers = append(cfg.providers, b)
		case "module":
			cfg.modules = append(cfg.modules, b)
		case "output":
			cfg.outputs = append(cfg.outputs, b)
		}
	}
}

// resourceBlock reads a resource or data block's meta-arguments. A second
// block with the same address is an error for Terraform; it is still
// analysed (its findings are real if either block is deployed), with a
// warning. syntax is the block in native syntax, nil in JSON.
func (c *collector) resourceBlock(cfg *config, b *hcl.Block, syntax *hclsyntax.Block) *resourceBlock {
	r := &resourceBlock{data: b.Type == "data", typ: b.Labels[0], name: b.Labels[1], block: b}
	if other := cfg.byAddress[r.address()]; other != nil {
		c.warn(b.DefRange, "Duplicate resource",
			fmt.Sprintf("%s is also declared at %s; Terraform rejects the module until one is renamed. Both blocks are analysed; references to the address use the first.", r.address(), toRange(other.block.DefRange)))
	} else {
		cfg.byAddress[r.address()] = r
	}
	meta, _, diags := b.Body.PartialContent(metaSchema)
	c.addHCLDiags(diags, b.DefRange.Filename)
	r.count = meta.Attributes["count"]
	r.forEach = meta.Attributes["for_each"]
	r.provider = meta.Attributes["provider"]
	if !r.data {
		r.syntax = syntax
	}
	return r
}

// sortedAttributes returns the attributes in source order.
func sortedAttributes(attrs hcl.Attributes) []*hcl.Attribute {
	out := make([]*hcl.Attribute, 0, len(attrs))
	for _, a := range attrs {
		out = append(out, a)
	}
	sortByRange(out, func(a *hcl.Attribute) hcl.Range { return a.Range })
	return out
}
