// Package heaplimit keeps the heap of a process under a soft limit while
// the live heap is well under it, and lifts the limit when the live heap
// grows near it.
//
// The Go collector lets the heap grow to twice what was live at the last
// collection (GOGC=100), so a scan whose live heap peaks at 130 MB can
// take 270 MB. A soft memory limit (runtime/debug.SetMemoryLimit) makes the
// collector run sooner as the heap nears the limit, at little cost while
// the live heap is far below it. Near the limit, though, the collector
// would run back to back; so, after each collection, a limit whose live
// heap has passed Ratio of it at Over collections in a row is lifted, and
// the heap is then governed by GOGC alone, as without a limit. A single
// collection over Ratio, which meets a peak of short-lived data, does not
// lift it.
//
// While the limit holds, the heap cannot pass it whatever GOGC says, so
// the collector may be let to run less often below it: Set can raise GOGC
// for as long as the limit holds, and restores it when the limit is
// lifted.
package heaplimit

import (
	"math"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// Ratio is the fraction of the limit the live heap may reach before the
// limit is lifted.
const Ratio = 0.75

// Over is how many collections in a row must find the live heap over
// Ratio of the limit for it to be lifted.
const Over = 2

// Set sets the soft memory limit to limit bytes and, when gcPercent is
// more than zero, GOGC to gcPercent, and watches the live heap after each
// collection, lifting the limit when Over collections in a row find the
// live heap over Ratio of it. It returns a function that stops the watch.
// Lifting or stopping restores the limit and GOGC that were set before. A
// limit of zero or less sets nothing.
func Set(limit int64, gcPercent int) (stop func()) {
	if limit <= 0 {
		return func() {}
	}
	return set(limit, gcPercent, liveHeap)
}

// set is Set with the live heap read by live.
func set(limit int64, gcPercent int, live func() uint64) (stop func()) {
	previous := debug.SetMemoryLimit(limit)
	restoreGC := func() {}
	if gcPercent > 0 {
		percent := debug.SetGCPercent(gcPercent)
		restoreGC = func() { debug.SetGCPercent(percent) }
	}
	w := &watch{limit: limit, live: live, lift: func() {
		restoreGC()
		debug.SetMemoryLimit(previous)
	}}
	w.arm()
	return w.stop
}

// watch is one limit watched after each collection.
type watch struct {
	limit int64
	live  func() uint64 // the live heap at the last collection
	lift  func()        // lifts the limit

	mu   sync.Mutex
	done bool
	over int // collections in a row with the live heap over Ratio
}

// sentinel is an object whose only reference is dropped at once, so that
// its finalizer runs after the next collection. It holds a pointer, so it
// is never one of the tiny objects that share a block, whose finalizers
// may not run.
type sentinel struct{ w *watch }

// arm makes check run after the next collection.
func (w *watch) arm() {
	runtime.SetFinalizer(&sentinel{w: w}, func(s *sentinel) { s.w.check() })
}

// check lifts the limit when the live heap has passed Ratio of it at Over
// collections in a row, and otherwise watches the next collection.
func (w *watch) check() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		return
	}
	w.over++
	if float64(w.live()) <= Ratio*float64(w.limit) {
		w.over = 0
	}
	if w.over >= Over {
		w.done = true
		w.lift()
		return
	}
	w.arm()
}

// stop ends the watch and restores the previous limit.
func (w *watch) stop() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.done {
		w.done = true
		w.lift()
	}
}

// liveHeap is the heap that was live at the end of the last collection.
func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return math.MaxUint64 // unknown: lift the limit rather than risk thrashing
	}
	return s[0].Value.Uint64()
}
