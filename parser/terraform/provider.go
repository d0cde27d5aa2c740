package terraform

import (
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/dynamoguard/dynamoguard/model"
)

// providerRegions holds the region of each aws provider configuration.
type providerRegions struct {
	// byAlias maps "" (the default configuration) and each alias to the
	// configured region; a provider without region is not listed.
	byAlias map[string]model.Value[string]
}

var providerSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "alias"}, {Name: "region"}},
}

// providerRegions evaluates the region of every `provider "aws"` block.
func (l *loader) providerRegions(blocks []*hcl.Block) *providerRegions {
	p := &providerRegions{byAlias: map[string]model.Value[string]{}}
	for _, b := range blocks {
		if b.Labels[0] != "aws" {
			continue
		}
		content, _, diags := b.Body.PartialContent(providerSchema)
		l.addHCLDiags(diags, b.DefRange.Filename)
		alias := ""
		if a := content.Attributes["alias"]; a != nil {
			v := l.stringValue(a, l.ctx, "", b.DefRange, "alias")
			if !v.IsKnown() {
				continue
			}
			alias = v.Value
		}
		if a := content.Attributes["region"]; a != nil {
			p.byAlias[alias] = l.stringValue(a, l.ctx, "", b.DefRange, "provider.aws.region")
		}
	}
	return p
}

// region returns the region of a resource: that of the provider named by
// its provider argument, else of the default aws provider, looked up in
// this module and then, through the module block's providers argument or
// by inheritance of the default provider, in its callers; else Absent at
// the resource.
func (l *loader) region(r *resourceBlock) model.Value[string] {
	alias := ""
	if r.provider != nil {
		t, diags := hcl.AbsTraversalForExpr(r.provider.Expr)
		if diags.HasErrors() || t.RootName() != "aws" {
			return model.UnknownValue[string](toRange(r.provider.Expr.Range()), "provider",
				"the provider argument does not name an aws provider configuration")
		}
		if len(t) > 1 {
			if a, ok := t[1].(hcl.TraverseAttr); ok {
				alias = a.Name
			}
		}
	}
	if v, ok := l.providerRegion(alias); ok {
		return v
	}
	return model.AbsentValue("", toRange(r.block.DefRange), "provider.aws.region")
}

// providerRegion looks up the region of aws provider configuration alias
// ("" for the default one) of this module instance or its callers.
func (l *loader) providerRegion(alias string) (model.Value[string], bool) {
	for m := l; m != nil; m = m.parent {
		if m.regions == nil {
			// A caller still evaluating its module calls: its providers
			// are read with the locals evaluated so far.
			m.regions = m.providerRegions(m.mod.cfg.providers)
		}
		if v, ok := m.regions.byAlias[alias]; ok && v.State != model.Absent {
			return v, true
		}
		name := "aws"
		if alias != "" {
			name += "." + alias
		}
		switch mapped, ok := m.parentProviders[name]; {
		case ok:
			_, alias, _ = strings.Cut(mapped, ".")
		case alias != "":
			return model.Value[string]{}, false // an alias is never inherited
		}
	}
	return model.Value[string]{}, false
}

// isLocalSource reports whether a module source is a local directory.
func isLocalSource(src string) bool {
	src = strings.ReplaceAll(src, `\`, "/")
	return strings.HasPrefix(src, "./") || strings.HasPrefix(src, "../")
}
