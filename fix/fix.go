// Package fix turns the changes rules ask for into edits of the source
// (Terraform through hclsyntax positions and hclwrite, CloudFormation YAML
// and JSON as minimal text edits at node positions) and applies them
// safely: every edit carries the text it replaces, a file that changed
// since the scan or cannot be written is skipped, and a file is replaced
// by renaming a complete temporary file, never written in part.
package fix

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"go.yaml.in/yaml/v3"

	"github.com/dynamoguard/dynamoguard/internal/workers"
	"github.com/dynamoguard/dynamoguard/model"
	"github.com/dynamoguard/dynamoguard/parser/terraform"
	"github.com/dynamoguard/dynamoguard/rules"
)

// Options say which fixes may be made.
type Options struct {
	// Users are the attributes each input decides, named in the notes of a
	// fix at an origin; nil names none.
	Users Users
	// AtOrigin allows changing the variable, parameter or module input a
	// value came from, which changes every other user of it.
	AtOrigin bool
	// AllowReplacement allows fixes that make AWS replace the resource.
	AllowReplacement bool
}

// Files reads the scanned files by their names relative to the scan root
// and keeps the digest of what it first read of each, so that a file that
// changes later is detected; it keeps no file's content.
type Files struct {
	root string
	mu   sync.Mutex
	sums map[string][sha256.Size]byte
}

// NewFiles reads files under the scan root root.
func NewFiles(root string) *Files {
	return &Files{root: root, sums: map[string][sha256.Size]byte{}}
}

// get reads the file named name (slash-separated, relative to the root):
// its content as first read, or an error when it has changed since.
func (f *Files) get(name string) ([]byte, error) {
	if name == "" || path.IsAbs(name) || strings.HasPrefix(path.Clean(name), "..") {
		return nil, fmt.Errorf("file %q is outside the scan root", name)
	}
	b, err := os.ReadFile(filepath.Join(f.root, filepath.FromSlash(name)))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	sum := sha256.Sum256(b)
	f.mu.Lock()
	defer f.mu.Unlock()
	if first, ok := f.sums[name]; !ok {
		f.sums[name] = sum
	} else if first != sum {
		return nil, fmt.Errorf("%s changed since the scan: not fixed; run dynamoguard fix again", name)
	}
	return b, nil
}

// reader is get with each file read once and kept for the caller's use:
// the fixes of one file, or one plan. It is for one goroutine.
func (f *Files) reader() func(name string) ([]byte, error) {
	kept := map[string][]byte{}
	return func(name string) ([]byte, error) {
		if b, ok := kept[name]; ok {
			return b, nil
		}
		b, err := f.get(name)
		if err != nil {
			return nil, err
		}
		kept[name] = b
		return b, nil
	}
}

// Suggest sets the Fix of every finding whose rule asked for a change and
// that counts (a suppressed or baselined finding is never fixed), or its
// NoFix with the reason none is offered.
func Suggest(files *Files, findings []rules.Finding, opts Options) {
	// The findings are sorted by file: those of one file are fixed in
	// turn, sharing its source and trees, which are dropped afterwards so
	// that a worker keeps the trees of one file at a time; the files are
	// fixed on GOMAXPROCS workers. A fix depends only on the files it
	// reads, so the result does not depend on the scheduling.
	var groups [][]rules.Finding
	for i := 0; i < len(findings); {
		j := i + 1
		for j < len(findings) && findings[j].Range.Filename == findings[i].Range.Filename {
			j++
		}
		groups = append(groups, findings[i:j])
		i = j
	}
	workers.Each(len(groups), 0, func(i int) { suggestFile(files, groups[i], opts) })
}

// suggestFile is Suggest for the findings of one file.
func suggestFile(files *Files, findings []rules.Finding, opts Options) {
	srcs := newSources()
	read := files.reader()
	for i := range findings {
		f := &findings[i]
		f.Fix = nil
		if f.Suppression != nil {
			f.NoFix = ""
		}
		if len(f.Changes) == 0 || f.Suppression != nil {
			continue
		}
		fx, err := makeFix(srcs, read, f.Changes, opts)
		if err != nil {
			f.NoFix = err.Error()
			continue
		}
		f.Fix = fx
	}
}

// makeFix makes the fix of the changes cs against the files read reads,
// on the resource's unit when it can, else on the whole files. The changes
// are made one after the other, each on the files as the ones before it
// left them; the fix's edits are then what changed in each file.
func makeFix(srcs *sources, read func(name string) ([]byte, error), cs []rules.Change, opts Options) (*rules.SuggestedFix, error) {
	if fx, ok := srcs.inUnit(read, cs, opts); ok {
		return fx, nil
	}
	return makeSeq(srcs, read, cs, opts, &layoutAt{whole: true})
}

// layoutAt says which layout of a resource the first change of a sequence
// is made on, and where its offsets are in the source the change is made
// on: the layout the loader recorded, whose offsets are those of the file
// as scanned, in the whole file (whole) or shift bytes earlier; or lay or
// tmpl, the layout of a Terraform block or of a template resource that the
// change before it left, at shift bytes further than in the body of the
// source, and the indentation step of the template of tmpl.
type layoutAt struct {
	whole bool
	shift int
	lay   *model.Layout
	tmpl  *model.TemplateLayout
	step  string
}

// layout is the layout of a Terraform block a change c made on s reads,
// and what to take off its offsets to have offsets of the body of s; nil
// and -1 when there is none, and the change then parses s.
func (at *layoutAt) layout(s *source, c *rules.Change) (*model.Layout, int) {
	switch {
	case at == nil || at.tmpl != nil:
		return nil, -1
	case at.lay != nil:
		return at.lay, at.shift
	case at.whole:
		return c.Resource.Layout, s.shift
	}
	return c.Resource.Layout, at.shift
}

// template is layout for a template resource, whose layout the loader
// recorded is read only in the resource's unit: in the whole file, the
// indentation step is that of the file's first resource.
func (at *layoutAt) template(c *rules.Change) templateAt {
	switch {
	case at == nil || at.whole || at.lay != nil:
		return templateAt{shift: -1}
	case at.tmpl != nil:
		return templateAt{lay: at.tmpl, shift: at.shift, step: at.step}
	}
	return templateAt{lay: c.Resource.Template, shift: at.shift}
}

// makeSeq makes the changes one after the other on the files read reads.
// at, nil when they are not the files as scanned, says where the first
// change finds its resource's layout; a change that follows a change of
// the same Terraform resource block or template resource reads the layout
// that change left, and any other change parses the files the changes
// before it changed.
func makeSeq(srcs *sources, read func(name string) ([]byte, error), cs []rules.Change, opts Options, at *layoutAt) (*rules.SuggestedFix, error) {
	fx := &rules.SuggestedFix{}
	var descs []string
	after := map[string][]byte{}
	current := func(name string) ([]byte, error) {
		if b, ok := after[name]; ok {
			return b, nil
		}
		return read(name)
	}
	for i := range cs {
		edits, on, err := makeOne(srcs, current, &cs[i], opts, fx, at)
		if err != nil {
			return nil, err
		}
		at = nil
		if on != nil && len(edits) == 1 && i+1 < len(cs) && cs[i+1].Resource.Range == cs[i].Resource.Range {
			at = on.next(edits[0])
		}
		if len(cs) == 1 {
			fx.Edits = edits
		}
		for name, es := range byFile(edits) {
			if len(cs) == 1 {
				break // no later change reads the changed file
			}
			data, err := current(name)
			if err != nil {
				return nil, err
			}
			if after[name], err = ApplyEdits(data, es); err != nil {
				return nil, err
			}
		}
		noop := !slices.ContainsFunc(edits, func(e rules.TextEdit) bool { return e.Old != e.New })
		if d := describe(&cs[i], opts); !noop && !slices.Contains(descs, d) {
			descs = append(descs, d) // a change already made is not described
		}
	}
	fx.Description = strings.Join(descs, ", ")
	if len(cs) > 1 {
		names := slices.Sorted(maps.Keys(after))
		for _, name := range names {
			before, err := read(name)
			if err != nil {
				return nil, err
			}
			if e, changed := wholeEdit(srcs.get(name, before), after[name]); changed {
				fx.Edits = append(fx.Edits, e)
			}
		}
	}
	return fx, nil
}

// describe is what change c does.
func describe(c *rules.Change, opts Options) string {
	if len(c.At.Origins) > 0 && opts.AtOrigin {
		return fmt.Sprintf("set %s to %v", c.At.Origins[0], c.Value)
	}
	return c.Description()
}

// wholeEdit is the single edit that turns before into after: the bytes
// between their common prefix and suffix.
func wholeEdit(s *source, after []byte) (rules.TextEdit, bool) {
	before := s.data
	if bytes.Equal(before, after) {
		return rules.TextEdit{}, false
	}
	p := 0
	for p < len(before) && p < len(after) && before[p] == after[p] {
		p++
	}
	q := 0
	for q < len(before)-p && q < len(after)-p && before[len(before)-1-q] == after[len(after)-1-q] {
		q++
	}
	p = max(p, s.shift)
	return s.edit(p-s.shift, len(before)-q-s.shift, string(after[p:len(after)-q])), true
}

// editedLayout is the layout of a resource an edit was made on.
type editedLayout interface {
	// next is the layout the next change of the resource reads after
	// edit e, the edit made on it; nil when that change must parse the
	// file.
	next(e rules.TextEdit) *layoutAt
}

// makeOne makes the edits of change c, noting in fx what a reviewer must
// know; on is the layout of the resource the edits were made on, nil
// where there is none.
func makeOne(srcs *sources, read func(name string) ([]byte, error), c *rules.Change, opts Options, fx *rules.SuggestedFix, at *layoutAt) (edits []rules.TextEdit, on editedLayout, err error) {
	if c.Replaces {
		fx.ReplacesResource = true
		note := "AWS replaces " + c.Resource.Address + " when this is applied: the resource is destroyed and created again"
		if !slices.Contains(fx.Notes, note) {
			fx.Notes = append(fx.Notes, note)
		}
		if !opts.AllowReplacement {
			return nil, nil, fmt.Errorf("the fix (%s) makes AWS replace %s; dynamoguard fix --allow-replacement applies it", c.Description(), c.Resource.Address)
		}
	}
	if len(c.At.Origins) > 0 {
		o := c.At.Origins[0]
		if !opts.AtOrigin {
			return nil, nil, fmt.Errorf("the value comes from %s: the fix is there; dynamoguard fix --at-origin changes it", o)
		}
		edits, note, err := originEdits(srcs, read, o, c.Value)
		if err != nil {
			return nil, nil, err
		}
		if others := opts.Users.others(o, c.Resource.Address+" "+c.At.Path); others != "" {
			note += "; " + others
		}
		fx.AtOrigin = true
		if !slices.Contains(fx.Notes, note) {
			fx.Notes = append(fx.Notes, note)
		}
		return edits, nil, nil
	}
	name := c.Resource.Range.Filename
	if c.Resource.Kind == model.Terraform && !strings.HasSuffix(name, ".tf") && !strings.HasSuffix(name, ".tf.json") {
		// A plan is generated; its configuration is where a fix belongs.
		return nil, nil, errors.New("the finding is in a Terraform plan, which is generated: fix the .tf source (scan it, or give the plan's configuration with --plan-config DIR)")
	}
	if _, ok := c.Value.(rules.DenyInsecureTransport); ok {
		name = c.At.Range.Filename // the statement may be in a policy document data source
	}
	data, err := read(name)
	if err != nil {
		return nil, nil, err
	}
	s := srcs.get(name, data)
	switch deny, isDeny := c.Value.(rules.DenyInsecureTransport); {
	case isDeny:
		edits, err = statementEdits(s, c.At.Range, deny)
	case c.Resource.Kind == model.Terraform && strings.HasSuffix(name, ".tf"):
		lay, shift := at.layout(s, c)
		var tree *blockTree
		if edits, tree, err = terraformEdits(s, c, lay, shift); tree != nil {
			on = tree
		}
	case c.Resource.Kind == model.CloudFormation:
		var t *template
		if edits, t, err = templateEdits(s, strings.HasSuffix(strings.ToLower(name), ".json"), c, at.template(c)); t != nil {
			on = t
		}
	default:
		err = fmt.Errorf("%s files have no automatic fix", path.Ext(name))
	}
	if err != nil {
		return nil, nil, err
	}
	const moduleNote = "the change is in the module's source: every instance of the module changes"
	if len(c.Resource.CalledFrom) > 0 && !slices.Contains(fx.Notes, moduleNote) {
		fx.Notes = append(fx.Notes, moduleNote)
	}
	return edits, on, nil
}

// originEdits replaces the literal value written at origin o.
func originEdits(srcs *sources, read func(string) ([]byte, error), o model.Origin, value any) ([]rules.TextEdit, string, error) {
	if o.Range.IsZero() || o.Range.Start.Byte < 0 || o.Range.End.Byte < o.Range.Start.Byte {
		return nil, "", fmt.Errorf("the value comes from %s, which is not written in a file; change it where it is given", o)
	}
	data, err := read(o.Range.Filename)
	if err != nil {
		return nil, "", err
	}
	s := srcs.get(o.Range.Filename, data)
	start, end := o.Range.Start.Byte-s.shift, o.Range.End.Byte-s.shift
	if start < 0 || end > len(s.body) {
		return nil, "", fmt.Errorf("%s is outside %s", o.Range, o.Range.Filename)
	}
	old := string(s.body[start:end])
	var text string
	if strings.HasSuffix(o.Range.Filename, ".tf") || strings.HasSuffix(o.Range.Filename, ".tfvars") {
		expr, diags := hclsyntax.ParseExpression([]byte(old), o.Range.Filename, hcl.InitialPos)
		if diags.HasErrors() || !terraform.IsLiteral(expr) {
			return nil, "", fmt.Errorf("%s is not a literal value", o)
		}
		if _, ok := value.(rules.Ref); ok {
			return nil, "", fmt.Errorf("the value comes from %s, which cannot reference a resource; change it by hand", o)
		}
		v, err := valueTokens(value)
		if err != nil {
			return nil, "", err
		}
		text = string(v.Bytes())
	} else {
		t := &template{source: s, json: strings.HasSuffix(strings.ToLower(o.Range.Filename), ".json")}
		if old == "" || strings.ContainsAny(old[:1], "!&*{[|>") || strings.ContainsAny(old, "\n") {
			return nil, "", fmt.Errorf("%s is not a literal value", o)
		}
		var q byte
		if old[0] == '"' || old[0] == '\'' {
			q = old[0]
		}
		if text, err = t.scalarText(value, q); err != nil {
			return nil, "", err
		}
	}
	return []rules.TextEdit{s.edit(start, end, text)}, usersNote(o), nil
}

// usersNote says who else a change of origin o changes.
func usersNote(o model.Origin) string {
	switch o.Kind {
	case model.OriginModuleInput:
		return fmt.Sprintf("changes input %q of %s: every resource of that module instance that reads var.%s changes too", o.Name, o.Module, o.Name)
	case model.OriginVariableDefault:
		return fmt.Sprintf("changes the default of variable %q: every resource that reads var.%s changes too, in every caller that does not set it", o.Name, o.Name)
	case model.OriginVarFile:
		return fmt.Sprintf("changes variable %q in %s: every resource that reads var.%s changes too", o.Name, o.Range.Filename, o.Name)
	case model.OriginParameterDefault:
		return fmt.Sprintf("changes the default of parameter %q: every resource that reads !Ref %s changes too, in every stack deployed without a value for it", o.Name, o.Name)
	case model.OriginStackParameter:
		return fmt.Sprintf("changes parameter %q passed by stack %s: every resource of the nested template that reads it changes too", o.Name, o.Module)
	}
	return "changes " + o.String() + ": every other user of it changes too"
}

// parses reports whether a fixed file still parses in its format.
func parses(name string, data []byte) error {
	data = bytes.TrimPrefix(data, bom)
	switch {
	case strings.HasSuffix(name, ".tf"), strings.HasSuffix(name, ".tfvars"):
		if _, diags := hclsyntax.ParseConfig(data, name, hcl.InitialPos); diags.HasErrors() {
			return diags
		}
	default:
		var n yaml.Node
		return yaml.Unmarshal(data, &n)
	}
	return nil
}

// byFile groups edits by file name.
func byFile(edits []rules.TextEdit) map[string][]rules.TextEdit {
	m := map[string][]rules.TextEdit{}
	for _, e := range edits {
		m[e.Range.Filename] = append(m[e.Range.Filename], e)
	}
	return m
}
