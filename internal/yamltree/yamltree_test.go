package yamltree

import (
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestSize counts the nodes written in documents, an alias as one.
func TestSize(t *testing.T) {
	for src, want := range map[string]int{
		"a":                        2, // the document and its scalar
		"a: b\nc: [d, e]\n":        8, // document, mapping, a, b, c, sequence, d, e
		"x: &x [1, 2, 3]\ny: *x\n": 9, // the alias is one node
		"{}":                       2,
	} {
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
			t.Fatal(err)
		}
		if got := Size(&doc); got != want {
			t.Errorf("Size(%q) = %d, want %d", src, got, want)
		}
	}
}
