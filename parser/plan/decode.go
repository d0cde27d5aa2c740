// Package plan reads the JSON that `terraform show -json` writes for a
// saved plan (planned_values, resource_changes, configuration, …) or for a
// state (values.root_module), and builds the resources Terraform will
// really create into the common model with the builders of the Terraform
// configuration reader, so that a plan and its configuration give the same
// resources, attributes and findings.
//
// The file is decoded as a stream of JSON tokens: only the values of the
// resource types the model holds are kept, so a plan of hundreds of
// megabytes needs little more memory than those resources.
package plan

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/dynamoguard/dynamoguard/model"
	"github.com/dynamoguard/dynamoguard/parser/terraform"
)

// Kind says what a file holds.
type Kind int

// The kinds of file Decode reads.
const (
	KindPlan Kind = iota + 1
	KindState
)

// File is what Decode read from one plan or state file.
type File struct {
	Name          string
	Kind          Kind
	FormatVersion string
	// Resources are the managed resource instances that exist after the
	// plan is applied (or in the state), in the order of the file; those
	// being destroyed are left out.
	Resources []terraform.PlanResource
	// raw holds, by index of Resources, their values as the file writes
	// them, decoded one resource at a time when it is built (Values).
	raw []rawValues
	// Notes list what was read with a caveat (a newer minor format
	// version); Diags the problems that stopped part of the reading.
	Notes []model.NotAnalysed
	Diags model.Diagnostics
}

// Detect reports whether data, or its first bytes, looks like the output
// of `terraform show -json`: a JSON object with a format_version and the
// planned values, resource changes or state values of a plan or state.
func Detect(head []byte) bool {
	if len(head) > 4096 {
		head = head[:4096]
	}
	head = bytes.TrimSpace(head)
	if !bytes.HasPrefix(head, []byte("{")) || !bytes.Contains(head, []byte(`"format_version"`)) {
		return false
	}
	for _, key := range []string{`"planned_values"`, `"resource_changes"`, `"terraform_version"`, `"root_module"`} {
		if bytes.Contains(head, []byte(key)) {
			return true
		}
	}
	return false
}

// supportedMinor is the newest minor format version of the major version 1
// that this package was written for; newer minor versions only add fields.
const supportedMinor = 2

// maxDepth bounds the nesting of the values read.
const maxDepth = 64

// Decode reads the plan or state file name from r. Problems are
// diagnostics on the File; it never panics.
func Decode(name string, r io.Reader) (f *File) {
	f = &File{Name: name}
	d := &decoder{f: f, lines: &lineReader{r: bufio.NewReaderSize(r, 64<<10), line: 1}}
	d.dec = json.NewDecoder(d.lines)
	d.dec.UseNumber()
	defer func() {
		if p := recover(); p != nil {
			f.Diags = append(f.Diags, d.diag(model.DiagError, "Internal error",
				fmt.Sprintf("Reading the plan failed unexpectedly (%v); what was not yet read is not analysed.", p)))
		}
	}()
	if err := d.top(); err != nil {
		// What was read before may lack the resource changes or the
		// configuration that say which values are unknown: none of it is
		// analysed.
		f.Diags = append(f.Diags, d.diag(model.DiagError, "Invalid Terraform plan JSON",
			fmt.Sprintf("%v; the file is not analysed.", err)))
		return f
	}
	d.finish()
	return f
}

// rawValues are the values of a resource (values, or a change's after and
// after_unknown) as the file writes them, and where they start: a
// resource's cty values take many times the room of its JSON, so they are
// made only while the resource is built.
type rawValues struct {
	values, unknown json.RawMessage
	at              model.Pos
}

// entry is a resource read and its raw values.
type entry struct {
	res terraform.PlanResource
	raw rawValues
}

// decoder is the state of one Decode.
type decoder struct {
	f     *File
	dec   *json.Decoder
	lines *lineReader
	// base is the offset in the file of what dec reads.
	base int64
	// planned are the resources of planned_values or values, by address;
	// changes those of resource_changes. changes win: they say which
	// values are unknown and which resources are destroyed.
	planned, changes     []entry
	sawChanges, badMajor bool
	cfg                  *configuration
}

// pos is the position of the decoder in the file.
func (d *decoder) pos() model.Pos { return d.lines.pos(d.base + d.dec.InputOffset()) }

func (d *decoder) rangeAt(p model.Pos) model.Range {
	return model.Range{Filename: d.f.Name, Start: p, End: p}
}

func (d *decoder) diag(sev model.DiagSeverity, summary, detail string) model.Diagnostic {
	return model.Diagnostic{Severity: sev, Summary: summary, Detail: detail, Subject: d.rangeAt(d.pos())}
}

func describe(tok json.Token) string {
	switch t := tok.(type) {
	case json.Delim:
		if t == '{' {
			return "an object"
		}
		return "an array"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%v", tok)
}

// shapeError reports a value of the wrong type, which is skipped; the
// rest of the file is still read.
func (d *decoder) shapeError(what, want string, tok json.Token) error {
	d.f.Diags = append(d.f.Diags, d.diag(model.DiagWarning, "Unexpected value in Terraform plan JSON",
		fmt.Sprintf("%s should be %s but is %s; it is not analysed.", what, want, describe(tok))))
	return d.skipRest(tok)
}

// token reads the next token, turning the end of the input into an error.
func (d *decoder) token() (json.Token, error) {
	tok, err := d.dec.Token()
	if errors.Is(err, io.EOF) {
		return nil, errors.New("the file ends too early (truncated JSON)")
	}
	return tok, err
}

// skipRest skips the rest of the value that tok opens.
func (d *decoder) skipRest(tok json.Token) error {
	delim, ok := tok.(json.Delim)
	if !ok || (delim != '{' && delim != '[') {
		return nil
	}
	for depth := 1; depth > 0; {
		t, err := d.token()
		if err != nil {
			return err
		}
		if dl, ok := t.(json.Delim); ok {
			if dl == '{' || dl == '[' {
				depth++
			} else {
				depth--
			}
		}
	}
	return nil
}

// skip skips the next value.
func (d *decoder) skip() error {
	tok, err := d.token()
	if err != nil {
		return err
	}
	return d.skipRest(tok)
}

// object reads an object whose first token is still to read, calling fn
// for each key; fn reads the key's value.
func (d *decoder) object(what string, fn func(key string) error) error {
	return d.objectAt(what, nil, fn)
}

// objectAt is object, setting *start, when start is not nil, to the
// position of the object's '{'.
func (d *decoder) objectAt(what string, start *model.Pos, fn func(key string) error) error {
	tok, err := d.token()
	if err != nil {
		return err
	}
	if tok != json.Delim('{') {
		return d.shapeError(what, "an object", tok)
	}
	if start != nil {
		*start = d.pos()
		if start.Column > 1 {
			start.Column, start.Byte = start.Column-1, start.Byte-1
		}
	}
	return d.members(fn)
}

// members reads the members of an object whose '{' was read.
func (d *decoder) members(fn func(key string) error) error {
	for d.dec.More() {
		tok, err := d.token()
		if err != nil {
			return err
		}
		key, _ := tok.(string)
		if err := fn(key); err != nil {
			return err
		}
	}
	_, err := d.token() // '}'
	return err
}

// array reads an array, calling fn for each element.
func (d *decoder) array(what string, fn func() error) error {
	tok, err := d.token()
	if err != nil {
		return err
	}
	if tok != json.Delim('[') {
		return d.shapeError(what, "an array", tok)
	}
	for d.dec.More() {
		if err := fn(); err != nil {
			return err
		}
	}
	_, err = d.token() // ']'
	return err
}

// str reads a string; another type is reported and "" returned.
func (d *decoder) str(what string) (string, error) {
	tok, err := d.token()
	if err != nil {
		return "", err
	}
	switch t := tok.(type) {
	case string:
		return t, nil
	case nil:
		return "", nil
	}
	return "", d.shapeError(what, "a string", tok)
}

// top reads the top-level object.
func (d *decoder) top() error {
	tok, err := d.token()
	if err != nil {
		return err
	}
	if tok != json.Delim('{') {
		return fmt.Errorf("the file is %s, not a JSON object", describe(tok))
	}
	err = d.members(func(key string) error {
		if d.badMajor {
			return d.skip()
		}
		switch key {
		case "format_version":
			v, err := d.str("format_version")
			if err == nil {
				d.version(v)
			}
			return err
		case "planned_values":
			d.f.Kind = KindPlan
			return d.object("planned_values", func(k string) error {
				if k == "root_module" {
					return d.module(&d.planned)
				}
				return d.skip()
			})
		case "values":
			if d.f.Kind == 0 {
				d.f.Kind = KindState
			}
			return d.object("values", func(k string) error {
				if k == "root_module" {
					return d.module(&d.planned)
				}
				return d.skip()
			})
		case "resource_changes":
			// They hold the planned values too, with what is unknown.
			d.f.Kind, d.sawChanges, d.planned = KindPlan, true, nil
			return d.array("resource_changes", d.change)
		case "configuration":
			return d.configuration()
		}
		// prior_state, resource_drift, relevant_attributes,
		// output_changes, variables, checks: the state before the plan
		// and what led to it, not what the plan creates.
		return d.skip()
	})
	if err != nil {
		return err
	}
	if _, err := d.dec.Token(); !errors.Is(err, io.EOF) {
		d.f.Diags = append(d.f.Diags, d.diag(model.DiagWarning, "Unexpected value in Terraform plan JSON",
			"More JSON follows the plan object; it is not analysed."))
	}
	return nil
}

// version checks the format version: a major version other than 1 is not
// read, a newer minor version is read with a note.
func (d *decoder) version(v string) {
	d.f.FormatVersion = v
	major, minor, _ := strings.Cut(v, ".")
	m, err := strconv.Atoi(minor)
	switch {
	case major != "1":
		d.badMajor = true
		d.f.Diags = append(d.f.Diags, d.diag(model.DiagError, "Unsupported Terraform plan format version",
			fmt.Sprintf("format_version %q is not a version 1 plan or state; the file is not analysed. Check that dynamoguard supports your Terraform version.", v)))
	case err != nil || m > supportedMinor:
		d.f.Notes = append(d.f.Notes, model.NotAnalysed{Range: d.rangeAt(d.pos()), What: d.f.Name,
			Reason: fmt.Sprintf("format_version %q is newer than the 1.%d this version of dynamoguard knows; it was read as 1.%d, and attributes added since are not analysed",
				v, supportedMinor, supportedMinor)})
	}
}

// module reads a module object of planned_values or values: its
// resources and child modules.
func (d *decoder) module(out *[]entry) error {
	return d.object("root_module", func(key string) error {
		switch key {
		case "resources":
			return d.array("resources", func() error { return d.resource(out) })
		case "child_modules":
			return d.array("child_modules", func() error { return d.module(out) })
		}
		return d.skip()
	})
}

// header holds the identity fields of a resource or resource change.
type header struct {
	address, module, mode, typ, name string
	start                            model.Pos
}

func (h *header) field(d *decoder, key string) (bool, error) {
	var err error
	switch key {
	case "address":
		h.address, err = d.str("address")
	case "module_address":
		h.module, err = d.str("module_address")
	case "mode":
		h.mode, err = d.str("mode")
	case "type":
		h.typ, err = d.str("type")
	case "name":
		h.name, err = d.str("name")
	default:
		return false, nil
	}
	return true, err
}

// keep reports whether the values of a resource are read.
func (h *header) keep() bool {
	return (h.mode == "" || h.mode == "managed") && (h.typ == "" || terraform.Modelled(h.typ))
}

func (h *header) resource(d *decoder, raw rawValues) (entry, bool) {
	if h.mode != "managed" || h.address == "" || h.typ == "" || h.name == "" {
		return entry{}, false
	}
	if h.module == "" {
		h.module = moduleOf(h.address, h.typ, h.name)
	}
	if !terraform.Modelled(h.typ) {
		raw = rawValues{}
	}
	return entry{res: terraform.PlanResource{Address: h.address, Module: h.module, Type: h.typ, Name: h.name,
		Range: d.rangeAt(h.start)}, raw: raw}, true
}

// rawObject reads the next value, an object of values, as written: false
// when it is null, or not an object (which is reported).
func (d *decoder) rawObject(what string) (json.RawMessage, model.Pos, bool, error) {
	var raw json.RawMessage
	if err := d.dec.Decode(&raw); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return nil, model.Pos{}, false, errors.New("the file ends too early (truncated JSON)")
		}
		return nil, model.Pos{}, false, err
	}
	at := d.lines.pos(d.base + d.dec.InputOffset() - int64(len(raw)))
	switch {
	case raw[0] == 'n':
		return nil, at, false, nil
	case raw[0] != '{':
		d.f.Diags = append(d.f.Diags, model.Diagnostic{Severity: model.DiagWarning, Summary: "Unexpected value in Terraform plan JSON",
			Detail:  fmt.Sprintf("%s should be an object; the resource is not analysed.", what),
			Subject: d.rangeAt(at)})
		return nil, at, false, nil
	case nesting(raw) > maxDepth:
		d.f.Diags = append(d.f.Diags, model.Diagnostic{Severity: model.DiagWarning, Summary: "Unexpected value in Terraform plan JSON",
			Detail:  fmt.Sprintf("The values are nested more than %d deep; the resource is not analysed.", maxDepth),
			Subject: d.rangeAt(at)})
		return nil, at, false, nil
	}
	return raw, at, true, nil
}

// nesting is how deep the arrays and objects of valid JSON nest.
func nesting(raw []byte) int {
	depth, most, inString := 0, 0, false
	for i := 0; i < len(raw); i++ {
		switch c := raw[i]; {
		case inString && c == '\\':
			i++
		case c == '"':
			inString = !inString
		case inString:
		case c == '{' || c == '[':
			depth++
			most = max(most, depth)
		case c == '}' || c == ']':
			depth--
		}
	}
	return most
}

// moduleOf is the module instance address of a resource instance address.
func moduleOf(address, typ, name string) string {
	i := strings.LastIndex(address, typ+"."+name)
	if i <= 0 {
		return ""
	}
	return strings.TrimSuffix(address[:i-1], ".data")
}

// resource reads one resource of a module object.
func (d *decoder) resource(out *[]entry) error {
	var h header
	var raw rawValues
	read := false
	err := d.objectAt("resource", &h.start, func(key string) error {
		if ok, err := h.field(d, key); ok {
			return err
		}
		if key != "values" || !h.keep() {
			return d.skip()
		}
		var err error
		raw.values, raw.at, read, err = d.rawObject("values")
		return err
	})
	if err != nil {
		return err
	}
	if !read && h.keep() {
		return nil // no values, which was reported if they were not an object
	}
	if e, ok := h.resource(d, raw); ok {
		*out = append(*out, e)
	}
	return nil
}

// change reads one entry of resource_changes.
func (d *decoder) change() error {
	var h header
	var raw rawValues
	read := false
	var actions []string
	deposed := false
	err := d.objectAt("resource change", &h.start, func(key string) error {
		if ok, err := h.field(d, key); ok {
			return err
		}
		switch key {
		case "deposed":
			s, err := d.str("deposed")
			deposed = s != ""
			return err
		case "change":
		default:
			return d.skip()
		}
		return d.object("change", func(key string) error {
			switch key {
			case "actions":
				return d.array("actions", func() error {
					s, err := d.str("action")
					actions = append(actions, s)
					return err
				})
			case "after":
				if !h.keep() {
					return d.skip()
				}
				var err error
				raw.values, raw.at, read, err = d.rawObject("after")
				return err
			case "after_unknown":
				if !h.keep() {
					return d.skip()
				}
				return d.dec.Decode(&raw.unknown)
			}
			return d.skip()
		})
	})
	if err != nil {
		return err
	}
	if deposed || destroyed(actions) {
		return nil
	}
	if !read && h.keep() {
		return nil // no values after the change, reported if they were not an object
	}
	if e, ok := h.resource(d, raw); ok {
		d.changes = append(d.changes, e)
	}
	return nil
}

// Values decodes the values of Resources[i], with where each attribute is
// in the file, by path; cty.NilVal when they were not kept.
func (f *File) Values(i int) (cty.Value, map[string]model.Range) {
	if i < 0 || i >= len(f.raw) || f.raw[i].values == nil {
		return cty.NilVal, nil
	}
	raw := f.raw[i]
	ranges := map[string]model.Range{}
	v := f.decodeRaw(raw, ranges)
	if v.IsNull() {
		return cty.NilVal, nil
	}
	var u any
	if len(raw.unknown) > 0 && json.Unmarshal(raw.unknown, &u) == nil {
		v = withUnknown(v, u, 0)
	}
	return v, ranges
}

// decodeRaw decodes raw values at their place in the file; ranges may be
// nil.
func (f *File) decodeRaw(raw rawValues, ranges map[string]model.Range) cty.Value {
	lines := &lineReader{r: bytes.NewReader(raw.values), line: raw.at.Line,
		lineStart: int64(raw.at.Byte - (raw.at.Column - 1)), read: int64(raw.at.Byte)}
	sd := &decoder{f: f, lines: lines, base: int64(raw.at.Byte)}
	sd.dec = json.NewDecoder(lines)
	sd.dec.UseNumber()
	v, err := sd.value("", 0, ranges)
	if err != nil {
		return cty.NilVal
	}
	return v
}

// destroyed reports whether actions leave no resource: a delete (or a
// forget) without a create. A replacement ("delete", "create") creates one.
func destroyed(actions []string) bool {
	gone := false
	for _, a := range actions {
		switch a {
		case "create", "update", "no-op", "read":
			return false
		case "delete", "forget":
			gone = true
		}
	}
	return gone
}

// value reads a JSON value into a cty value, recording where each
// attribute is, by path (indices left out), in ranges.
func (d *decoder) value(path string, depth int, ranges map[string]model.Range) (cty.Value, error) {
	if depth > maxDepth {
		return cty.NilVal, fmt.Errorf("values are nested more than %d deep", maxDepth)
	}
	tok, err := d.token()
	if err != nil {
		return cty.NilVal, err
	}
	switch t := tok.(type) {
	case json.Delim:
		if t == '[' {
			var elems []cty.Value
			for d.dec.More() {
				e, err := d.value(path, depth+1, ranges)
				if err != nil {
					return cty.NilVal, err
				}
				elems = append(elems, e)
			}
			if _, err := d.token(); err != nil {
				return cty.NilVal, err
			}
			if len(elems) == 0 {
				return cty.EmptyTupleVal, nil
			}
			return cty.TupleVal(elems), nil
		}
		attrs := map[string]cty.Value{}
		for d.dec.More() {
			kt, err := d.token()
			if err != nil {
				return cty.NilVal, err
			}
			key, _ := kt.(string)
			p := key
			if path != "" {
				p = path + "." + key
			}
			if _, ok := ranges[p]; !ok && ranges != nil && depth < 4 {
				end := d.pos()
				start := end
				if n := len(key) + 2; start.Column > n {
					start.Column, start.Byte = start.Column-n, start.Byte-n
				}
				ranges[p] = model.Range{Filename: d.f.Name, Start: start, End: end}
			}
			e, err := d.value(p, depth+1, ranges)
			if err != nil {
				return cty.NilVal, err
			}
			attrs[key] = e
		}
		if _, err := d.token(); err != nil {
			return cty.NilVal, err
		}
		if len(attrs) == 0 {
			return cty.EmptyObjectVal, nil
		}
		return cty.ObjectVal(attrs), nil
	case string:
		return cty.StringVal(t), nil
	case json.Number:
		n, err := cty.ParseNumberVal(t.String())
		if err != nil {
			return cty.NullVal(cty.Number), nil
		}
		return n, nil
	case bool:
		return cty.BoolVal(t), nil
	}
	return cty.NullVal(cty.DynamicPseudoType), nil
}

// withUnknown makes the values after_unknown marks unknown. A value
// Terraform will know only after apply is left out of after, or null, and
// true in after_unknown, at any depth.
func withUnknown(v cty.Value, u any, depth int) cty.Value {
	if depth > maxDepth {
		return v
	}
	switch u := u.(type) {
	case bool:
		if u {
			return cty.DynamicVal
		}
	case map[string]any:
		if v.IsNull() || !v.IsKnown() || !v.Type().IsObjectType() {
			if v.IsNull() && len(u) > 0 {
				v = cty.EmptyObjectVal
			} else {
				return v
			}
		}
		attrs := v.AsValueMap()
		if attrs == nil {
			attrs = map[string]cty.Value{}
		}
		for k, uk := range u {
			cur, ok := attrs[k]
			if !ok {
				cur = cty.NullVal(cty.DynamicPseudoType)
			}
			attrs[k] = withUnknown(cur, uk, depth+1)
		}
		return cty.ObjectVal(attrs)
	case []any:
		if !v.IsKnown() || v.IsNull() || !v.Type().IsTupleType() {
			return v
		}
		elems := v.AsValueSlice()
		for i := range elems {
			if i < len(u) {
				elems[i] = withUnknown(elems[i], u[i], depth+1)
			}
		}
		return cty.TupleVal(elems)
	}
	return v
}
