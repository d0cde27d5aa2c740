package cloudformation

import "go.yaml.in/yaml/v3"

// deref follows YAML aliases.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 64; i++ {
		n = n.Alias
	}
	if n != nil && n.Kind == yaml.AliasNode {
		return nil
	}
	return n
}

// isMerge reports whether a mapping key is the YAML merge key <<.
func isMerge(k *yaml.Node) bool { return k.Kind == yaml.ScalarNode && k.Tag == "!!merge" }

// mergeSources returns the mappings a merge key's value merges in, in order
// of precedence: one mapping, or a sequence of them.
func mergeSources(v *yaml.Node) []*yaml.Node {
	v = deref(v)
	switch {
	case v == nil:
		return nil
	case v.Kind == yaml.MappingNode:
		return []*yaml.Node{v}
	case v.Kind == yaml.SequenceNode:
		var out []*yaml.Node
		for _, c := range v.Content {
			if c = deref(c); c != nil && c.Kind == yaml.MappingNode {
				out = append(out, c)
			}
		}
		return out
	}
	return nil
}

// mapGet returns the key and value nodes of the entry called key of a
// mapping node, or nils. An entry merged in with << counts when the mapping
// does not have the key itself; the first of a repeated key is returned.
func mapGet(n *yaml.Node, key string) (*yaml.Node, *yaml.Node) {
	n = deref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil, nil
	}
	merges := false
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if isMerge(k) {
			merges = true
		} else if k.Kind == yaml.ScalarNode && k.Value == key {
			return k, deref(n.Content[i+1])
		}
	}
	if !merges {
		return nil, nil
	}
	pairs := entries(n)
	for i := 0; i+1 < len(pairs); i += 2 {
		if k := pairs[i]; k.Kind == yaml.ScalarNode && k.Value == key {
			return k, deref(pairs[i+1])
		}
	}
	return nil, nil
}

// entries returns the key and value nodes of mapping n as a flat list of
// pairs: its own entries in order (a repeated key repeated), then those
// merged in with << whose key it does not have, in YAML's order of
// precedence. Each mapping is merged in once, however often it is named.
func entries(n *yaml.Node) []*yaml.Node {
	n = deref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	merges := false
	for i := 0; i+1 < len(n.Content); i += 2 {
		merges = merges || isMerge(n.Content[i])
	}
	if !merges {
		return n.Content[:len(n.Content)&^1]
	}
	var out []*yaml.Node
	have := map[string]bool{}
	visited := map[*yaml.Node]bool{}
	var add func(m *yaml.Node, merged bool)
	add = func(m *yaml.Node, merged bool) {
		if visited[m] {
			return
		}
		visited[m] = true
		for i := 0; i+1 < len(m.Content); i += 2 {
			k := m.Content[i]
			switch {
			case isMerge(k):
			case k.Kind != yaml.ScalarNode:
				if !merged {
					out = append(out, k, m.Content[i+1])
				}
			case !merged || !have[k.Value]:
				out = append(out, k, m.Content[i+1])
				have[k.Value] = true
			}
		}
		for i := 0; i+1 < len(m.Content); i += 2 {
			if isMerge(m.Content[i]) {
				for _, src := range mergeSources(m.Content[i+1]) {
					add(src, true)
				}
			}
		}
	}
	add(n, false)
	return out
}
