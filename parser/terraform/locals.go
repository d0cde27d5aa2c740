package terraform

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// evalLocals evaluates the locals in passes: each pass evaluates the locals
// whose local dependencies are all evaluated, until none is left or no pass
// makes progress. What is left is in, or depends on, a reference cycle: it
// becomes unknown, with a warning for each local in a cycle.
func (l *loader) evalLocals(attrs []*hcl.Attribute) {
	byName := map[string]*hcl.Attribute{}
	var pending []string
	for _, a := range attrs {
		if prev := byName[a.Name]; prev != nil {
			l.warn(a.NameRange, "Duplicate local value",
				fmt.Sprintf("local.%s is also defined at %s; this definition is ignored.", a.Name, toRange(prev.NameRange)))
			continue
		}
		byName[a.Name] = a
		pending = append(pending, a.Name)
	}
	deps := map[string][]string{}
	for name, a := range byName {
		deps[name] = localDeps(a.Expr, byName)
	}
	done := map[string]cty.Value{}
	for len(pending) > 0 {
		l.ctx.Variables["local"] = cty.ObjectVal(done)
		var ready, rest []string
		for _, name := range pending {
			if allDone(deps[name], done) {
				ready = append(ready, name)
			} else {
				rest = append(rest, name)
			}
		}
		if len(ready) == 0 {
			break
		}
		for _, name := range ready {
			done[name] = l.eval(byName[name].Expr, l.ctx)
		}
		pending = rest
	}
	for _, name := range pending {
		done[name] = l.cyclicLocal(name, byName[name], deps)
	}
	l.ctx.Variables["local"] = cty.ObjectVal(done)
}

// cyclicLocal returns the unknown value of a local left over by evalLocals
// and warns when the local is itself part of a cycle.
func (l *loader) cyclicLocal(name string, a *hcl.Attribute, deps map[string][]string) cty.Value {
	if !reaches(deps, name, name) {
		return unknownWith(fmt.Sprintf("local.%s depends on a reference cycle between locals", name))
	}
	l.warn(a.NameRange, "Reference cycle in locals",
		fmt.Sprintf("local.%s refers to itself through other locals; it and the values that use it are not analysed.", name))
	return unknownWith(fmt.Sprintf("local.%s is part of a reference cycle", name))
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

func allDone(names []string, done map[string]cty.Value) bool {
	for _, n := range names {
		if _, ok := done[n]; !ok {
			return false
		}
	}
	return true
}

// reaches reports whether to can be reached from the dependencies of from.
func reaches(deps map[string][]string, from, to string) bool {
	seen := map[string]bool{}
	stack := append([]string(nil), deps[from]...)
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n == to {
			return true
		}
		if seen[n] {
			continue
		}
		seen[n] = true
		stack = append(stack, deps[n]...)
	}
	return false
}
