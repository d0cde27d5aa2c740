package fix

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/pmezard/go-difflib/difflib"

	"github.com/dynamoguard/dynamoguard/rules"
)

// Applied is a fix that a Plan makes.
type Applied struct {
	Finding *rules.Finding
	Fix     *rules.SuggestedFix
}

// Skipped is a fix that could not be made, and why.
type Skipped struct {
	Finding *rules.Finding
	Reason  string
}

// Plan is the fixes of a scan made one after the other on the files in
// memory: each is made again against the files as the fixes before it
// left them, so fixes of one file never overlap, and a fix that another
// already made is a no-op.
type Plan struct {
	files *Files
	read  func(name string) ([]byte, error) // the files as the plan first read them
	// Applied are the fixes made, in the order of the findings.
	Applied []Applied
	// Skipped are the fixes that could not be made.
	Skipped []Skipped
	after   map[string][]byte
}

// NewPlan makes the fixes of the findings that have one. Fixes made at
// the positions the scan found (at an origin, or after a policy statement)
// are made first, with the edits of the scan (an origin shared by several
// findings is changed once); the others, which find their place in the
// file again, are then made one after the other on the files as the fixes
// before them left them. A file whose fixed text would not parse as a
// whole is not changed: its fixes move to Skipped with the parser's message.
func NewPlan(files *Files, findings []rules.Finding, opts Options) *Plan {
	p := &Plan{files: files, read: files.reader(), after: map[string][]byte{}}
	read := func(name string) ([]byte, error) {
		if b, ok := p.after[name]; ok {
			return b, nil
		}
		return p.read(name)
	}
	var later []*rules.Finding
	byName := map[string][]rules.TextEdit{}
	var origin []*rules.Finding
	for i := range findings {
		f := &findings[i]
		switch {
		case f.Fix == nil || len(f.Changes) == 0 || f.Suppression != nil:
		case f.Fix.AtOrigin || positional(f.Changes):
			origin = append(origin, f)
		default:
			later = append(later, f)
		}
	}
	for _, f := range origin {
		fresh := true
		for _, e := range f.Fix.Edits {
			for _, prev := range byName[e.Range.Filename] {
				if prev == e {
					fresh = false // the same origin, already changed
					continue
				}
				if prev.Range.Start.Byte < e.Range.End.Byte && e.Range.Start.Byte < prev.Range.End.Byte {
					p.Skipped = append(p.Skipped, Skipped{Finding: f, Reason: fmt.Sprintf("%s: the fix overlaps another fix's edit at %s", e.Range, prev.Range)})
					fresh = false
				}
			}
		}
		if fresh {
			for _, e := range f.Fix.Edits {
				byName[e.Range.Filename] = append(byName[e.Range.Filename], e)
			}
		}
		p.Applied = append(p.Applied, Applied{Finding: f, Fix: f.Fix})
	}
	for name, es := range byName {
		data, err := p.read(name)
		if err == nil {
			p.after[name], err = ApplyEdits(data, es)
		}
		if err != nil {
			p.dropFile(name, err)
		}
	}
	for _, f := range later {
		// made on the files as the fixes before it left them, on which the
		// resources' extents of the scan are not
		fx, err := makeSeq(newSources(), read, f.Changes, opts, nil)
		if err != nil {
			p.Skipped = append(p.Skipped, Skipped{Finding: f, Reason: err.Error()})
			continue
		}
		next := map[string][]byte{}
		for name, es := range byFile(fx.Edits) {
			data, err := read(name)
			if err == nil {
				next[name], err = ApplyEdits(data, es)
			}
			if err != nil {
				p.Skipped = append(p.Skipped, Skipped{Finding: f, Reason: err.Error()})
				next = nil
				break
			}
		}
		for name, b := range next {
			p.after[name] = b
		}
		if next != nil {
			p.Applied = append(p.Applied, Applied{Finding: f, Fix: fx})
		}
	}
	// The edits are written from parsed positions in each format's syntax;
	// that the whole of a fixed file still parses is checked once, on the
	// file all its fixes made, so that no fix leaves a file unreadable.
	for _, name := range p.Changed() {
		if err := parses(name, p.after[name]); err != nil {
			p.dropFile(name, fmt.Errorf("the fixed %s would not parse (%w); change it by hand", name, err))
		}
	}
	return p
}

// dropFile moves the fixes that touch file name to Skipped with err, and
// forgets the changes of the file.
func (p *Plan) dropFile(name string, err error) {
	delete(p.after, name)
	for i := 0; i < len(p.Applied); i++ {
		if touches(p.Applied[i].Fix, name) {
			p.Skipped = append(p.Skipped, Skipped{Finding: p.Applied[i].Finding, Reason: err.Error()})
			p.Applied = append(p.Applied[:i], p.Applied[i+1:]...)
			i--
		}
	}
}

// Changed are the names of the files the plan changes, sorted.
func (p *Plan) Changed() []string {
	var names []string
	for name, b := range p.after {
		if before, _ := p.read(name); !bytes.Equal(before, b) {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

// Diff is the unified diff of the plan's changes, each file's preceded by
// the fixes in it and what a reviewer must know about them.
func (p *Plan) Diff() (string, error) {
	var out strings.Builder
	for _, name := range p.Changed() {
		before, _ := p.read(name)
		for _, a := range p.Applied {
			if !touches(a.Fix, name) {
				continue
			}
			fmt.Fprintf(&out, "# %s %s: %s\n", a.Finding.RuleID, a.Finding.Resource.Address, a.Fix.Description)
			for _, n := range a.Fix.Notes {
				fmt.Fprintf(&out, "#   %s\n", n)
			}
		}
		d, err := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
			A: difflib.SplitLines(string(before)), B: difflib.SplitLines(string(p.after[name])),
			FromFile: "a/" + name, ToFile: "b/" + name, Context: 3,
		})
		if err != nil {
			return "", fmt.Errorf("diff %s: %w", name, err)
		}
		out.WriteString(d)
	}
	return out.String(), nil
}

func touches(fx *rules.SuggestedFix, name string) bool {
	for _, e := range fx.Edits {
		if e.Range.Filename == name {
			return true
		}
	}
	return false
}

// Write writes the changed files. A file that changed since the scan, or
// that is read-only, is left alone and its fixes move to Skipped; a file is
// replaced by renaming a complete temporary file of the same folder, so it
// is never left half-written. It returns the files written.
func (p *Plan) Write() []string {
	var written []string
	for _, name := range p.Changed() {
		if err := p.writeFile(name); err != nil {
			p.dropFile(name, err)
			continue
		}
		written = append(written, name)
	}
	return written
}

func (p *Plan) writeFile(name string) error {
	file := filepath.Join(p.files.root, filepath.FromSlash(name))
	before, _ := p.read(name)
	info, err := os.Stat(file)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if info.Mode().Perm()&0o222 == 0 {
		return fmt.Errorf("%s is read-only: not fixed", name)
	}
	now, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if !bytes.Equal(now, before) {
		return fmt.Errorf("%s changed since the scan: not fixed; run dynamoguard fix again", name)
	}
	return replaceFile(file, p.after[name], info.Mode().Perm())
}

// replaceFile writes data to a temporary file beside file and renames it
// over file.
func replaceFile(file string, data []byte, perm fs.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(file), "."+filepath.Base(file)+".fix-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", file, err)
	}
	_, werr := tmp.Write(data)
	if werr == nil {
		werr = tmp.Chmod(perm)
	}
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), file)
	}
	if werr != nil {
		_ = os.Remove(tmp.Name())
		return fmt.Errorf("write %s: %w", file, werr)
	}
	return nil
}

// positional reports whether a change is placed by the positions of the
// scan rather than found again in the file.
func positional(cs []rules.Change) bool {
	for _, c := range cs {
		if _, ok := c.Value.(rules.DenyInsecureTransport); ok {
			return true
		}
	}
	return false
}
