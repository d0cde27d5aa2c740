package main

import (
	"fmt"
	"strconv"
	"strings"
)

// sizeUnits are the suffixes --max-file-size accepts, in bytes.
var sizeUnits = []struct {
	suffix string
	factor int64
}{
	{"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}, {"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10}, {"B", 1},
}

// parseSize reads a size such as 10MB, 512K or 4096 (bytes); units are
// powers of 1024.
func parseSize(s string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	factor := int64(1)
	for _, u := range sizeUnits {
		if strings.HasSuffix(t, u.suffix) {
			t, factor = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.factor
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 || n > (1<<62)/factor {
		return 0, fmt.Errorf("--max-file-size %q: want a positive size such as 10MB, 512KB or 4096", s)
	}
	return n * factor, nil
}
