// Package terraform loads Terraform configuration: it parses each folder
// once (Parse), and evaluates a root module together with its tree of local
// child modules (LoadTree): variables, locals, module inputs and outputs,
// functions, count, for_each and dynamic blocks. It builds the resources of
// the common model from what it evaluated, each at its full address
// (module.db["a"].aws_dynamodb_table.this) with the module calls that lead
// to it.
//
// Values the package cannot resolve (resource attributes known only after
// apply, variables without a value, unsupported functions, remote modules)
// become model.Unknown values with a reason; they are not diagnostics.
// Problems in the input (syntax errors, evaluation errors in what is
// analysed, module cycles) are returned as model.Diagnostics.
package terraform

import (
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"github.com/zclconf/go-cty/cty"

	"github.com/dynamoguard/dynamoguard/model"
)

// SourceFile is one file's name (the path used in every model.Range.Filename)
// and content.
type SourceFile struct {
	Name string
	Data []byte
}

// Module is one directory of Terraform: its .tf / .tf.json files and its
// variable files (terraform.tfvars, terraform.tfvars.json, *.auto.tfvars,
// *.auto.tfvars.json, in that precedence order, later wins).
type Module struct {
	// Dir is the folder as named in ranges: the path of the folder within
	// the scan root, slash-separated.
	Dir      string
	Files    []SourceFile
	VarFiles []SourceFile
	// FS, rooted at Dir, serves file() and templatefile(); nil means those
	// functions return unknown. Paths that leave the directory are refused
	// before FS is asked; an FS that follows symbolic links out of Dir (such
	// as os.DirFS) should be replaced by one that does not (os.Root.FS).
	FS fs.FS
}

// Options are user inputs: Vars are `--var name=value` pairs (value is an
// HCL expression if it parses as one, else a string), VarFiles are
// `--var-file` files (applied after the module's own var files), Env are
// TF_VAR_name environment variables by name (applied before var files, as
// Terraform does). They apply to root modules only.
type Options struct {
	Vars     map[string]string
	VarFiles []SourceFile
	Env      map[string]string
	// MaxDepth bounds how deep module calls are followed; 0 means
	// DefaultMaxDepth.
	MaxDepth int
	// MaxResources bounds the modelled resource instances of one module
	// tree; 0 means DefaultMaxResources.
	MaxResources int
}

// DefaultMaxDepth is how deep module calls are followed by default.
const DefaultMaxDepth = 16

// maxModuleInstances bounds the module instances of one tree, and
// DefaultMaxResources the modelled resource instances it builds by
// default, so that count and for_each at every level of a tree cannot
// multiply without bound.
const (
	maxModuleInstances  = 10000
	DefaultMaxResources = 200000
)

// Call is a module block of a parsed module, as discovery needs it.
type Call struct {
	// Name is the module block's label.
	Name string
	// Source is the literal source; "" when it is not a literal string.
	Source string
	// Local is true for a local path (./ or ../).
	Local bool
	// Range is the module block's header.
	Range model.Range
}

// Parsed is a module whose files were parsed, ready to be loaded as a root
// or as a child of another module, any number of times.
type Parsed struct {
	mod     Module
	cfg     *config
	sources map[string][]byte
	files   []model.File
	diags   model.Diagnostics
	calls   []Call
}

// Dir is the module's folder, as named in ranges.
func (p *Parsed) Dir() string { return p.mod.Dir }

// Files lists the module's files, parsed or not.
func (p *Parsed) Files() []model.File { return p.files }

// Diagnostics are the problems met while parsing the module's files.
func (p *Parsed) Diagnostics() model.Diagnostics { return p.diags }

// Calls lists the module's module blocks in source order.
func (p *Parsed) Calls() []Call { return p.calls }

// call returns the module block called name.
func (p *Parsed) call(name string) (Call, bool) {
	for _, c := range p.calls {
		if c.Name == name {
			return c, true
		}
	}
	return Call{}, false
}

// Parse parses every file of m once. It never returns nil and never panics
// on any input; a file with syntax errors contributes only its diagnostics.
func Parse(m Module) (p *Parsed) {
	p = &Parsed{mod: m, cfg: &config{byAddress: map[string]*resourceBlock{}}, sources: map[string][]byte{}}
	c := &collector{p: p}
	defer func() {
		if r := recover(); r != nil {
			p.diags = append(p.diags, model.Diagnostic{
				Severity: model.DiagError,
				Summary:  "Internal error",
				Detail:   fmt.Sprintf("Parsing the module failed unexpectedly (%v); what was not yet read is not analysed.", r),
				Subject:  model.Range{Filename: p.dirName()},
			})
		}
	}()
	for _, src := range m.Files {
		p.sources[src.Name] = src.Data
		f, diags := parseSource(src)
		p.diags = append(p.diags, convertDiags(diags, src.Name, p.dirName())...)
		// What HCL recovers from a file with syntax errors may have lost
		// attributes, and a lost attribute would read as absent: a false
		// alarm. Such a file contributes nothing but its diagnostics.
		parsed := f != nil && f.Body != nil && !diags.HasErrors()
		p.files = append(p.files, model.File{Path: src.Name, Kind: model.Terraform, Parsed: parsed})
		if parsed {
			c.collect(f.Body)
		}
	}
	for _, src := range m.VarFiles {
		p.sources[src.Name] = src.Data
	}
	p.calls = moduleCalls(p.cfg.modules)
	return p
}

// dirName names the module in diagnostics that have no file.
func (p *Parsed) dirName() string {
	if p.mod.Dir == "" {
		return "."
	}
	return p.mod.Dir
}

// moduleCalls reads the source of every module block.
func moduleCalls(blocks []*hcl.Block) []Call {
	out := make([]Call, 0, len(blocks))
	for _, b := range blocks {
		c := Call{Name: b.Labels[0], Range: toRange(b.DefRange)}
		if a := sourceAttr(b); a != nil {
			if v, diags := a.Expr.Value(nil); !diags.HasErrors() && v.IsKnown() && !v.IsNull() && v.Type() == cty.String {
				c.Source = v.AsString()
				c.Local = isLocalSource(c.Source)
			}
		}
		out = append(out, c)
	}
	return out
}

// isJSONName reports whether a file is in HCL's JSON syntax.
func isJSONName(name string) bool { return strings.HasSuffix(name, ".json") }

// parseSource parses a native or JSON file by its name.
func parseSource(src SourceFile) (f *hcl.File, diags hcl.Diagnostics) {
	defer func() {
		if r := recover(); r != nil {
			f = nil
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Internal error",
				Detail:   fmt.Sprintf("Parsing the file failed unexpectedly (%v); it is not analysed.", r),
				Subject:  &hcl.Range{Filename: src.Name, Start: hcl.InitialPos, End: hcl.InitialPos},
			})
		}
	}()
	if d := checkNesting(src.Data, src.Name, false); d != nil {
		return nil, hcl.Diagnostics{d}
	}
	if isJSONName(src.Name) {
		return hcljson.Parse(src.Data, src.Name)
	}
	return hclsyntax.ParseConfig(src.Data, src.Name, hcl.InitialPos)
}

// Resolver finds the module a local source of module from names. It returns
// nil and why when there is none.
type Resolver func(from *Parsed, source string) (*Parsed, string)

// LoadTree evaluates root as a root module with its tree of local child
// modules (found with resolve) and returns the resources it found, plus the
// problems met while evaluating. Parse problems are the Parsed modules'
// own. It never returns a nil project and never panics on any input.
func LoadTree(root *Parsed, resolve Resolver, opts Options) (proj *model.Project, diags model.Diagnostics) {
	t := newTree(opts, resolve, root.dirName())
	defer func() {
		if r := recover(); r != nil {
			t.internalError("Loading the module", r, root.dirName())
		}
		t.reportRemote()
		t.proj.Sort()
		proj, diags = t.proj, t.diags.Unique()
	}()
	l := newLoader(t, root, nil)
	l.run(nil)
	return t.proj, t.diags
}

// newTree is the state of loading one tree, with the defaults of opts
// applied.
func newTree(opts Options, resolve Resolver, scope string) *tree {
	t := &tree{opts: opts, resolve: resolve, scope: scope, proj: &model.Project{},
		warned: map[string]bool{}, remote: map[string]*remoteCall{}}
	if t.opts.MaxDepth <= 0 {
		t.opts.MaxDepth = DefaultMaxDepth
	}
	if t.opts.MaxResources <= 0 {
		t.opts.MaxResources = DefaultMaxResources
	}
	return t
}

// internalError reports the panic r while doing what (named as a
// gerund phrase) in file.
func (t *tree) internalError(what string, r any, file string) {
	t.diags = append(t.diags, model.Diagnostic{
		Severity: model.DiagError,
		Summary:  "Internal error",
		Detail:   fmt.Sprintf("%s failed unexpectedly (%v); what was not yet read is not analysed.", what, r),
		Subject:  model.Range{Filename: file},
	})
}

// remoteCall is a module call whose source is not fetched.
type remoteCall struct {
	rng    model.Range
	what   string
	source string
	// used lists the analysed values that depend on it.
	used []string
}

// reportRemote lists the module calls that were not analysed.
func (t *tree) reportRemote() {
	keys := make([]string, 0, len(t.remote))
	for k := range t.remote {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		rc := t.remote[k]
		reason := fmt.Sprintf("module source %q is not fetched, so its resources are not analysed; ", rc.source)
		if rc.source == "" {
			reason = "module source is not a literal string, so its resources are not analysed; "
		}
		switch n := len(rc.used); {
		case n == 0:
			reason += "no analysed value depends on its outputs"
		case n <= 3:
			reason += "these analysed values depend on its outputs and were not decided: " + strings.Join(rc.used, ", ")
		default:
			reason += fmt.Sprintf("%d analysed values depend on its outputs and were not decided, such as %s",
				n, strings.Join(rc.used[:3], ", "))
		}
		t.proj.NotAnalysed = append(t.proj.NotAnalysed, model.NotAnalysed{Range: rc.rng, What: rc.what, Reason: reason})
	}
}
