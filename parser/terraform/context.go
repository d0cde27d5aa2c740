package terraform

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/dynamoguard/dynamoguard/model"
)

// loader holds the state of one LoadModule call.
type loader struct {
	mod     Module
	sources map[string][]byte
	diags   model.Diagnostics
	warned  map[string]bool
	// ctx is the module's evaluation context: var, local, path, terraform,
	// data, module and one root per resource type.
	ctx *hcl.EvalContext
	// blocks holds the module's resource and data blocks by address (the
	// first block of each address).
	blocks map[string]*resourceBlock
	// keys and aliases hold the first instance of each aws_kms_key and
	// aws_kms_alias by address without instance key.
	keys    map[string]*model.KMSKey
	aliases map[string]*model.KMSAlias
	regions *providerRegions
}

func newLoader(m Module) *loader {
	return &loader{
		mod:     m,
		sources: map[string][]byte{},
		warned:  map[string]bool{},
		keys:    map[string]*model.KMSKey{},
		aliases: map[string]*model.KMSAlias{},
	}
}

// isReservedRoot reports whether a resource type would shadow one of the
// language's own roots.
func isReservedRoot(name string) bool {
	switch name {
	case "var", "local", "data", "module", "path", "terraform", "count", "each", "self":
		return true
	}
	return false
}

// buildContext builds the module's evaluation context: variables first,
// then references, then locals, which may use all of them.
func (l *loader) buildContext(cfg *config, opts Options) {
	vars := map[string]cty.Value{
		"var":  l.variables(cfg.variables, opts),
		"path": cty.ObjectVal(map[string]cty.Value{"module": cty.StringVal("."), "root": cty.StringVal("."), "cwd": cty.StringVal(".")}),
		"terraform": cty.ObjectVal(map[string]cty.Value{
			// Chosen when Terraform runs: taking "default" would drop or
			// keep resources by a guess (count = workspace == "prod" ? 1 : 0).
			"workspace": unknownWith("terraform.workspace is chosen when Terraform runs"),
		}),
		"data":   refObjects(cfg.data, modeData),
		"module": moduleObject(cfg.modules),
	}
	for typ, v := range refObjects(cfg.resources, modeResource).AsValueMap() {
		if !isReservedRoot(typ) {
			vars[typ] = v
		}
	}
	l.blocks = cfg.byAddress
	l.ctx = &hcl.EvalContext{Variables: vars, Functions: l.functions()}
	l.evalLocals(cfg.locals)
	l.regions = l.providerRegions(cfg.providers)
}

// refObjects returns an object of types, each an object of names, each the
// unknown value that stands for that resource.
func refObjects(blocks []*resourceBlock, mode string) cty.Value {
	byType := map[string]map[string]cty.Value{}
	for _, r := range blocks {
		if byType[r.typ] == nil {
			byType[r.typ] = map[string]cty.Value{}
		}
		byType[r.typ][r.name] = cty.DynamicVal.Mark(refMark{mode: mode, typ: r.typ, name: r.name})
	}
	obj := make(map[string]cty.Value, len(byType))
	for typ, names := range byType {
		obj[typ] = cty.ObjectVal(names)
	}
	return cty.ObjectVal(obj)
}

// moduleObject returns an object of module call names, each the unknown
// value that stands for its outputs.
func moduleObject(calls []*hcl.Block) cty.Value {
	obj := map[string]cty.Value{}
	for _, b := range calls {
		obj[b.Labels[0]] = cty.DynamicVal.Mark(refMark{mode: modeModule, name: b.Labels[0]})
	}
	return cty.ObjectVal(obj)
}

// functions returns the function table of the module.
func (l *loader) functions() map[string]function.Function {
	funcs := baseFunctions()
	files := newFileFuncs(l.mod.FS, baseFunctions())
	funcs["file"] = files.base["file"]
	funcs["templatefile"] = files.templateFileFunc()
	return funcs
}
