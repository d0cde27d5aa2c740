package memo

import "testing"

// TestBounded checks that values are kept up to the bound, and that past
// it they are not kept but those kept before stay.
func TestBounded(t *testing.T) {
	b := Bounded[string, int]{Max: 2}
	if _, ok := b.Load("a"); ok {
		t.Error("a value before any was stored")
	}
	b.Store("a", 1)
	b.Store("b", 2)
	b.Store("c", 3)
	for k, want := range map[string]int{"a": 1, "b": 2} {
		if got, ok := b.Load(k); !ok || got != want {
			t.Errorf("%s = %d, %v; want %d", k, got, ok, want)
		}
	}
	if _, ok := b.Load("c"); ok {
		t.Error("c kept past the bound")
	}
	var none Bounded[string, int]
	none.Store("a", 1)
	if _, ok := none.Load("a"); ok {
		t.Error("the zero value kept a value")
	}
}
