package terraform

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// evalLocalsAndModules evaluates the locals and the module calls, each
// once, after the locals and module calls it refers to, in a context that
// holds just those: the work is linear in their size, however long their
// chains. A local or module call in a reference cycle becomes unknown with
// a warning; one that depends on a cycle becomes unknown too.
func (l *loader) evalLocalsAndModules(cfg *config) {
	byName := map[string]*hcl.Attribute{}
	var names []string
	for _, a := range cfg.locals {
		if prev := byName["local."+a.Name]; prev != nil {
			l.warn(a.NameRange, "Duplicate local value",
				fmt.Sprintf("local.%s is also defined at %s; this definition is ignored.", a.Name, toRange(prev.NameRange)))
			continue
		}
		byName["local."+a.Name] = a
		names = append(names, "local."+a.Name)
	}
	calls := map[string]*hcl.Block{}
	for _, b := range cfg.modules {
		name := "module." + b.Labels[0]
		if calls[name] != nil {
			l.warn(b.DefRange, "Duplicate module call",
				fmt.Sprintf("module %q is also called at %s; this call is ignored.", b.Labels[0], toRange(calls[name].DefRange)))
			continue
		}
		calls[name] = b
		names = append(names, name)
	}
	declared := func(n string) bool { return byName[n] != nil || calls[n] != nil }
	deps := make(map[string][]string, len(names))
	for _, name := range names {
		if a := byName[name]; a != nil {
			deps[name] = nodeDeps(a.Expr.Variables(), declared)
		} else {
			deps[name] = nodeDeps(blockVariables(calls[name].Body), declared)
		}
	}
	done := make(map[string]cty.Value, len(names))
	// cyclic holds the nodes that are, or depend on, part of a cycle.
	cyclic := map[string]bool{}
	order := make(map[string]int, len(names))
	for i, n := range names {
		order[n] = i
	}
	for _, scc := range dependencyOrder(names, deps) {
		if len(scc) > 1 && anyModule(scc) {
			// Module calls that use each other's outputs: Terraform
			// accepts them as long as no output depends on itself, which
			// the call level cannot tell. Each is evaluated in source
			// order, the outputs of those not yet evaluated unknown.
			sort.Slice(scc, func(i, j int) bool { return order[scc[i]] < order[scc[j]] })
			for _, name := range scc {
				if anyOf(deps[name], cyclic) {
					cyclic[name] = true
					done[name] = unknownWith(fmt.Sprintf("%s depends on a reference cycle", name))
					continue
				}
				l.evalNode(name, byName, calls, l.nodeContext(deps[name], done), done)
			}
			continue
		}
		if len(scc) > 1 || refersTo(deps[scc[0]], scc[0]) {
			for _, name := range scc {
				cyclic[name] = true
				l.warn(nodeRange(name, byName, calls), "Reference cycle",
					fmt.Sprintf("%s refers to itself through other locals or module calls; it and the values that use it are not analysed.", name))
				done[name] = unknownWith(fmt.Sprintf("%s is part of a reference cycle", name))
			}
			continue
		}
		name := scc[0]
		if anyOf(deps[name], cyclic) {
			cyclic[name] = true
			done[name] = unknownWith(fmt.Sprintf("%s depends on a reference cycle", name))
			continue
		}
		l.evalNode(name, byName, calls, l.nodeContext(deps[name], done), done)
	}
	l.setNodes(done)
}

// evalNode evaluates the local or module call name in ctx into done.
func (l *loader) evalNode(name string, byName map[string]*hcl.Attribute, calls map[string]*hcl.Block, ctx *hcl.EvalContext, done map[string]cty.Value) {
	if a := byName[name]; a != nil {
		done[name] = l.eval(a.Expr, ctx)
		return
	}
	// The module's resources may need this module's providers, whose
	// regions may use the locals evaluated so far.
	l.setNodes(done)
	done[name] = l.callModule(calls[name], ctx)
}

func anyModule(names []string) bool {
	for _, n := range names {
		if strings.HasPrefix(n, "module.") {
			return true
		}
	}
	return false
}

// setNodes sets local and module of the module context to the values of
// done.
func (l *loader) setNodes(done map[string]cty.Value) {
	locals, modules := map[string]cty.Value{}, map[string]cty.Value{}
	for name, v := range done {
		if strings.HasPrefix(name, "local.") {
			locals[strings.TrimPrefix(name, "local.")] = v
		} else {
			modules[strings.TrimPrefix(name, "module.")] = v
		}
	}
	l.ctx.Variables["local"] = cty.ObjectVal(locals)
	l.ctx.Variables["module"] = cty.ObjectVal(modules)
}

// nodeContext is a child of the module context that holds the locals and
// module calls of deps, evaluated.
func (l *loader) nodeContext(deps []string, done map[string]cty.Value) *hcl.EvalContext {
	locals, modules := map[string]cty.Value{}, map[string]cty.Value{}
	for _, d := range deps {
		v, ok := done[d]
		if !ok {
			v = unknownWith(fmt.Sprintf("%s is evaluated later, in a cycle of module calls that use each other's outputs", d))
		}
		if strings.HasPrefix(d, "local.") {
			locals[strings.TrimPrefix(d, "local.")] = v
		} else {
			modules[strings.TrimPrefix(d, "module.")] = v
		}
	}
	ctx := l.ctx.NewChild()
	ctx.Variables = map[string]cty.Value{"local": cty.ObjectVal(locals), "module": cty.ObjectVal(modules)}
	return ctx
}

func nodeRange(name string, byName map[string]*hcl.Attribute, calls map[string]*hcl.Block) hcl.Range {
	if a := byName[name]; a != nil {
		return a.NameRange
	}
	return calls[name].DefRange
}

// nodeDeps lists the declared locals and module calls that the traversals
// refer to.
func nodeDeps(traversals []hcl.Traversal, declared func(string) bool) []string {
	var out []string
	for _, t := range traversals {
		root := t.RootName()
		if (root != "local" && root != "module") || len(t) < 2 {
			continue
		}
		if attr, ok := t[1].(hcl.TraverseAttr); ok && declared(root+"."+attr.Name) {
			out = appendNew(out, root+"."+attr.Name)
		}
	}
	return out
}

func refersTo(names []string, name string) bool {
	for _, n := range names {
		if n == name {
			return true
		}
	}
	return false
}

func anyOf(names []string, set map[string]bool) bool {
	for _, n := range names {
		if set[n] {
			return true
		}
	}
	return false
}

// dependencyOrder returns the strongly connected components of the
// dependency graph (Tarjan's algorithm, without recursion so that a long
// chain cannot exhaust the stack), dependencies before their dependents.
// A component of more than one node is a cycle.
func dependencyOrder(nodes []string, deps map[string][]string) [][]string {
	type frame struct {
		node string
		next int // index of the next dependency to visit
	}
	index := make(map[string]int, len(nodes))
	low := make(map[string]int, len(nodes))
	onStack := map[string]bool{}
	var stack []string
	var out [][]string
	for _, root := range nodes {
		if _, seen := index[root]; seen {
			continue
		}
		calls := []frame{{node: root}}
		index[root], low[root] = len(index), len(index)
		stack, onStack[root] = append(stack, root), true
		for len(calls) > 0 {
			f := &calls[len(calls)-1]
			if f.next < len(deps[f.node]) {
				d := deps[f.node][f.next]
				f.next++
				if _, seen := index[d]; !seen {
					index[d], low[d] = len(index), len(index)
					stack, onStack[d] = append(stack, d), true
					calls = append(calls, frame{node: d})
				} else if onStack[d] {
					low[f.node] = min(low[f.node], index[d])
				}
				continue
			}
			n := f.node
			calls = calls[:len(calls)-1]
			if len(calls) > 0 {
				parent := calls[len(calls)-1].node
				low[parent] = min(low[parent], low[n])
			}
			if low[n] != index[n] {
				continue
			}
			var scc []string
			for {
				top := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[top] = false
				scc = append(scc, top)
				if top == n {
					break
				}
			}
			out = append(out, scc)
		}
	}
	return out
}
