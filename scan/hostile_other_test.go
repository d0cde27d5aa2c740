//go:build !unix

package scan

import "testing"

func mkfifo(t *testing.T, _ string) {
	t.Skip("no named pipes")
}
