package plan

import (
	"io"

	"github.com/dynamoguard/dynamoguard/model"
	"github.com/dynamoguard/dynamoguard/parser/terraform"
)

// Config is the Terraform configuration a plan was made from: its root
// module and the resolver of its local child modules.
type Config struct {
	Root    *terraform.Parsed
	Resolve terraform.Resolver
}

// Load reads the plan or state file name from r and builds its resources.
// With cfg, resources and attributes are placed at their .tf source; cfg
// may be nil. It never panics and never returns a nil project.
func Load(name string, r io.Reader, cfg *Config, opts terraform.Options) (*model.Project, model.Diagnostics) {
	f := Decode(name, r)
	in := terraform.PlanInput{File: name, Resources: f.Resources, Values: f.Values, Options: opts}
	if cfg != nil && cfg.Root != nil {
		in.Config, in.Resolve = cfg.Root, cfg.Resolve
	}
	proj, diags := terraform.BuildPlan(in)
	proj.Files = append(proj.Files, model.File{Path: name, Kind: model.Plan, Parsed: !hasError(f.Diags)})
	proj.NotAnalysed = append(proj.NotAnalysed, f.Notes...)
	proj.Sort()
	return proj, append(f.Diags, diags...)
}

func hasError(diags model.Diagnostics) bool {
	for _, d := range diags {
		if d.Severity == model.DiagError {
			return true
		}
	}
	return false
}
