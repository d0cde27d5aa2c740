package terraform

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// evalLocals evaluates the locals, each once, after the locals it refers to,
// in a context that holds just those: the work is linear in the size of the
// locals, however long their chains. A local in a reference cycle becomes
// unknown with a warning; a local that depends on one becomes unknown too.
func (l *loader) evalLocals(attrs []*hcl.Attribute) {
	byName := map[string]*hcl.Attribute{}
	var names []string
	for _, a := range attrs {
		if prev := byName[a.Name]; prev != nil {
			l.warn(a.NameRange, "Duplicate local value",
				fmt.Sprintf("local.%s is also defined at %s; this definition is ignored.", a.Name, toRange(prev.NameRange)))
			continue
		}
		byName[a.Name] = a
		names = append(names, a.Name)
	}
	deps := make(map[string][]string, len(names))
	for _, name := range names {
		deps[name] = localDeps(byName[name].Expr, byName)
	}
	done := make(map[string]cty.Value, len(names))
	// cyclic holds the locals that are, or depend on, part of a cycle.
	cyclic := map[string]bool{}
	for _, scc := range dependencyOrder(names, deps) {
		if len(scc) > 1 || refersTo(deps[scc[0]], scc[0]) {
			for _, name := range scc {
				cyclic[name] = true
				l.warn(byName[name].NameRange, "Reference cycle in locals",
					fmt.Sprintf("local.%s refers to itself through other locals; it and the values that use it are not analysed.", name))
				done[name] = unknownWith(fmt.Sprintf("local.%s is part of a reference cycle", name))
			}
			continue
		}
		name := scc[0]
		if anyOf(deps[name], cyclic) {
			cyclic[name] = true
			done[name] = unknownWith(fmt.Sprintf("local.%s depends on a reference cycle between locals", name))
			continue
		}
		used := make(map[string]cty.Value, len(deps[name]))
		for _, d := range deps[name] {
			used[d] = done[d]
		}
		ctx := l.ctx.NewChild()
		ctx.Variables = map[string]cty.Value{"local": cty.ObjectVal(used)}
		done[name] = l.eval(byName[name].Expr, ctx)
	}
	l.ctx.Variables["local"] = cty.ObjectVal(done)
}

// localDeps lists the declared locals that expr refers to.
func localDeps(expr hcl.Expression, declared map[string]*hcl.Attribute) []string {
	var out []string
	for _, t := range expr.Variables() {
		if t.RootName() != "local" || len(t) < 2 {
			continue
		}
		if attr, ok := t[1].(hcl.TraverseAttr); ok && declared[attr.Name] != nil {
			out = appendNew(out, attr.Name)
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
