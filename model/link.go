package model

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
)

// Index finds the resources of a project by scope and address.
type Index struct {
	byAddress map[string]Resourcer
	byBase    map[string]Resourcer
	aliases   map[string]*KMSAlias
	// exports holds the stack exports by name; a name exported twice is
	// nil, as which one applies is not known.
	exports map[string]*Export
	// tablesByName holds the tables with a known name, by scope and name.
	tablesByName map[string][]*Table
}

func indexKey(scope, address string) string { return scope + "\x00" + address }

// NewIndex indexes every resource of p. Where several resources share an
// address (a duplicate declaration), the first in p's order wins; an
// address without instance key finds the first instance.
func NewIndex(p *Project) *Index {
	x := &Index{byAddress: map[string]Resourcer{}, byBase: map[string]Resourcer{}, aliases: map[string]*KMSAlias{},
		exports: map[string]*Export{}, tablesByName: map[string][]*Table{}}
	for i := range p.Exports {
		e := &p.Exports[i]
		if _, dup := x.exports[e.Name]; dup {
			x.exports[e.Name] = nil
			continue
		}
		x.exports[e.Name] = e
	}
	for _, r := range p.Resources() {
		id := r.Identity()
		if k := indexKey(id.Scope, id.Address); x.byAddress[k] == nil {
			x.byAddress[k] = r
		}
		if k := indexKey(id.Scope, id.BaseAddress()); x.byBase[k] == nil {
			x.byBase[k] = r
		}
		if t, ok := r.(*Table); ok && t.Name.IsKnown() {
			k := indexKey(id.Scope, t.Name.Value)
			x.tablesByName[k] = append(x.tablesByName[k], t)
		}
		if a, ok := r.(*KMSAlias); ok && a.Name.IsKnown() {
			if k := indexKey(id.Scope, a.Name.Value); x.aliases[k] == nil {
				x.aliases[k] = a
			}
		}
	}
	return x
}

// Lookup returns the resource at address in scope: the instance of that
// address, else the first instance of a resource whose address without
// instance key it is; nil when there is none.
func (x *Index) Lookup(scope, address string) Resourcer {
	if r := x.byAddress[indexKey(scope, address)]; r != nil {
		return r
	}
	return x.byBase[indexKey(scope, address)]
}

// alias returns the alias of scope named by id: alias/NAME or its ARN.
func (x *Index) alias(scope, id string) *KMSAlias {
	i := strings.LastIndex(id, "alias/")
	if i < 0 || (i > 0 && id[i-1] != ':') {
		return nil
	}
	return x.aliases[indexKey(scope, id[i:])]
}

// Link resolves the references between the resources of p, across files,
// templates and modules of one scope: alias targets, and the key resource
// of every KeyRef (by the address it refers to, or by a literal alias
// name). It is the one pass that does so; parsers only record addresses.
func Link(p *Project) {
	x := NewIndex(p)
	for _, a := range p.KMS.Aliases {
		a.TargetKey = x.firstKey(a.Scope, a.TargetKeyID.Refs)
	}
	for _, r := range p.KMS.ReplicaKeys {
		r.Primary = x.firstKey(r.Scope, r.PrimaryKeyARN.Refs)
	}
	for _, r := range p.Resources() {
		scope := r.Identity().Scope
		eachKeyRef(reflect.ValueOf(r).Elem(), func(k *KeyRef) { x.linkKey(scope, k) })
	}
	linkReplication(p, x)
	x.linkCatalogue(p)
	x.linkAccess(p)
}

// firstKey returns the first key resource refs name in scope.
func (x *Index) firstKey(scope string, refs []Ref) *KMSKey {
	for _, ref := range refs {
		if k, ok := x.Lookup(scope, ref.Address).(*KMSKey); ok {
			return k
		}
	}
	return nil
}

// linkKey sets k.Key from its KeyAddress or literal alias: the key itself,
// an alias's target, or a replica key's primary, whose rotation it shares.
// A key imported from another stack's export is classified by what the
// exporting template exports, when that template was scanned.
func (x *Index) linkKey(scope string, k *KeyRef) {
	if k.Kind == KeyUnknown && k.Import != "" {
		x.importKey(k)
		return
	}
	if k.Scope != "" {
		scope = k.Scope
	}
	var target Resourcer
	switch {
	case k.KeyAddress != "":
		target = x.Lookup(scope, k.KeyAddress)
	case k.ID != "":
		if a := x.alias(scope, k.ID); a != nil {
			target = a
		}
	}
	switch t := target.(type) {
	case *KMSKey:
		k.Key = t
	case *KMSAlias:
		k.Key = t.TargetKey
	case *KMSReplicaKey:
		k.Key = t.Primary
	}
}

// importKey classifies a key that is Fn::ImportValue of an export: a
// reference to a key of the exporting template is that customer managed
// key, a literal is classified as written. Anything else stays unknown.
func (x *Index) importKey(k *KeyRef) {
	e := x.exports[k.Import]
	if e == nil {
		return
	}
	kind, id, key := KeyUnknown, "", (*KMSKey)(nil)
	switch {
	case e.Text != "":
		kind, id = ClassifyKeyID(e.Text), e.Text
	case len(e.Value.Refs) == 1:
		switch t := x.Lookup(e.Scope, e.Value.Refs[0].Address).(type) {
		case *KMSKey:
			kind, key = KeyCustomerManaged, t
		case *KMSAlias:
			kind, key = KeyCustomerManaged, t.TargetKey
		case *KMSReplicaKey:
			kind, key = KeyCustomerManaged, t.Primary
		}
	}
	if kind == KeyUnknown {
		return
	}
	k.Kind, k.ID, k.Key = kind, id, key
	k.State, k.Reason = Known, ""
	k.Origins = append(k.Origins, e.Value.Origins...)
}

var keyRefType = reflect.TypeFor[KeyRef]()

// keyRefPlans caches, by struct type, where its KeyRefs are.
var keyRefPlans sync.Map // reflect.Type → *keyRefPlan

// keyRefPlan lists the fields of a struct type that are KeyRefs, and those
// (structs, slices of structs) that hold some further down.
type keyRefPlan struct {
	leaves []int
	nested []nestedPlan
}

type nestedPlan struct {
	field int
	slice bool
	plan  *keyRefPlan
}

// planFor returns the plan of struct type t, nil when t holds no KeyRef.
func planFor(t reflect.Type) *keyRefPlan {
	if p, ok := keyRefPlans.Load(t); ok {
		return p.(*keyRefPlan)
	}
	p := &keyRefPlan{}
	for i := range t.NumField() {
		f := t.Field(i)
		switch {
		case !f.IsExported():
		case f.Type == keyRefType:
			p.leaves = append(p.leaves, i)
		case f.Type.Kind() == reflect.Struct:
			if sub := planFor(f.Type); sub != nil {
				p.nested = append(p.nested, nestedPlan{field: i, plan: sub})
			}
		case f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.Struct:
			if sub := planFor(f.Type.Elem()); sub != nil {
				p.nested = append(p.nested, nestedPlan{field: i, slice: true, plan: sub})
			}
		}
	}
	if len(p.leaves) == 0 && len(p.nested) == 0 {
		p = nil
	}
	keyRefPlans.Store(t, p)
	return p
}

// eachKeyRef calls fn with every KeyRef in v, a struct, looking into
// fields that are structs or slices of structs (not through pointers).
func eachKeyRef(v reflect.Value, fn func(*KeyRef)) {
	planFor(v.Type()).each(v, fn)
}

func (p *keyRefPlan) each(v reflect.Value, fn func(*KeyRef)) {
	if p == nil {
		return
	}
	for _, i := range p.leaves {
		fn(v.Field(i).Addr().Interface().(*KeyRef))
	}
	for _, n := range p.nested {
		f := v.Field(n.field)
		if !n.slice {
			n.plan.each(f, fn)
			continue
		}
		for j := range f.Len() {
			n.plan.each(f.Index(j), fn)
		}
	}
}

var metaType = reflect.TypeFor[Meta]()

// walkValues calls fn with every struct field value within v (a struct), by
// path, and descends into structs and slices of structs.
func walkValues(v reflect.Value, path string, fn func(reflect.Value, string)) {
	switch v.Kind() {
	case reflect.Struct:
		fn(v, path)
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			p := f.Name
			switch {
			case f.Anonymous:
				p = path // an embedded Meta or Resource speaks for its owner
			case path != "":
				p = path + "." + f.Name
			}
			walkValues(v.Field(i), p, fn)
		}
	case reflect.Slice:
		if v.Type().Elem().Kind() != reflect.Struct {
			return
		}
		for i := range v.Len() {
			walkValues(v.Index(i), fmt.Sprintf("%s[%d]", path, i), fn)
		}
	}
}

// Validate reports the values of p that nobody set: a Meta with the zero
// State or a KeyRef with the zero KeyKind, a resource without kind,
// address or scope. Such a value is a bug in a builder; tests call Validate
// on everything the parsers build.
func Validate(p *Project) error {
	var errs []string
	for _, r := range p.Resources() {
		id := r.Identity()
		where := fmt.Sprintf("%s %s (%s)", id.Type, id.Address, id.Range)
		if id.Kind == "" || id.Address == "" || id.Scope == "" || id.Type == "" {
			errs = append(errs, where+": resource identity incomplete")
		}
		walkValues(reflect.ValueOf(r).Elem(), "", func(f reflect.Value, path string) {
			switch f.Type() {
			case metaType:
				m := f.Interface().(Meta)
				if m.State == StateInvalid {
					errs = append(errs, where+": "+path+" has no state")
				} else if m.Path == "" {
					errs = append(errs, where+": "+path+" has no attribute path")
				}
			case keyRefType:
				if f.Interface().(KeyRef).Kind == KeyInvalid {
					errs = append(errs, where+": "+path+" has no key kind")
				}
			}
		})
	}
	if len(errs) > 0 {
		return fmt.Errorf("invalid model:\n%s", strings.Join(errs, "\n"))
	}
	return nil
}

// linkReplication links standalone replicas to the table they replicate,
// by a reference in global_table_arn or the table name of a literal ARN
// (and resolves the key of a replica without one, which follows the
// table's encryption), and autoscaling targets to the table they scale:
// by a reference in the resource ID, else by the table name it spells.
func linkReplication(p *Project, x *Index) {
	byName := map[string]*Table{}
	for _, t := range p.DynamoDB.Tables {
		if t.Name.IsKnown() {
			if k := indexKey(t.Scope, t.Name.Value); byName[k] == nil {
				byName[k] = t
			}
		}
	}
	for _, r := range p.DynamoDB.TableReplicas {
		r.Primary = x.firstTable(r.Scope, r.GlobalTableARN.Refs)
		if r.Primary == nil && r.GlobalTableARN.IsKnown() {
			if i := strings.LastIndex(r.GlobalTableARN.Value, ":table/"); i >= 0 {
				r.Primary = byName[indexKey(r.Scope, r.GlobalTableARN.Value[i+len(":table/"):])]
			}
		}
		if r.Primary != nil && r.Encryption.Kind == KeyUnknown && r.Encryption.State == Absent {
			r.Encryption = followPrimaryKey(r.Encryption, r.Primary)
		}
	}
	for _, tg := range p.AutoScaling.Targets {
		tg.Table = x.firstTable(tg.Scope, tg.ResourceID.Refs)
		if tg.Table == nil && tg.ResourceID.IsKnown() {
			if name, _, ok := ScalingTableName(tg.ResourceID.Value); ok {
				tg.Table = byName[indexKey(tg.Scope, name)]
			}
		}
	}
}

// firstTable returns the first table refs name in scope.
func (x *Index) firstTable(scope string, refs []Ref) *Table {
	for _, ref := range refs {
		if t, ok := x.Lookup(scope, ref.Address).(*Table); ok {
			return t
		}
	}
	return nil
}

// followPrimaryKey is the key of a replica that names none: the AWS-owned
// key when the table has no KMS encryption, else the AWS-managed key; it
// stays unknown while the table's own encryption is.
func followPrimaryKey(k KeyRef, t *Table) KeyRef {
	switch t.Encryption.Kind {
	case KeyAWSOwned:
		k.Kind, k.Reason = KeyAWSOwned, ""
	case KeyAWSManaged, KeyCustomerManaged:
		k.Kind, k.Reason = KeyAWSManaged, ""
	default:
		k.State = Unknown
		k.Reason = "the replica names no key and the encryption of its table " + t.Address + " is unknown: " + t.Encryption.Reason
	}
	return k
}
