// Package workers runs the jobs of one stage of a scan on a bounded pool
// of goroutines.
package workers

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Each calls fn(0) … fn(n-1) on at most workers goroutines (GOMAXPROCS
// when workers is zero or less) and returns once every call has returned.
// The calls are in no set order: each writes its result into a place of
// its own, so that what they make does not depend on the scheduling.
func Each(n, workers int, fn func(i int)) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var next atomic.Int64 // the job the next free goroutine takes
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				fn(i)
			}
		})
	}
	wg.Wait()
}
