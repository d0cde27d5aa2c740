// Package wanttest runs rules over fixture folders that carry their
// expectations inline, as golang.org/x/tools/go/analysis/analysistest does.
//
// A case is a folder: every file under it (several .tf files of a module,
// module subfolders, terraform.tfvars, several templates) is scanned as one
// scan root, and file names in findings are paths within the folder
// ("modules/table/main.tf"). Markers may sit in any file of the case, at the
// end of the line they are about:
//
//	# want "REGEXP"   a finding, matched against "ID message"
//	# skip "REGEXP"   a check recorded as not analysed, matched against "ID reason"
//	# diag "REGEXP"   a diagnostic, matched against "severity summary: detail"
//
// `//` may stand for `#`; several quoted patterns may follow one kind, each
// expecting one result; `col=N` after the kind (`# want col=5 "DDB101"`)
// requires the result to start at column N of the line. Files without
// comments (JSON) keep their expectations in a sidecar FILE.want, one a line:
// `LINE want "REGEXP"`, `LINE col=5 want "REGEXP"`, `LINE diag "REGEXP"`
// (line 0 for a diagnostic about the whole file). Every finding, skipped
// check and diagnostic must be expected, and every expectation met.
//
// A .dynamoguard.yml at the root of a case folder is its configuration: the
// settings the rules read (trusted accounts, export buckets, …).
//
// A case folder named doc holds a rule's documentation snippets; each of its
// files is scanned on its own, as the docs page shows it (bad.tf and good.tf
// in one module would declare the same resource twice).
//
// A .dynamoguard.yml at the root of a case (of doc: beside the snippets)
// gives the settings of the rules, as it does for a scan.
package wanttest

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dynamoguard/dynamoguard/config"
	"github.com/dynamoguard/dynamoguard/model"
	"github.com/dynamoguard/dynamoguard/parser"
	"github.com/dynamoguard/dynamoguard/rules"
)

// scanDir scans fsys as one scan root with the rules of set.
func scanDir(fsys fs.FS, set []*rules.Rule) (findings []rules.Finding, skipped []rules.Skipped, diags model.Diagnostics) {
	var proj *model.Project
	proj, diags = parser.LoadFS(parser.Input{FS: fsys, Paths: []string{"."}}, parser.Options{Workers: 1})
	model.Link(proj)
	// A value no builder set is a bug: it fails the case like an
	// unexpected diagnostic.
	if err := model.Validate(proj); err != nil {
		diags = append(diags, model.Diagnostic{Severity: model.DiagError, Summary: "invalid model", Detail: err.Error()})
	}
	opts := rules.Options{Rules: set}
	if name, ok := config.Find(fsys); ok {
		// A case's .dynamoguard.yml gives the settings of the rules that
		// read configuration.
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			diags = append(diags, model.Diagnostic{Severity: model.DiagError, Summary: "cannot read config", Detail: err.Error()})
		}
		cfg, cdiags := config.Load(name, data)
		diags = append(diags, cdiags...)
		opts.Settings = cfg.Settings()
	}
	res := rules.Run(proj, opts)
	return res.Findings, res.Skipped, diags
}

// Kind says what an expectation is about.
type Kind string

// The expectation kinds.
const (
	Want Kind = "want" // a finding
	Skip Kind = "skip" // a check recorded as not analysed
	Diag Kind = "diag" // a diagnostic
)

// Expectation is one pattern expected on one line.
type Expectation struct {
	// File is the path within the case folder; Markers and Sidecar leave
	// it empty, Expectations sets it.
	File string
	Line int
	// Column is where the result must start; 0 means anywhere on the line.
	Column  int
	Kind    Kind
	Pattern *regexp.Regexp
}

// docCase is the name of the case folder that holds a rule's documentation
// snippets, each scanned on its own.
const docCase = "doc"

const quoted = `"(?:[^"\\]|\\.)*"`

var (
	markerRE = regexp.MustCompile(`(?:#|//)\s*(want|skip|diag)(?:\s+col=(\d+))?((?:\s+` + quoted + `)+)`)
	// startRE finds what looks like the start of a marker, to catch those
	// markerRE does not read (`# want col=x "…"`, an unterminated quote).
	startRE   = regexp.MustCompile(`(?:#|//)\s*(?:want|skip|diag)\s+(?:col=|")`)
	quotedRE  = regexp.MustCompile(quoted)
	sidecarRE = regexp.MustCompile(`^(\d+)(?:\s+col=(\d+))?\s+(want|skip|diag)((?:\s+` + quoted + `)+)\s*$`)
)

// Markers reads the inline expectations of a source file.
func Markers(src []byte) ([]Expectation, error) {
	var out []Expectation
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		ms := markerRE.FindAllStringSubmatch(text, -1)
		if len(ms) < len(startRE.FindAllString(text, -1)) || !markersEnd(text) {
			return nil, fmt.Errorf("line %d: malformed marker in %q (want `# want [col=N] \"REGEXP\"...` at the end of the line)", line, text)
		}
		for _, m := range ms {
			exps, err := patterns(line, m[2], Kind(m[1]), m[3])
			if err != nil {
				return nil, err
			}
			out = append(out, exps...)
		}
	}
	return out, sc.Err()
}

// markersEnd reports whether only blanks follow each marker of text up to
// the next one or the end of the line.
func markersEnd(text string) bool {
	locs := markerRE.FindAllStringIndex(text, -1)
	for i, loc := range locs {
		next := len(text)
		if i+1 < len(locs) {
			next = locs[i+1][0]
		}
		if strings.TrimSpace(text[loc[1]:next]) != "" {
			return false
		}
	}
	return true
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
			return nil, fmt.Errorf("line %d: want `LINE [col=N] want|skip|diag \"REGEXP\"`, got %q", i+1, text)
		}
		line, err := strconv.Atoi(m[1])
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", i+1, err)
		}
		exps, err := patterns(line, m[2], Kind(m[3]), m[4])
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", i+1, err)
		}
		out = append(out, exps...)
	}
	return out, nil
}

func patterns(line int, col string, kind Kind, quotedList string) ([]Expectation, error) {
	column := 0
	if col != "" {
		n, err := strconv.Atoi(col)
		if err != nil || n < 1 {
			return nil, fmt.Errorf("line %d: bad column %q", line, col)
		}
		column = n
	}
	var out []Expectation
	for _, q := range quotedRE.FindAllString(quotedList, -1) {
		s, err := strconv.Unquote(q)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		re, err := regexp.Compile(s)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		out = append(out, Expectation{Line: line, Column: column, Kind: kind, Pattern: re})
	}
	return out, nil
}

// Expectations reads the markers of every file of fsys and the sidecars
// FILE.want beside them, naming each expectation's file by its path in fsys.
func Expectations(fsys fs.FS) ([]Expectation, error) {
	var out []Expectation
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		read := Markers
		file := p
		if strings.HasSuffix(p, ".want") {
			read, file = Sidecar, strings.TrimSuffix(p, ".want")
			if _, err := fs.Stat(fsys, file); err != nil {
				return fmt.Errorf("%s: sidecar of a missing file: %w", p, err)
			}
		}
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		exps, err := read(src)
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		for i := range exps {
			exps[i].File = file
		}
		out = append(out, exps...)
		return nil
	})
	return out, err
}

// result is one thing a scan produced, in the terms of the markers.
type result struct {
	file      string
	line, col int
	kind      Kind
	text      string
}

func results(findings []rules.Finding, skipped []rules.Skipped, diags model.Diagnostics) []result {
	var out []result
	at := func(r model.Range, kind Kind, text string) {
		out = append(out, result{path.Clean(filepath.ToSlash(r.Filename)), r.Start.Line, r.Start.Column, kind, text})
	}
	for _, f := range findings {
		at(f.Range, Want, f.RuleID+" "+f.Message)
	}
	for _, s := range skipped {
		for _, id := range s.RuleIDs {
			at(s.Range, Skip, id+" "+s.Reason)
		}
	}
	for _, d := range diags {
		text := d.Severity.String() + " " + d.Summary
		if d.Detail != "" {
			text += ": " + d.Detail
		}
		at(d.Subject, Diag, text)
	}
	return out
}

// CheckFS scans fsys as one scan root with the rules of set and fails t on
// every difference between what the scan produced and the markers of the
// files of fsys.
func CheckFS(t testing.TB, fsys fs.FS, set []*rules.Rule) {
	t.Helper()
	want, err := Expectations(fsys)
	if err != nil {
		t.Errorf("%v", err)
		return
	}
	check(t, fsys, want, set)
}

// Check scans the single file name (its name decides the format) and fails
// t on every difference from want; expectations without a File are taken
// to be about name.
func Check(t testing.TB, name string, src []byte, want []Expectation, set []*rules.Rule) {
	t.Helper()
	fsys := fstest.MapFS{name: &fstest.MapFile{Data: src, Mode: 0o644}}
	want = append([]Expectation(nil), want...)
	for i := range want {
		if want[i].File == "" {
			want[i].File = name
		}
	}
	check(t, fsys, want, set)
}

func check(t testing.TB, fsys fs.FS, want []Expectation, set []*rules.Rule) {
	t.Helper()
	got := results(scanDir(fsys, set))
	used := make([]bool, len(want))
	done := make([]bool, len(got))
	matches := func(w Expectation, g result, anyColumn bool) bool {
		return w.File == g.file && w.Line == g.line && w.Kind == g.kind &&
			(anyColumn || w.Column == 0 || w.Column == g.col) && w.Pattern.MatchString(g.text)
	}
	// Expectations with a column first, so that a looser one on the same
	// line does not take the result a column marker is about.
	order := make([]int, len(want))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return want[order[a]].Column != 0 && want[order[b]].Column == 0 })
	for gi, g := range got {
		for _, wi := range order {
			if !used[wi] && matches(want[wi], g, false) {
				used[wi], done[gi] = true, true
				break
			}
		}
	}
	// A result left over that an unmet expectation would take but for its
	// column is one error, not two.
	for gi, g := range got {
		if done[gi] {
			continue
		}
		for wi, w := range want {
			if !used[wi] && matches(w, g, true) {
				used[wi], done[gi] = true, true
				t.Errorf("%s:%d: %s %q matched at column %d, want column %d: %s", g.file, g.line, g.kind, w.Pattern, g.col, w.Column, g.text)
				break
			}
		}
	}
	for gi, g := range got {
		if !done[gi] {
			t.Errorf("%s:%d:%d: unexpected %s: %s", g.file, g.line, g.col, g.kind, g.text)
		}
	}
	for wi, w := range want {
		if !used[wi] {
			col := ""
			if w.Column > 0 {
				col = fmt.Sprintf(" col=%d", w.Column)
			}
			t.Errorf("%s:%d: expected %s%s %q, got none", w.File, w.Line, w.Kind, col, w.Pattern)
		}
	}
}

// RunDir runs every case folder under dir as a subtest named by its path
// below dir. A folder is a case when it holds files; its subfolders belong to
// it. It fails when dir holds no case.
func RunDir(t *testing.T, dir string, set []*rules.Rule) {
	t.Helper()
	cases, err := Cases(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatalf("%s: no fixtures", dir)
	}
	for _, c := range cases {
		name, err := filepath.Rel(dir, c)
		if err != nil || name == "." {
			name = filepath.Base(c)
		}
		t.Run(filepath.ToSlash(name), func(t *testing.T) {
			fsys := os.DirFS(c)
			if filepath.Base(c) != docCase {
				CheckFS(t, fsys, set)
				return
			}
			runAlone(t, fsys, set)
		})
	}
}

// runAlone checks each file of fsys (with its sidecar) as a scan of its own.
func runAlone(t *testing.T, fsys fs.FS, set []*rules.Rule) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || strings.HasSuffix(name, ".want") {
			continue
		}
		if _, isConfig := config.Find(fstest.MapFS{name: &fstest.MapFile{}}); isConfig {
			continue
		}
		t.Run(name, func(t *testing.T) {
			one := fstest.MapFS{}
			// The folder's configuration applies to each snippet.
			for _, n := range append([]string{name, name + ".want"}, config.FileNames...) {
				data, err := fs.ReadFile(fsys, n)
				if err == nil {
					one[n] = &fstest.MapFile{Data: data, Mode: 0o644}
				}
			}
			CheckFS(t, one, set)
		})
	}
}

// Cases lists the case folders under dir, sorted: the folders that hold at
// least one file, not descending into them.
func Cases(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		entries, err := os.ReadDir(p)
		if err != nil {
			return err
		}
		for _, e := range entries {
			if !e.IsDir() {
				out = append(out, p)
				return fs.SkipDir
			}
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}
