package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"10MB": 10 << 20, "512k": 512 << 10, "4096": 4096, " 2 GB ": 2 << 30, "7B": 7} {
		if got, err := parseSize(in); err != nil || got != want {
			t.Errorf("parseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "0", "-1MB", "ten", "1TB", "99999999999999999GB"} {
		if got, err := parseSize(in); err == nil {
			t.Errorf("parseSize(%q) = %d, want an error", in, got)
		}
	}
}

// TestMaxFileSizeFlag: a file over --max-file-size is not read, and a
// diagnostic says so and how to raise the limit.
func TestMaxFileSizeFlag(t *testing.T) {
	dir := t.TempDir()
	tf := "resource \"aws_dynamodb_table\" \"t\" {\n  name     = \"t\"\n  hash_key = \"pk\"\n" + strings.Repeat("  # padding\n", 200) + "}\n"
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(tf), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := run(t, dir, "scan", "--max-file-size", "1KB", ".")
	if !strings.Contains(stdout+stderr, "file too large: main.tf") || !strings.Contains(stdout+stderr, "--max-file-size") {
		t.Errorf("exit %d, no diagnostic about the size:\n%s\n%s", code, stdout, stderr)
	}
	code, stdout, _ = run(t, dir, "scan", "--max-file-size", "1MB", ".")
	if code != 1 || !strings.Contains(stdout, "DDB101") {
		t.Errorf("with 1MB: exit %d, want findings:\n%s", code, stdout)
	}
	if code, _, stderr := run(t, dir, "scan", "--max-file-size", "big", "."); code != 2 || !strings.Contains(stderr, "--max-file-size") {
		t.Errorf("--max-file-size big: exit %d, %s", code, stderr)
	}
}
