package workers

import (
	"sync/atomic"
	"testing"
)

// TestEach checks that every job runs once, on no more goroutines than
// asked, and that nothing runs when there is no job.
func TestEach(t *testing.T) {
	for _, workers := range []int{0, 1, 3} {
		ran := make([]atomic.Int32, 100)
		var running, most atomic.Int32
		Each(len(ran), workers, func(i int) {
			now := running.Add(1)
			for {
				m := most.Load()
				if now <= m || most.CompareAndSwap(m, now) {
					break
				}
			}
			ran[i].Add(1)
			running.Add(-1)
		})
		for i := range ran {
			if got := ran[i].Load(); got != 1 {
				t.Errorf("workers %d: job %d ran %d times", workers, i, got)
			}
		}
		if workers > 0 && int(most.Load()) > workers {
			t.Errorf("workers %d: %d jobs ran at once", workers, most.Load())
		}
	}
	Each(0, 2, func(int) { t.Error("a job ran with none to run") })
}
