// Package wanttest checks rules against fixture files that carry their
// expectations inline. A line that must be reported ends with a comment
// `# want "REGEXP"` (several quoted patterns may follow one `want`); each
// pattern is matched against "ID message" of a finding on that line. A line
// whose check must be recorded as not analysed (an unknown value) carries
// `# skip "REGEXP"`, matched against "ID reason". JSON files, which have no
// comments, keep their expectations in a sidecar FILE.want with lines of the
// form `LINE want "REGEXP"` or `LINE skip "REGEXP"`. Every finding and every
// skipped check must be expected, and every expectation met.
package wanttest

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dynamoguard/dynamoguard/model"
	"github.com/dynamoguard/dynamoguard/parser"
	"github.com/dynamoguard/dynamoguard/rules"
)

// Kind says what an expectation is about.
type Kind string

// The expectation kinds.
const (
	Want Kind = "want"
	Skip Kind = "skip"
)

// Expectation is one pattern expected on one line.
type Expectation struct {
	Line    int
	Kind    Kind
	Pattern *regexp.Regexp
}

var (
	markerRE  = regexp.MustCompile(`(?:#|//)\s*(want|skip)((?:\s+"(?:[^"\\]|\\.)*")+)`)
	quotedRE  = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)
	sidecarRE = regexp.MustCompile(`^(\d+)\s+(want|skip)((?:\s+"(?:[^"\\]|\\.)*")+)\s*$`)
)

// Markers reads the inline expectations of a source file.
func Markers(src []byte) ([]Expectation, error) {
	var out []Expectation
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for line := 1; sc.Scan(); line++ {
		for _, m := range markerRE.FindAllStringSubmatch(sc.Text(), -1) {
			exps, err := patterns(line, Kind(m[1]), m[2])
			if err != nil {
				return nil, err
			}
			out = append(out, exps...)
		}
	}
	return out, sc.Err()
}

// Sidecar reads the expectations of a .want file.
func Sidecar(src []byte) ([]Expectation, error) {
	var out []Expectation
	for i, text := range strings.Split(string(src), "\n") {
		text = strings.TrimSpace(text)
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		m := sidecarRE.FindStringSubmatch(text)
		if m == nil {
			return nil, fmt.Errorf("line %d: want `LINE want \"REGEXP\"`, got %q", i+1, text)
		}
		line, _ := strconv.Atoi(m[1])
		exps, err := patterns(line, Kind(m[2]), m[3])
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", i+1, err)
		}
		out = append(out, exps...)
	}
	return out, nil
}

func patterns(line int, kind Kind, quoted string) ([]Expectation, error) {
	var out []Expectation
	for _, q := range quotedRE.FindAllString(quoted, -1) {
		s, err := strconv.Unquote(q)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		re, err := regexp.Compile(s)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		out = append(out, Expectation{Line: line, Kind: kind, Pattern: re})
	}
	return out, nil
}

// Scan parses one in-memory file (its name decides the format) on its own,
// as a module or template of its own, and runs set over it.
func Scan(name string, src []byte, set []*rules.Rule) (rules.Result, model.Diagnostics) {
	fsys := fstest.MapFS{name: &fstest.MapFile{Data: src, Mode: 0o644}}
	proj, diags := parser.LoadFS([]parser.Root{{FS: fsys}}, parser.Options{Workers: 1})
	return rules.Run(proj, set), diags
}

// Check scans one file and fails t on every difference between what set
// reports and the expectations. Parse errors fail the test too.
func Check(t testing.TB, name string, src []byte, want []Expectation, set []*rules.Rule) {
	t.Helper()
	res, diags := Scan(name, src, set)
	for _, d := range diags {
		t.Errorf("%s: unexpected diagnostic: %s", name, d.Error())
	}
	type got struct {
		line int
		kind Kind
		text string
	}
	var gots []got
	for _, f := range res.Findings {
		gots = append(gots, got{f.Range.Start.Line, Want, f.RuleID + " " + f.Message})
	}
	for _, s := range res.Skipped {
		for _, id := range s.RuleIDs {
			gots = append(gots, got{s.Range.Start.Line, Skip, id + " " + s.Reason})
		}
	}
	used := make([]bool, len(want))
	for _, g := range gots {
		matched := false
		for i, w := range want {
			if !used[i] && w.Line == g.line && w.Kind == g.kind && w.Pattern.MatchString(g.text) {
				used[i], matched = true, true
				break
			}
		}
		if !matched {
			t.Errorf("%s:%d: unexpected %s: %s", name, g.line, g.kind, g.text)
		}
	}
	for i, w := range want {
		if !used[i] {
			t.Errorf("%s:%d: expected %s %q, got none", name, w.Line, w.Kind, w.Pattern)
		}
	}
}

// RunDir checks every fixture file under dir as a subtest: .tf and
// .tf.json files with inline or sidecar markers, .yaml/.yml/.json/.template
// templates likewise. Files ending in .want are sidecars. It fails when dir
// holds no fixture.
func RunDir(t *testing.T, dir string, set []*rules.Rule) {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && !strings.HasSuffix(p, ".want") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("%s: no fixtures", dir)
	}
	sort.Strings(files)
	for _, p := range files {
		t.Run(filepath.ToSlash(strings.TrimPrefix(p, dir+string(filepath.Separator))), func(t *testing.T) {
			src, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			want, err := Markers(src)
			if err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			if side, err := os.ReadFile(p + ".want"); err == nil {
				extra, err := Sidecar(side)
				if err != nil {
					t.Fatalf("%s.want: %v", p, err)
				}
				want = append(want, extra...)
			}
			Check(t, filepath.Base(p), src, want, set)
		})
	}
}
