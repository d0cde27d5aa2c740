package heaplimit

import (
	"math"
	"runtime"
	"runtime/debug"
	"sync/atomic"
	"testing"
	"time"
)

// TestCheck checks the decision made after a collection: the limit stays
// while the live heap is under Ratio of it, and after a single collection
// over it, and is lifted, once, when Over collections in a row find it
// over.
func TestCheck(t *testing.T) {
	var live uint64 = 70
	lifts := 0
	w := &watch{limit: 100, live: func() uint64 { return live }, lift: func() { lifts++ }}
	w.check()
	if lifts != 0 || w.done {
		t.Fatalf("live 70 of 100: lifted %d times, done %v; want the limit kept", lifts, w.done)
	}
	live = 76
	w.check()
	live = 70
	w.check()
	live = 76
	w.check()
	if lifts != 0 || w.done {
		t.Fatalf("live 76, 70, 76 of 100: lifted %d times, done %v; want the limit kept after a peak", lifts, w.done)
	}
	w.check()
	w.check()
	w.stop()
	if lifts != 1 || !w.done {
		t.Errorf("live 76 of 100 twice in a row: lifted %d times, done %v; want once", lifts, w.done)
	}
}

// TestStopRestores checks that Set sets the limit and that stopping it
// restores the one set before.
func TestStopRestores(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	percent := debug.SetGCPercent(-1)
	debug.SetGCPercent(percent)
	stop := set(1<<40, 300, func() uint64 { return 0 })
	if got := debug.SetMemoryLimit(-1); got != 1<<40 {
		t.Errorf("limit %d after Set, want %d", got, int64(1<<40))
	}
	if got := debug.SetGCPercent(300); got != 300 {
		t.Errorf("GOGC %d after Set, want 300", got)
	}
	stop()
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("limit %d after stop, want %d as before", got, before)
	}
	if got := debug.SetGCPercent(percent); got != percent {
		t.Errorf("GOGC %d after stop, want %d as before", got, percent)
	}
	set(1<<40, 0, func() uint64 { return 0 })()
	if got := debug.SetGCPercent(percent); got != percent {
		t.Errorf("GOGC %d after Set with no percent, want it unchanged, %d", got, percent)
	}
	if Set(0, 300)(); debug.SetMemoryLimit(-1) != before || debug.SetGCPercent(percent) != percent {
		t.Error("Set(0, 300) changed the limit or GOGC")
	}
}

// TestLiftedAfterCollection checks that the live heap is read after
// collections, and the limit lifted, GOGC restored, when it passes Ratio
// of the limit.
func TestLiftedAfterCollection(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(before)
	percent := debug.SetGCPercent(-1)
	debug.SetGCPercent(percent)
	defer debug.SetGCPercent(percent)
	var reads atomic.Int32
	set(1<<40, 300, func() uint64 {
		if reads.Add(1) < 3 {
			return 0
		}
		return math.MaxUint64
	})
	deadline := time.Now().Add(time.Minute)
	for debug.SetMemoryLimit(-1) == 1<<40 {
		if time.Now().After(deadline) {
			t.Fatalf("limit not lifted after %d reads of the live heap", reads.Load())
		}
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
	if got := reads.Load(); got != 2+Over {
		t.Errorf("%d reads of the live heap, want %d: one per collection until it is over the ratio %d times", got, 2+Over, Over)
	}
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("lifted to %d, want the limit before, %d", got, before)
	}
	if got := debug.SetGCPercent(percent); got != percent {
		t.Errorf("GOGC %d once lifted, want %d as before", got, percent)
	}
}

// TestLiveHeap checks that the runtime reports the live heap.
func TestLiveHeap(t *testing.T) {
	runtime.GC()
	if got := liveHeap(); got == 0 || got == math.MaxUint64 {
		t.Errorf("live heap %d", got)
	}
}
