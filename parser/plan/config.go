package plan

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/dynamoguard/dynamoguard/model"
	"github.com/dynamoguard/dynamoguard/parser/terraform"
)

// configuration is the configuration section of a plan: the expressions
// of each resource as written, by module call path.
type configuration struct {
	ProviderConfig map[string]providerConfig `json:"provider_config"`
	RootModule     configModule              `json:"root_module"`
}

type providerConfig struct {
	Name          string                     `json:"name"`
	Alias         string                     `json:"alias"`
	ModuleAddress string                     `json:"module_address"`
	Expressions   map[string]json.RawMessage `json:"expressions"`
}

type configModule struct {
	Resources []struct {
		Address           string                     `json:"address"`
		Mode              string                     `json:"mode"`
		ProviderConfigKey string                     `json:"provider_config_key"`
		Expressions       map[string]json.RawMessage `json:"expressions"`
	} `json:"resources"`
	ModuleCalls map[string]struct {
		Module configModule `json:"module"`
	} `json:"module_calls"`
	Outputs map[string]struct {
		Expression json.RawMessage `json:"expression"`
	} `json:"outputs"`
}

// configResource is what the configuration says of one resource.
type configResource struct {
	refs     map[string][]string
	written  map[string]bool
	provider string
}

// expression is one expression of the configuration: a constant or the
// references it makes.
type expression struct {
	ConstantValue json.RawMessage `json:"constant_value"`
	References    []string        `json:"references"`
}

// configuration reads the configuration section whole: it is as large as
// the .tf source, not as the state.
func (d *decoder) configuration() error {
	start := d.pos()
	var raw json.RawMessage
	if err := d.dec.Decode(&raw); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return errors.New("the file ends too early (truncated JSON)")
		}
		return fmt.Errorf("configuration: %w", err)
	}
	var c configuration
	if err := json.Unmarshal(raw, &c); err != nil {
		d.f.Diags = append(d.f.Diags, model.Diagnostic{Severity: model.DiagWarning,
			Summary: "Unexpected value in Terraform plan JSON",
			Detail:  fmt.Sprintf("The configuration section cannot be read (%v); references between resources are not analysed.", err),
			Subject: d.rangeAt(start)})
		return nil
	}
	d.cfg = &c
	return nil
}

// resources indexes the configuration's resources by module call path
// (module.db.module.kms, no instance keys) and address.
func (c *configuration) resources() map[string]configResource {
	out := map[string]configResource{}
	var walk func(prefix string, m *configModule, depth int)
	walk = func(prefix string, m *configModule, depth int) {
		if depth > maxDepth {
			return
		}
		for _, r := range m.Resources {
			if r.Mode != "managed" {
				continue
			}
			c := configResource{refs: map[string][]string{}, written: map[string]bool{}, provider: r.ProviderConfigKey}
			for k, raw := range r.Expressions {
				c.exprRefs(k, raw, m, 0)
			}
			out[joinPath(prefix, r.Address)] = c
		}
		for name, call := range m.ModuleCalls {
			walk(joinPath(prefix, "module."+name), &call.Module, depth+1)
		}
	}
	walk("", &c.RootModule, 0)
	return out
}

func joinPath(prefix, s string) string {
	if prefix == "" {
		return s
	}
	return prefix + "." + s
}

// exprRefs records that the configuration writes path, and the
// references of the expression there: a leaf expression, or a nested block
// (an array of objects of expressions).
func (c configResource) exprRefs(path string, raw json.RawMessage, m *configModule, depth int) {
	if depth > maxDepth {
		return
	}
	c.written[path] = true
	var blocks []map[string]json.RawMessage
	if json.Unmarshal(raw, &blocks) == nil {
		for _, b := range blocks {
			for k, v := range b {
				c.exprRefs(path+"."+k, v, m, depth+1)
			}
		}
		return
	}
	var e expression
	if json.Unmarshal(raw, &e) != nil {
		return
	}
	for _, ref := range e.References {
		c.refs[path] = appendNew(c.refs[path], ref)
		for _, r := range outputRefs(m, ref, 0) {
			c.refs[path] = appendNew(c.refs[path], r)
		}
	}
}

// outputRefs follows a reference to an output of a child module
// (module.kms.key_arn) to the resources of the child that the output refers
// to, as module.kms.aws_kms_key.this.arn.
func outputRefs(m *configModule, ref string, depth int) []string {
	parts := strings.SplitN(ref, ".", 4)
	if depth > maxDepth || len(parts) < 3 || parts[0] != "module" {
		return nil
	}
	call, ok := m.ModuleCalls[parts[1]]
	if !ok {
		return nil
	}
	out, ok := call.Module.Outputs[parts[2]]
	if !ok {
		return nil
	}
	var e expression
	if json.Unmarshal(out.Expression, &e) != nil {
		return nil
	}
	prefix := "module." + parts[1] + "."
	var refs []string
	for _, r := range e.References {
		switch root, _, _ := strings.Cut(r, "."); root {
		case "var", "local", "each", "count", "path", "terraform", "self":
		case "module":
			for _, inner := range outputRefs(&call.Module, r, depth+1) {
				refs = appendNew(refs, prefix+inner)
			}
		default:
			refs = appendNew(refs, prefix+r)
		}
	}
	return refs
}

func appendNew(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// region is the constant region of a provider configuration key, or of
// the provider it stands for in a child module.
func (c *configuration) region(key string) string {
	for _, k := range []string{key, afterColon(key), "aws"} {
		p, ok := c.ProviderConfig[k]
		if !ok || p.Name != "aws" {
			continue
		}
		var e expression
		if raw, ok := p.Expressions["region"]; ok && json.Unmarshal(raw, &e) == nil {
			var s string
			if json.Unmarshal(e.ConstantValue, &s) == nil {
				return s
			}
		}
		return ""
	}
	return ""
}

func afterColon(s string) string {
	_, after, ok := strings.Cut(s, ":")
	if !ok {
		return s
	}
	return after
}

// ConfigAddress removes the instance keys of an address:
// module.db["a"].aws_kms_key.x[0] is module.db.aws_kms_key.x.
func ConfigAddress(a string) string {
	var b strings.Builder
	depth, inString := 0, false
	for i := 0; i < len(a); i++ {
		c := a[i]
		switch {
		case inString && c == '\\':
			i++
			continue
		case inString && c == '"':
			inString = false
			continue
		case inString:
			continue
		case depth > 0 && c == '"':
			inString = true
			continue
		case c == '[':
			depth++
			continue
		case c == ']' && depth > 0:
			depth--
			continue
		}
		if depth == 0 {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// finish joins the sections read into the file's resources.
func (d *decoder) finish() {
	if d.badMajor {
		d.f.Resources = nil
		return
	}
	if d.f.FormatVersion == "" && (d.f.Kind != 0) {
		d.f.Diags = append(d.f.Diags, model.Diagnostic{Severity: model.DiagWarning,
			Summary: "Terraform plan JSON without format_version",
			Detail:  "The file has no format_version; it was read as version 1.", Subject: model.Range{Filename: d.f.Name}})
	}
	list := d.planned
	if d.sawChanges {
		list = d.changes
	}
	var cfg map[string]configResource
	if d.cfg != nil {
		cfg = d.cfg.resources()
	}
	d.f.Resources = make([]terraform.PlanResource, len(list))
	d.f.raw = make([]rawValues, len(list))
	for i := range list {
		r := &list[i].res
		if c, ok := cfg[ConfigAddress(r.Address)]; ok {
			r.Refs, r.Written = c.refs, c.written
			r.Region = d.cfg.region(c.provider)
		} else if d.cfg != nil {
			r.Region = d.cfg.region("aws")
		}
		d.f.Resources[i], d.f.raw[i] = *r, list[i].raw
	}
	d.planned, d.changes = nil, nil
	if d.cfg == nil {
		d.linkKnownARNs()
	}
}

// linkKnownARNs adds, in a file without configuration (a state), a
// reference to each resource of the same module whose known arn a string
// attribute holds, so that a table still names the key that encrypts it.
// Each resource's values are decoded for it, and dropped.
func (d *decoder) linkKnownARNs() {
	list := d.f.Resources
	arns := map[string]*terraform.PlanResource{}
	for i := range list {
		if s, ok := knownAttr(d.f.decodeRaw(d.f.raw[i], nil), "arn"); ok && s != "" && d.f.raw[i].values != nil {
			arns[s] = &list[i]
		}
	}
	if len(arns) == 0 {
		return
	}
	for i := range list {
		r := &list[i]
		if d.f.raw[i].values == nil {
			continue
		}
		walkStrings(d.f.decodeRaw(d.f.raw[i], nil), "", 0, func(path, s string) {
			t := arns[s]
			if t == nil || t == r || t.Module != r.Module || path == "arn" || len(r.Refs[path]) > 0 {
				return
			}
			if r.Refs == nil {
				r.Refs = map[string][]string{}
			}
			r.Refs[path] = append(r.Refs[path], t.Type+"."+t.Name+".arn")
		})
	}
}

// knownAttr returns the known string attribute name of an object.
func knownAttr(v cty.Value, name string) (string, bool) {
	if v.IsNull() || !v.IsKnown() || !v.Type().IsObjectType() || !v.Type().HasAttribute(name) {
		return "", false
	}
	a := v.GetAttr(name)
	if a.IsNull() || !a.IsKnown() || a.Type() != cty.String {
		return "", false
	}
	return a.AsString(), true
}

// walkStrings calls fn with the path of every known string in v.
func walkStrings(v cty.Value, path string, depth int, fn func(path, s string)) {
	if depth > 4 || v.IsNull() || !v.IsKnown() {
		return
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		fn(path, v.AsString())
	case ty.IsObjectType():
		for name, a := range v.AsValueMap() {
			walkStrings(a, joinPath(path, name), depth+1, fn)
		}
	case ty.IsTupleType() || ty.IsListType() || ty.IsSetType():
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			walkStrings(e, path, depth+1, fn)
		}
	}
}
