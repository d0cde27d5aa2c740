package rules

import (
	"fmt"

	"github.com/dynamoguard/dynamoguard/model"
)

// skipUnknownReplicas records that a rule could not check replicas that an
// unresolvable expression (a dynamic block over an unknown list) declares.
func skipUnknownReplicas(p *Pass, t *model.Table) {
	if t.ReplicasUnknown.IsUnknown() {
		p.Skip(t.Resource, t.ReplicasUnknown.Meta)
	}
}

// disabled reports whether the flag v is off (written false, or absent with
// a false default). An unknown v is recorded as not analysed and is not off.
func disabled(p *Pass, res model.Resource, v model.Value[bool]) bool {
	on, known := v.Effective()
	if !known {
		p.Skip(res, v.Meta)
		return false
	}
	return !on
}

// flagText describes a flag that is off: "set to false", "not set (default
// false)", and where the value came from when an input decided it.
func flagText(m model.Meta) string {
	s := "set to false"
	if m.State == model.Absent {
		s = "not set (default false)"
	}
	return s + fromText(m)
}

// fromText is " (from <origin>)" when an input decided the value, else "".
func fromText(m model.Meta) string {
	if len(m.Origins) == 0 {
		return ""
	}
	s := " (from " + m.Origins[0].String()
	if len(m.Origins) > 1 {
		s += fmt.Sprintf(" and %d more", len(m.Origins)-1)
	}
	return s + ")"
}

// fixSetting says how to set the attribute of m to value: at the input
// that decided it when there is one, else in the resource.
func fixSetting(res model.Resource, m model.Meta, value string) string {
	if len(m.Origins) > 0 {
		o := m.Origins[0]
		switch {
		case o.Kind == model.OriginModuleInput, o.Kind == model.OriginVariableDefault && o.Module != "":
			return fmt.Sprintf("pass %s = %s to %s", o.Name, value, o.Module)
		case o.Kind == model.OriginServerlessVariable:
			return fmt.Sprintf("set %s to %s", o.Name, value)
		case o.Kind == model.OriginStackParameter:
			return fmt.Sprintf("pass %s: %s in the Parameters of stack %s", o.Name, value, o.Module)
		case o.Kind == model.OriginParameterDefault, o.Kind == model.OriginParameterValue:
			return fmt.Sprintf("set parameter %s to %s", o.Name, value)
		case o.Kind == model.OriginVariableDefault, o.Kind == model.OriginVarFile, o.Kind == model.OriginCLIVar, o.Kind == model.OriginEnvVar:
			return fmt.Sprintf("set variable %s to %s, or %s", o.Name, value, res.Kind.Setting(m.Path, value))
		}
	}
	return "set " + res.Kind.Setting(m.Path, value)
}
