package cloudformation

import (
	"testing"

	"github.com/dynamoguard/dynamoguard/model"
	"go.yaml.in/yaml/v3"
)

// parse parses an inline template.
func parse(t *testing.T, name, src string, opts Options) (*model.Project, model.Diagnostics) {
	t.Helper()
	proj, diags := ParseTemplate(name, []byte(src), opts)
	model.Link(proj)
	if proj == nil {
		t.Fatal("ParseTemplate returned a nil project")
	}
	return proj, diags
}

// table returns the table with the logical ID addr.
func table(t *testing.T, p *model.Project, addr string) *model.Table {
	t.Helper()
	for _, tbl := range p.DynamoDB.Tables {
		if tbl.Address == addr {
			return tbl
		}
	}
	t.Fatalf("no table %q among %d", addr, len(p.DynamoDB.Tables))
	return nil
}

// at is a position as line:column, for compact expectations.
type at struct{ Line, Col int }

func start(r model.Range) at { return at{r.Start.Line, r.Start.Column} }

// keyView is the part of a KeyRef the tests compare.
type keyView struct {
	Kind   model.KeyKind
	At     at
	ID     string
	Key    string
	Reason string
}

func viewKey(k model.KeyRef) keyView {
	v := keyView{Kind: k.Kind, At: start(k.Range), ID: k.ID, Reason: k.Reason}
	if k.Key != nil {
		v.Key = k.Key.Address
	}
	return v
}

// valueView is the part of a Value the tests compare.
type valueView struct {
	State  model.State
	Value  any
	At     at
	Reason string
}

func viewBool(v model.Value[bool]) valueView {
	return valueView{State: v.State, Value: v.Value, At: start(v.Range), Reason: v.Reason}
}

func viewString(v model.Value[string]) valueView {
	return valueView{State: v.State, Value: v.Value, At: start(v.Range), Reason: v.Reason}
}

// diagView is the part of a diagnostic the tests compare.
type diagView struct {
	Severity model.DiagSeverity
	Summary  string
	At       at
}

func viewDiags(ds model.Diagnostics) []diagView {
	var out []diagView
	for _, d := range ds {
		out = append(out, diagView{d.Severity, d.Summary, start(d.Subject)})
	}
	return out
}

// mustParse parses YAML and returns its top-level node.
func mustParse(t *testing.T, data []byte) *yaml.Node {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil || len(doc.Content) == 0 {
		t.Fatalf("parse: %v", err)
	}
	return doc.Content[0]
}
