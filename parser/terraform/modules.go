package terraform

import (
	"fmt"
	"strconv"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/dynamoguard/dynamoguard/model"
)

// moduleMeta are the arguments of a module block that are not inputs.
var moduleMeta = map[string]bool{
	"source": true, "version": true, "count": true, "for_each": true, "providers": true, "depends_on": true,
}

// blockVariables returns the traversals of every argument of body.
func blockVariables(body hcl.Body) []hcl.Traversal {
	attrs, _ := body.JustAttributes()
	var out []hcl.Traversal
	for _, a := range attrs {
		out = append(out, a.Expr.Variables()...)
	}
	return out
}

// callModule evaluates the module block b in ctx: a local module is
// loaded as one child instance per count or for_each element, with the
// block's arguments as inputs, and the result is the value module.NAME
// stands for: the outputs object, a tuple of them (count) or an object of
// them (for_each). Anything that cannot be loaded gives an unknown value.
func (l *loader) callModule(b *hcl.Block, ctx *hcl.EvalContext) cty.Value {
	name := b.Labels[0]
	addr := l.address("module." + name)
	attrs, _ := b.Body.JustAttributes()
	c, _ := l.mod.call(name)
	source := c.Source
	if !c.Local {
		key := addr
		if l.t.remote[key] == nil {
			l.t.remote[key] = &remoteCall{rng: toRange(b.DefRange), what: addr, source: source}
		}
		return cty.DynamicVal.Mark(refMark{owner: l, mode: modeModule, name: name, source: source})
	}
	child, why := l.t.resolve(l.mod, source)
	switch {
	case child == nil:
		l.t.warnAt(b.DefRange, "Module not found",
			fmt.Sprintf("The source %q of module %q %s; its resources are not analysed and its outputs are unknown.", source, name, why))
		return unknownModule("module %q cannot be loaded: its source %q %s", name, source, why)
	case len(l.stack) >= l.t.opts.MaxDepth:
		l.t.errorAt(b.DefRange, "Module calls nest too deep",
			fmt.Sprintf("%s is %d module calls deep, the most dynamoguard follows; its resources are not analysed.", addr, len(l.stack)))
		return unknownModule("%s is nested too deep to be loaded", addr)
	}
	for _, dir := range l.stack {
		if dir == child.dirName() {
			l.t.errorAt(b.DefRange, "Module cycle",
				fmt.Sprintf("Module %q calls folder %s, which is already on the way to this call; Terraform rejects the cycle. Its resources are not analysed.", name, child.dirName()))
			return unknownModule("module %q is part of a cycle of module calls", name)
		}
	}
	keys, each, whole, ok := l.moduleInstances(b, attrs, ctx, addr)
	if !ok {
		return whole
	}
	outputs := make([]cty.Value, len(keys))
	for i, key := range keys {
		if l.t.instances >= maxModuleInstances {
			l.t.warnOnce("instances:"+l.t.scope, b.DefRange, "Too many module instances",
				fmt.Sprintf("The module tree of %s has more than %d module instances; the others are not analysed.", l.t.scope, maxModuleInstances))
			outputs[i] = unknownModule("the module tree has too many instances")
			continue
		}
		l.t.instances++
		outputs[i] = l.loadInstance(b, child, attrs, each[i], addr+key)
	}
	return moduleValue(keys, outputs, b, attrs)
}

// moduleInstances expands the count or for_each of a module call into the
// instance keys ("", "[0]", `["a"]`) and their contexts. When they cannot be
// expanded, ok is false and whole is the unknown value of the call.
func (l *loader) moduleInstances(b *hcl.Block, attrs hcl.Attributes, ctx *hcl.EvalContext, addr string) (keys []string, ctxs []*hcl.EvalContext, whole cty.Value, ok bool) {
	switch {
	case attrs["count"] != nil:
		r := &resourceBlock{block: b, count: attrs["count"]}
		insts := l.countInstancesIn(r, addr, ctx)
		return instanceKeys(insts, addr)
	case attrs["for_each"] != nil:
		r := &resourceBlock{block: b, forEach: attrs["for_each"]}
		insts := l.forEachInstancesIn(r, addr, ctx)
		return instanceKeys(insts, addr)
	}
	return []string{""}, []*hcl.EvalContext{ctx}, cty.NilVal, true
}

// instanceKeys turns expanded instances into keys, or the unknown value of
// a call whose instances are not known.
func instanceKeys(insts []instance, addr string) ([]string, []*hcl.EvalContext, cty.Value, bool) {
	if len(insts) == 1 && insts[0].address == addr {
		// An unknown count or for_each: one instance with unknown keys.
		return []string{""}, []*hcl.EvalContext{insts[0].ctx}, cty.NilVal, true
	}
	keys := make([]string, len(insts))
	ctxs := make([]*hcl.EvalContext, len(insts))
	for i, in := range insts {
		keys[i], ctxs[i] = in.address[len(addr):], in.ctx
	}
	return keys, ctxs, cty.NilVal, true
}

// loadInstance loads one instance of a module call at addr, with the
// block's arguments evaluated in ctx as inputs, and returns its outputs.
func (l *loader) loadInstance(b *hcl.Block, child *Parsed, attrs hcl.Attributes, ctx *hcl.EvalContext, addr string) cty.Value {
	c := newLoader(l.t, child, l)
	c.prefix = addr
	c.calledFrom = append(append([]model.Call(nil), l.calledFrom...), model.Call{Address: addr, Range: toRange(b.DefRange)})
	c.parentProviders = providerMap(attrs["providers"])
	declared := map[string]bool{}
	for _, v := range child.cfg.variables {
		declared[v.Labels[0]] = true
	}
	inputs := map[string]input{}
	for _, a := range sortedAttributes(attrs) {
		if moduleMeta[a.Name] {
			continue
		}
		if !declared[a.Name] {
			l.warnOnce("input:"+a.NameRange.String(), a.NameRange, "Unsupported argument",
				fmt.Sprintf("Module %q declares no variable %q; Terraform rejects this argument.", b.Labels[0], a.Name))
			continue
		}
		inputs[a.Name] = input{value: l.eval(a.Expr, ctx), origin: model.Origin{
			Kind: model.OriginModuleInput, Name: a.Name, Module: addr, Range: toRange(a.Expr.Range()),
		}}
	}
	return c.run(inputs)
}

// moduleValue is the value module.NAME stands for, from its instances'
// outputs.
func moduleValue(keys []string, outputs []cty.Value, _ *hcl.Block, attrs hcl.Attributes) cty.Value {
	switch {
	case attrs["count"] != nil:
		if len(keys) == 1 && keys[0] == "" {
			return outputs[0] // unknown count: count.index is unknown inside
		}
		if len(outputs) == 0 {
			return cty.EmptyTupleVal
		}
		return cty.TupleVal(outputs)
	case attrs["for_each"] != nil:
		if len(keys) == 1 && keys[0] == "" {
			return outputs[0]
		}
		obj := map[string]cty.Value{}
		for i, k := range keys {
			if s, err := strconv.Unquote(k[1 : len(k)-1]); err == nil {
				obj[s] = outputs[i]
			}
		}
		return cty.ObjectVal(obj)
	}
	return outputs[0]
}

// providerMap reads a module block's providers argument: the child's
// configuration (aws, aws.west) to the caller's.
func providerMap(a *hcl.Attribute) map[string]string {
	if a == nil {
		return nil
	}
	pairs, diags := hcl.ExprMap(a.Expr)
	if diags.HasErrors() {
		return nil
	}
	out := map[string]string{}
	for _, p := range pairs {
		k, kd := hcl.AbsTraversalForExpr(p.Key)
		v, vd := hcl.AbsTraversalForExpr(p.Value)
		if kd.HasErrors() || vd.HasErrors() {
			continue
		}
		out[providerName(k)] = providerName(v)
	}
	return out
}

// providerName renders aws or aws.alias from a traversal.
func providerName(t hcl.Traversal) string {
	name := t.RootName()
	if len(t) > 1 {
		if a, ok := t[1].(hcl.TraverseAttr); ok {
			name += "." + a.Name
		}
	}
	return name
}
