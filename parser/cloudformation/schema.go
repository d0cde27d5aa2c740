package cloudformation

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/dynamoguard/dynamoguard/model"
)

// newerProperty reports whether path (list indices written []) is a property
// CloudFormation accepts but goformation's resource specification predates.
// Such properties are left out of the typed decode and read from the
// template only.
func newerProperty(typ, path string) bool {
	switch typ {
	case typeTable:
		switch path {
		case "OnDemandThroughput", "WarmThroughput",
			"GlobalSecondaryIndexes[].OnDemandThroughput", "GlobalSecondaryIndexes[].WarmThroughput",
			"GlobalSecondaryIndexes[].ContributorInsightsSpecification.Mode",
			"ContributorInsightsSpecification.Mode", "PointInTimeRecoverySpecification.RecoveryPeriodInDays":
			return true
		}
	case typeGlobalTable:
		switch path {
		case "WarmThroughput", "WriteOnDemandThroughputSettings", "MultiRegionConsistency", "GlobalTableWitnesses",
			"GlobalSecondaryIndexes[].WarmThroughput", "GlobalSecondaryIndexes[].WriteOnDemandThroughputSettings",
			"Replicas[].ReadOnDemandThroughputSettings",
			"Replicas[].GlobalSecondaryIndexes[].ReadOnDemandThroughputSettings",
			"Replicas[].ContributorInsightsSpecification.Mode",
			"Replicas[].PointInTimeRecoverySpecification.RecoveryPeriodInDays":
			return true
		}
	case typeSimpleTable:
		switch path {
		case "PointInTimeRecoverySpecification", "SSESpecification.KMSMasterKeyId", "SSESpecification.SSEType":
			return true
		}
	case typeBucket:
		switch path {
		case "AbacStatus", "MetadataConfiguration", "MetadataTableConfiguration",
			"BucketEncryption.ServerSideEncryptionConfiguration[].BlockedEncryptionTypes",
			"LifecycleConfiguration.TransitionDefaultMinimumObjectSize":
			return true
		}
	case typeVPCEndpoint:
		switch path {
		case "DnsOptions", "IpAddressType", "ResourceConfigurationArn", "ServiceNetworkArn", "ServiceRegion", "Tags":
			return true
		}
	}
	return false
}

// validate checks the resource's resolved properties against its schema:
// goformation is the validator, and its typed result is not read further
// (values are read from o, which keeps the positions and the unknowns that
// goformation's types cannot hold). The properties are decoded into target
// (a new goformation value of the type) after coercing scalars to the
// property types the way CloudFormation does and dropping what could not
// be resolved. When goformation rejects the result it reports a warning,
// and the values whose type was wrong become unknown; the resource is
// still read from o.
func (t *template) validate(r *resource, o *object, target any) {
	c := &coercer{typ: r.typ, fields: map[reflect.Type]map[string]reflect.Type{}}
	props := c.object(o, reflect.TypeOf(target).Elem(), "")
	body, err := json.Marshal(map[string]any{"Type": r.typ, "Properties": props})
	if err == nil {
		err = json.Unmarshal(body, target)
	}
	if err == nil {
		return
	}
	t.warn(r.key, fmt.Sprintf("resource %q does not match the %s schema", r.id, r.typ), err.Error())
	for _, m := range c.mismatches {
		*m.v = val{
			state:  model.Unknown,
			node:   m.v.node,
			reason: fmt.Sprintf("%s does not match the %s schema", m.path, r.typ),
			what:   "a value of the wrong type",
		}
	}
}

// coercer turns resolved values into plain JSON values shaped like a
// goformation struct.
type coercer struct {
	typ        string
	fields     map[reflect.Type]map[string]reflect.Type
	mismatches []mismatch
}

// mismatch is a value whose shape does not fit its property's type.
type mismatch struct {
	v    *val
	path string
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
	if rt.Kind() == reflect.Interface || reflect.PointerTo(rt).Implements(reflect.TypeFor[json.Unmarshaler]()) {
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
		c.mismatches = append(c.mismatches, mismatch{v: v, path: path})
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

// object converts a mapping for a struct type rt. Properties the struct does
// not have are passed through for goformation to reject, except the ones
// newer than its specification.
func (c *coercer) object(o *object, rt reflect.Type, path string) map[string]any {
	fields := c.fieldsOf(rt)
	out := map[string]any{}
	for _, m := range o.members {
		p := m.name
		if path != "" {
			p = path + "." + m.name
		}
		if newerProperty(c.typ, schemaPath(p)) {
			continue
		}
		ft, known := fields[m.name]
		switch {
		case !known && m.val.state == model.Known:
			out[m.name] = plain(m.val)
		case known:
			if x, ok := c.value(m.val, ft, p); ok {
				out[m.name] = x
			}
		}
	}
	return out
}

// fieldsOf maps the JSON names of a struct's fields to their types.
func (c *coercer) fieldsOf(rt reflect.Type) map[string]reflect.Type {
	if f, ok := c.fields[rt]; ok {
		return f
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
	c.fields[rt] = f
	return f
}

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
