// Package yamltree measures yaml.v3 node trees.
package yamltree

import "go.yaml.in/yaml/v3"

// Size is the number of nodes written in the tree of n, n included: an
// alias counts as one node, and the node it refers to is not followed.
func Size(n *yaml.Node) int {
	size := 1
	for _, c := range n.Content {
		size += Size(c)
	}
	return size
}
