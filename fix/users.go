package fix

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/dynamoguard/dynamoguard/model"
)

// Users are, for each input of the project (a variable, a parameter, a
// module input), the resource attributes whose values it decided: what
// else changes when a fix changes it.
type Users map[originKey][]string

type originKey struct {
	kind         model.OriginKind
	name, module string
	at           model.Range
}

func keyOf(o model.Origin) originKey {
	return originKey{kind: o.Kind, name: o.Name, module: o.Module, at: o.Range}
}

// FindUsers walks every value of the project's resources (not following
// the links between resources) and records the inputs that decided it.
func FindUsers(p *model.Project) Users {
	u := Users{}
	metaType := reflect.TypeFor[model.Meta]()
	for _, r := range p.Resources() {
		res := r.Identity()
		var walk func(v reflect.Value)
		walk = func(v reflect.Value) {
			switch v.Kind() {
			case reflect.Struct:
				if v.Type() == metaType {
					m := v.Interface().(model.Meta)
					for _, o := range m.Origins {
						user := fmt.Sprintf("%s %s", res.Address, m.Path)
						if k := keyOf(o); !slices.Contains(u[k], user) {
							u[k] = append(u[k], user)
						}
					}
					return
				}
				for i := range v.NumField() {
					if v.Type().Field(i).IsExported() {
						walk(v.Field(i))
					}
				}
			case reflect.Slice, reflect.Array:
				for i := range v.Len() {
					walk(v.Index(i))
				}
			}
		}
		walk(reflect.ValueOf(r).Elem())
	}
	return u
}

// others are the users of origin o besides the one being fixed, as a
// phrase, or "".
func (u Users) others(o model.Origin, self string) string {
	var out []string
	for _, user := range u[keyOf(o)] {
		if user != self {
			out = append(out, user)
		}
	}
	switch len(out) {
	case 0:
		return ""
	case 1, 2, 3, 4, 5:
		return "it also decides " + strings.Join(out, ", ")
	}
	return fmt.Sprintf("it also decides %s and %d more", strings.Join(out[:5], ", "), len(out)-5)
}
