// Package memo keeps values computed by key, for any goroutine to read,
// up to a bound.
package memo

import (
	"sync"
	"sync/atomic"
)

// Bounded is a concurrent map that keeps at most Max values: once Max were
// stored, a value is computed again each time it is asked for. The zero
// value keeps none.
type Bounded[K comparable, V any] struct {
	Max    int64
	m      sync.Map
	stored atomic.Int64
}

// Load returns the value kept for k.
func (b *Bounded[K, V]) Load(k K) (V, bool) {
	if v, ok := b.m.Load(k); ok {
		return v.(V), true
	}
	var zero V
	return zero, false
}

// Store keeps v for k while fewer than Max values were stored.
func (b *Bounded[K, V]) Store(k K, v V) {
	if b.stored.Add(1) <= b.Max {
		b.m.Store(k, v)
	}
}
