package cloudformation

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/dynamoguard/dynamoguard/internal/spelling"
	"github.com/dynamoguard/dynamoguard/model"
	"go.yaml.in/yaml/v3"
)

// validate checks the resource's resolved properties against its schema:
// goformation is the validator, and its typed result is not read further
// (values are read from o, which keeps the positions and the unknowns that
// goformation's types cannot hold). The coercer walks goformation's type
// of the resource, coercing scalars to the property types the way
// CloudFormation does and dropping what could not be resolved; where a
// property type decodes itself (a union type such as a SAM function's
// Policies), the coerced properties are decoded into target (a new
// goformation value of the type), so that its own decoding checks them. A
// value of the wrong type is a warning at the value and becomes unknown; a
// property the schema does not have is read from the template as it is
// (CloudFormation adds properties faster than goformation's specification
// follows), and is a warning only when it looks like a misspelt one.
func (t *template) validate(r *resource, o *object, target any) {
	c := &coercer{typ: r.typ}
	props := c.object(o, reflect.TypeOf(target).Elem(), "")
	for _, u := range c.unknown {
		t.warnOnce(u.key, fmt.Sprintf("%s of resource %q is not a property of %s", u.path, r.id, r.typ),
			fmt.Sprintf("Did you mean %s? CloudFormation rejects a template with a property its resource "+
				"type does not have; this one was not read.", u.suggest))
	}
	for _, m := range c.mismatches {
		t.warnOnce(m.v.node, fmt.Sprintf("%s of resource %q is not %s", m.path, r.id, m.want),
			fmt.Sprintf("%s expects %s here, and the value is %s, so CloudFormation rejects it. "+
				"The value was treated as unknown.", r.typ, m.want, kindOf(m.v)))
		*m.v = val{
			state:  model.Unknown,
			node:   m.v.node,
			reason: fmt.Sprintf("%s is not %s, as %s expects", m.path, m.want, r.typ),
			what:   "a value of the wrong type",
		}
	}
	if !c.selfDecoding {
		return // the coercer checked every property against its type
	}
	body, err := json.Marshal(map[string]any{"Type": r.typ, "Properties": props})
	if err == nil {
		err = json.Unmarshal(body, target)
	}
	if err != nil && len(c.mismatches) == 0 {
		t.warn(r.key, fmt.Sprintf("resource %q could not be checked against the %s schema", r.id, r.typ),
			"Its properties were read as written.")
	}
}

// kindOf names the kind of a known value for messages.
func kindOf(v *val) string {
	switch x := v.v.(type) {
	case string:
		return strconv.Quote(x)
	case bool:
		return "the boolean " + strconv.FormatBool(x)
	case number:
		return "the number " + string(x)
	case []*val:
		return "a list"
	case *object:
		return "a mapping"
	}
	return "a value of another type"
}

// wantOf names what a property of type rt holds, for messages.
func wantOf(rt reflect.Type) string {
	for rt.Kind() == reflect.Pointer {
		rt = rt.Elem()
	}
	switch rt.Kind() {
	case reflect.Struct, reflect.Map:
		return "a mapping"
	case reflect.Slice:
		return "a list"
	case reflect.Bool:
		return "a boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.String:
		return "a string"
	}
	return "another type"
}

// coercer turns resolved values into plain JSON values shaped like a
// goformation struct.
type coercer struct {
	typ        string
	mismatches []mismatch
	unknown    []unknownProp
	// selfDecoding is set when a value is of a property type that decodes
	// itself, which the coercer passes on unchecked.
	selfDecoding bool
}

// mismatch is a value whose shape does not fit its property's type.
type mismatch struct {
	v    *val
	path string
	want string
}

// unknownProp is a property the schema does not have but that looks like
// a misspelling of one it has, suggest.
type unknownProp struct {
	key           *yaml.Node
	path, suggest string
}

// value converts v for a property of type rt. It returns false when v is not
// known, so that the property is left out.
func (c *coercer) value(v *val, rt reflect.Type, path string) (any, bool) {
	if v.state != model.Known {
		return nil, false
	}
	for rt.Kind() == reflect.Pointer {
		rt = rt.Elem()
	}
	if rt.Kind() == reflect.Interface {
		return plain(v), true
	}
	if reflect.PointerTo(rt).Implements(reflect.TypeFor[json.Unmarshaler]()) {
		c.selfDecoding = true
		return plain(v), true
	}
	var out any
	ok := true
	switch rt.Kind() {
	case reflect.Struct:
		var o *object
		if o, ok = v.obj(); ok {
			out = c.object(o, rt, path)
		}
	case reflect.Slice:
		var items []*val
		if items, ok = v.list(); ok {
			out = c.slice(items, rt.Elem(), path)
		}
	case reflect.Map:
		var o *object
		if o, ok = v.obj(); ok {
			m := map[string]any{}
			for _, mem := range o.members {
				if x, ok := c.value(mem.val, rt.Elem(), path+"."+mem.name); ok {
					m[mem.name] = x
				}
			}
			out = m
		}
	case reflect.Bool:
		out, ok = v.boolean()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		out, ok = coerceNumber(v, true)
	case reflect.Float32, reflect.Float64:
		out, ok = coerceNumber(v, false)
	case reflect.String:
		out, ok = v.scalar()
	default:
		out = plain(v)
	}
	if !ok {
		c.mismatches = append(c.mismatches, mismatch{v: v, path: path, want: wantOf(rt)})
		return plain(v), true
	}
	return out, true
}

func (c *coercer) slice(items []*val, elem reflect.Type, path string) []any {
	out := make([]any, len(items))
	for i, it := range items {
		out[i], _ = c.value(it, elem, path+"["+strconv.Itoa(i)+"]")
	}
	return out
}

// object converts a mapping for a struct type rt. Properties the struct
// does not have are left out; those that look like a misspelling of one
// it has are recorded.
func (c *coercer) object(o *object, rt reflect.Type, path string) map[string]any {
	fields := c.fieldsOf(rt)
	out := map[string]any{}
	for _, m := range o.members {
		p := m.name
		if path != "" {
			p = path + "." + m.name
		}
		ft, known := fields[m.name]
		if !known {
			if s := nearest(m.name, fields); s != "" {
				c.unknown = append(c.unknown, unknownProp{key: m.key, path: p, suggest: s})
			}
			continue
		}
		if x, ok := c.value(m.val, ft, p); ok {
			out[m.name] = x
		}
	}
	return out
}

// nearest returns the field name that name looks like a misspelling of:
// the same but for case, or the one nearest, at most two edits away (one
// for short names); "" when there is none or two are as near.
func nearest(name string, fields map[string]reflect.Type) string {
	names := make([]string, 0, len(fields))
	for f := range fields {
		if strings.EqualFold(f, name) {
			return f
		}
		names = append(names, f)
	}
	maxDist := 2
	if len(name) < 8 {
		maxDist = 1
	}
	return spelling.Closest(name, names, maxDist)
}

// fieldsOf maps the JSON names of a struct's fields to their types. The
// maps are made once per type, for every template, and only read after.
func (c *coercer) fieldsOf(rt reflect.Type) map[string]reflect.Type {
	if f, ok := structFields.Load(rt); ok {
		return f.(map[string]reflect.Type)
	}
	f := map[string]reflect.Type{}
	for i := range rt.NumField() {
		sf := rt.Field(i)
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if name == "-" || !sf.IsExported() {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		f[name] = sf.Type
	}
	got, _ := structFields.LoadOrStore(rt, f)
	return got.(map[string]reflect.Type)
}

// structFields are the maps fieldsOf made, by struct type: the schema's
// types are a fixed set.
var structFields sync.Map

// schemaPath removes list indices from a property path: A[0].B → A[].B.
func schemaPath(p string) string {
	var b strings.Builder
	in := false
	for _, r := range p {
		switch {
		case r == '[':
			in = true
			b.WriteRune(r)
		case r == ']':
			in = false
			b.WriteRune(r)
		case !in:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// coerceNumber converts a number, or a string holding one, to a JSON number;
// integer requires an integral value.
func coerceNumber(v *val, integer bool) (json.Number, bool) {
	s, ok := v.scalar()
	if _, isBool := v.v.(bool); !ok || isBool {
		return "", false
	}
	n, ok := parseNumber(s)
	if !ok {
		return "", false
	}
	if integer {
		if _, err := strconv.ParseInt(string(n), 10, 64); err != nil {
			return "", false
		}
	}
	return json.Number(n), true
}

// plain converts a value to plain JSON data, unknown parts as null.
func plain(v *val) any {
	if v == nil || v.state != model.Known {
		return nil
	}
	switch x := v.v.(type) {
	case number:
		return json.Number(x)
	case []*val:
		out := make([]any, len(x))
		for i, it := range x {
			out[i] = plain(it)
		}
		return out
	case *object:
		out := map[string]any{}
		for _, m := range x.members {
			if m.val.state == model.Known {
				out[m.name] = plain(m.val)
			}
		}
		return out
	}
	return v.v
}
