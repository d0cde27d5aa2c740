package terraform

import (
	"fmt"
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
			v := l.stringValue(a, l.ctx, "", b.DefRange)
			if !v.IsKnown() {
				continue
			}
			alias = v.Value
		}
		if a := content.Attributes["region"]; a != nil {
			p.byAlias[alias] = l.stringValue(a, l.ctx, "", b.DefRange)
		}
	}
	return p
}

// region returns the region of a resource: that of the provider named by
// its provider argument, else of the default aws provider, else Absent at
// the resource.
func (l *loader) region(r *resourceBlock) model.Value[string] {
	alias := ""
	if r.provider != nil {
		t, diags := hcl.AbsTraversalForExpr(r.provider.Expr)
		if diags.HasErrors() || t.RootName() != "aws" {
			return model.UnknownValue[string](toRange(r.provider.Expr.Range()),
				"the provider argument does not name an aws provider configuration")
		}
		if len(t) > 1 {
			if a, ok := t[1].(hcl.TraverseAttr); ok {
				alias = a.Name
			}
		}
	}
	if v, ok := l.regions.byAlias[alias]; ok && v.State != model.Absent {
		return v
	}
	return model.AbsentValue("", toRange(r.block.DefRange))
}

// remoteModules lists the module calls whose source is not a local path as
// not analysed.
func (l *loader) remoteModules(blocks []*hcl.Block, proj *model.Project) {
	schema := &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "source"}}}
	for _, b := range blocks {
		content, _, _ := b.Body.PartialContent(schema)
		a := content.Attributes["source"]
		if a == nil {
			continue
		}
		what := "module." + b.Labels[0]
		v := l.stringValue(a, nil, "", b.DefRange)
		if !v.IsKnown() {
			proj.NotAnalysed = append(proj.NotAnalysed, model.NotAnalysed{
				Range: toRange(b.DefRange), What: what,
				Reason: "module source is not a literal string",
			})
			continue
		}
		if isLocalSource(v.Value) {
			continue
		}
		proj.NotAnalysed = append(proj.NotAnalysed, model.NotAnalysed{
			Range: toRange(b.DefRange), What: what,
			Reason: fmt.Sprintf("remote module source %q is not fetched", v.Value),
		})
	}
}

// isLocalSource reports whether a module source is a local directory.
func isLocalSource(src string) bool {
	src = strings.ReplaceAll(src, `\`, "/")
	return strings.HasPrefix(src, "./") || strings.HasPrefix(src, "../")
}
