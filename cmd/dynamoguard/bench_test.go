package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/dynamoguard/dynamoguard/internal/synthrepo"
)

// benchRepos runs fn as one sub-benchmark per size, on that size's
// repository written to a folder, and reports files/s and MB/s.
func benchRepos(b *testing.B, fn func(b *testing.B, dir string)) {
	for _, size := range synthrepo.Sizes {
		b.Run(size.Name, func(b *testing.B) {
			fsys := synthrepo.Repo(size.TF, size.CFN, size.Tables)
			dir := filepath.Join(b.TempDir(), "repo")
			if err := synthrepo.Write(dir, fsys); err != nil {
				b.Fatal(err)
			}
			bytes := 0
			for _, f := range fsys {
				bytes += len(f.Data)
			}
			b.ReportAllocs()
			fn(b, dir)
			secs := b.Elapsed().Seconds()
			b.ReportMetric(float64(len(fsys))*float64(b.N)/secs, "files/s")
			b.ReportMetric(float64(bytes)*float64(b.N)/secs/1e6, "MB/s")
		})
	}
}

// BenchmarkCLIScan is what a user runs: dynamoguard scan --format sarif
// into a file, from discovery to the last byte of the log, fixes included.
// Compare with BenchmarkCLIBareParse, in the same run.
func BenchmarkCLIScan(b *testing.B) {
	benchRepos(b, func(b *testing.B, dir string) {
		out := filepath.Join(b.TempDir(), "out.sarif")
		for b.Loop() {
			var stderr bytes.Buffer
			c := &Command{Stdin: strings.NewReader(""), Stdout: &bytes.Buffer{}, Stderr: &stderr}
			if code := c.Run([]string{"scan", "--format", "sarif", "--output", out, dir}); code != ExitFindings {
				b.Fatalf("exit %d: %s", code, stderr.String())
			}
		}
		if info, err := os.Stat(out); err != nil || info.Size() == 0 {
			b.Fatalf("no SARIF log: %v", err)
		}
	})
}

// BenchmarkCLIBareParse is the floor of BenchmarkCLIScan: it walks the
// same folder, reads every file and parses it with the parsers the scan
// uses (hclsyntax, a yaml.v3 node tree) on GOMAXPROCS workers, and does
// nothing else.
func BenchmarkCLIBareParse(b *testing.B) {
	benchRepos(b, func(b *testing.B, dir string) {
		for b.Loop() {
			var files []string
			err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
				if err == nil && d.Type().IsRegular() {
					files = append(files, p)
				}
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
			next := make(chan string)
			var wg sync.WaitGroup
			var failed sync.Once
			for range runtime.GOMAXPROCS(0) {
				wg.Go(func() {
					for p := range next {
						if err := parseFile(p); err != nil {
							failed.Do(func() { b.Error(err) })
						}
					}
				})
			}
			for _, p := range files {
				next <- p
			}
			close(next)
			wg.Wait()
		}
	})
}

// parseFile reads and parses one file of a generated repository.
func parseFile(p string) error {
	data, err := os.ReadFile(p)
	if err != nil {
		return err
	}
	return synthrepo.Parse(p, data)
}
