//go:build unix

package scan

import (
	"context"
	"strings"
	"syscall"
	"testing"
	"time"
)

func mkfifo(t *testing.T, name string) {
	t.Helper()
	if err := syscall.Mkfifo(name, 0o644); err != nil {
		t.Skipf("no named pipes: %v", err)
	}
}

// TestNamedFIFO: a named pipe given as a path is never opened (opening it
// would block until someone writes to it).
func TestNamedFIFO(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	mkfifo(t, "pipe.yaml")
	done := make(chan *Result, 1)
	go func() {
		res, err := Run(context.Background(), Options{Paths: []string{"pipe.yaml"}})
		if err != nil {
			t.Error(err)
		}
		done <- res
	}()
	select {
	case res := <-done:
		if res == nil || len(res.Diagnostics) != 1 || !strings.Contains(res.Diagnostics[0].Summary, "not a regular file") {
			t.Errorf("diagnostics = %v, want one saying pipe.yaml is not a regular file", res)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the scan opened the pipe")
	}
}
