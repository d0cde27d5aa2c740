// Package terraform loads one directory of Terraform configuration, evaluates
// what can be evaluated statically (variables, locals, functions, count,
// for_each and dynamic blocks) and builds the DynamoDB-related resources of
// the common model from it.
//
// Values the package cannot resolve (resource attributes known only after
// apply, variables without a value, unsupported functions, remote modules)
// become model.Unknown values with a reason; they are not diagnostics.
// Problems in the input (syntax errors, evaluation errors in what is
// analysed) are returned as model.Diagnostics.
package terraform

import (
	"fmt"
	"io/fs"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"

	"github.com/dynamoguard/dynamoguard/model"
)

// SourceFile is one file's name (the path used in every model.Range.Filename)
// and content.
type SourceFile struct {
	Name string
	Data []byte
}

// Module is one directory of Terraform: its .tf / .tf.json files and its
// variable files (terraform.tfvars, *.auto.tfvars, *.auto.tfvars.json, in
// that precedence order, later wins).
type Module struct {
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
// `--var-file` files (applied after the module's own var files).
type Options struct {
	Vars     map[string]string
	VarFiles []SourceFile
}

// LoadModule parses and evaluates the module and returns the resources of the
// common model it found, plus diagnostics. It never returns a nil project and
// never panics on any input.
func LoadModule(m Module, opts Options) (proj *model.Project, diags model.Diagnostics) {
	l := newLoader(m)
	proj = &model.Project{}
	defer func() {
		if r := recover(); r != nil {
			l.diags = append(l.diags, model.Diagnostic{
				Severity: model.DiagError,
				Summary:  "Internal error",
				Detail:   fmt.Sprintf("Loading the module failed unexpectedly (%v); what was not yet read is not analysed.", r),
				Subject:  model.Range{Filename: l.dirName()},
			})
		}
		proj.Sort()
		l.diags.Sort()
		diags = l.diags
	}()
	cfg := l.parseFiles(proj)
	l.buildContext(cfg, opts)
	l.build(cfg, proj)
	return proj, l.diags
}

// parseFiles parses every file of the module, lists it in proj and collects
// the top-level blocks the loader needs.
func (l *loader) parseFiles(proj *model.Project) *config {
	cfg := &config{byAddress: map[string]*resourceBlock{}}
	for _, src := range l.mod.Files {
		l.sources[src.Name] = src.Data
		f, diags := parseSource(src)
		l.addHCLDiags(diags, src.Name)
		// What HCL recovers from a file with syntax errors may have lost
		// attributes, and a lost attribute would read as absent: a false
		// alarm. Such a file contributes nothing but its diagnostics.
		parsed := f != nil && f.Body != nil && !diags.HasErrors()
		proj.Files = append(proj.Files, model.File{Path: src.Name, Kind: model.Terraform, Parsed: parsed})
		if !parsed {
			continue
		}
		l.collect(cfg, f.Body)
	}
	return cfg
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
