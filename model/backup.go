package model

import (
	"path"
	"regexp"
	"strings"
)

// unresolvedPart is a part of a text that could not be resolved: ${Name}.
var unresolvedPart = regexp.MustCompile(`\$\{[^}]*\}`)

// Backup holds the AWS Backup resources.
type Backup struct {
	Vaults     []*BackupVault     `json:"vaults,omitempty"`
	Plans      []*BackupPlan      `json:"plans,omitempty"`
	Selections []*BackupSelection `json:"selections,omitempty"`
}

// BackupVault is aws_backup_vault / AWS::Backup::BackupVault.
type BackupVault struct {
	Resource
	Name Value[string] `json:"name"`
	// Encryption classifies the vault's key: AWS-managed (aws/backup) when
	// no key is given.
	Encryption KeyRef `json:"encryption"`
}

// BackupPlan is aws_backup_plan / AWS::Backup::BackupPlan.
type BackupPlan struct {
	Resource
	Name Value[string] `json:"name"`
}

// BackupSelection is aws_backup_selection / AWS::Backup::BackupSelection:
// the resources a backup plan backs up. A resource is selected when it
// matches one of Resources or one of Tags, and every one of Conditions,
// and none of NotResources.
type BackupSelection struct {
	Resource
	// PlanID is the plan: a literal ID or a reference to a plan (Refs).
	PlanID Value[string] `json:"plan_id"`
	// Plan is the plan resource, set by Link.
	Plan *BackupPlan `json:"-"`
	// Resources are ARNs or ARN patterns (with *); an item that could not
	// be read is Unknown.
	Resources []SelectionItem `json:"resources,omitempty"`
	// NotResources are excluded ARNs or patterns.
	NotResources []SelectionItem `json:"not_resources,omitempty"`
	// Tags are the tag conditions of which one suffices (selection_tag,
	// ListOfTags).
	Tags []TagCondition `json:"tags,omitempty"`
	// Conditions are the tag conditions that must all hold (condition,
	// Conditions).
	Conditions []TagCondition `json:"conditions,omitempty"`
}

// SelectionItem is one ARN or ARN pattern of a backup selection.
type SelectionItem struct {
	Value[string]
	// Text is, for an Unknown value, its text with the unresolved parts
	// written ${Name}, when the parser could tell; "" otherwise.
	Text string `json:"text,omitempty"`
	// Tables are the tables of the project the item refers to; ByReference
	// is set when every reference of the item is to such a table. Both are
	// set by Link.
	Tables      []*Table `json:"-"`
	ByReference bool     `json:"-"`
}

// TagCondition is one tag test of a backup selection.
type TagCondition struct {
	// Op is the test: STRINGEQUALS (selection_tag type, ListOfTags
	// ConditionType), or string_equals, string_like, string_not_equals,
	// string_not_like in the spelling of the file.
	Op Value[string] `json:"op"`
	// Key is the tag key; an aws:ResourceTag/ prefix is removed.
	Key   Value[string] `json:"key"`
	Value Value[string] `json:"value"`
}

// Coverage says whether a backup selection selects a table.
type Coverage uint8

// The coverages; the zero Coverage is invalid.
const (
	CoverageInvalid Coverage = iota
	// NotCovered: the selection does not select the table.
	NotCovered
	// Covered: the selection selects the table.
	Covered
	// CoverageUnknown: a value the decision needs is unknown.
	CoverageUnknown
)

// Covers says whether s selects table t and, when that is unknown, the
// value that made it so.
func (s *BackupSelection) Covers(t *Table) (Coverage, Meta) {
	in, why := s.included(t)
	if in != Covered {
		return in, why
	}
	for _, c := range s.Conditions {
		switch ok, m := c.holds(t); ok {
		case NotCovered, CoverageUnknown:
			return ok, m
		}
	}
	for _, v := range s.NotResources {
		switch s.matches(v, t) {
		case Covered:
			return NotCovered, Meta{}
		case CoverageUnknown:
			return CoverageUnknown, v.Meta
		}
	}
	return Covered, Meta{}
}

// included says whether t matches one of the resources or tags of s.
func (s *BackupSelection) included(t *Table) (Coverage, Meta) {
	var unknown *Meta
	for _, v := range s.Resources {
		switch s.matches(v, t) {
		case Covered:
			return Covered, Meta{}
		case CoverageUnknown:
			if unknown == nil {
				unknown = &v.Meta
			}
		}
	}
	for _, c := range s.Tags {
		switch ok, m := c.holds(t); ok {
		case Covered:
			return Covered, Meta{}
		case CoverageUnknown:
			if unknown == nil {
				unknown = &m
			}
		}
	}
	if unknown != nil {
		return CoverageUnknown, *unknown
	}
	if len(s.Resources) == 0 && len(s.Tags) == 0 && len(s.Conditions) > 0 {
		return Covered, Meta{} // the conditions alone decide
	}
	return NotCovered, Meta{}
}

// matches says whether the ARN or pattern v names table t.
func (s *BackupSelection) matches(v SelectionItem, t *Table) Coverage {
	for _, x := range v.Tables {
		if x == t {
			return Covered
		}
	}
	text := v.Value.Value
	switch {
	case v.ByReference:
		return NotCovered // it names other tables of the project
	case v.IsUnknown() && v.Text != "":
		// The unresolved parts may hold colons (${AWS::Region}).
		text = unresolvedPart.ReplaceAllLiteralString(v.Text, "${?}")
	case !v.IsKnown():
		return CoverageUnknown
	}
	if text == "*" {
		return Covered
	}
	svc, rest, ok := arnResource(text)
	if !ok {
		return NotCovered
	}
	if strings.Contains(svc, "${") {
		return CoverageUnknown
	}
	if !globMatch(svc, "dynamodb") {
		return NotCovered
	}
	kind, name, ok := strings.Cut(rest, "/")
	switch {
	case strings.Contains(kind, "${"):
		return CoverageUnknown
	case !ok || !globMatch(kind, "table"):
		return NotCovered
	case name == "*":
		return Covered
	case strings.Contains(name, "${") || !t.Name.IsKnown():
		return CoverageUnknown
	case globMatch(name, t.Name.Value):
		return Covered
	}
	return NotCovered
}

// arnResource splits arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE into
// the service and the resource; the region and account (which may be
// unresolved) are taken to be the project's.
func arnResource(arn string) (service, resource string, ok bool) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" {
		return "", "", false
	}
	return parts[2], parts[5], true
}

// globMatch matches s against a pattern whose only wildcard is *; a
// pattern that is not valid matches nothing.
func globMatch(pattern, s string) bool {
	if !strings.ContainsAny(pattern, "?[\\") {
		// path.Match treats only * specially here; / never appears in a
		// table name.
		ok, err := path.Match(pattern, s)
		return err == nil && ok
	}
	return pattern == s
}

// holds says whether the tag condition c holds for table t.
func (c TagCondition) holds(t *Table) (Coverage, Meta) {
	for _, v := range []Value[string]{c.Op, c.Key, c.Value} {
		if !v.IsKnown() {
			return CoverageUnknown, v.Meta
		}
	}
	if t.TagsUnknown != "" {
		m := c.Key.Meta
		m.State, m.Reason = Unknown, "the tags of "+t.Address+" are not all known: "+t.TagsUnknown
		return CoverageUnknown, m
	}
	got, has := t.Tags[c.Key.Value]
	var ok bool
	switch op := strings.ToLower(strings.ReplaceAll(c.Op.Value, "_", "")); op {
	case "stringequals":
		ok = has && got == c.Value.Value
	case "stringnotequals":
		ok = !has || got != c.Value.Value
	case "stringlike":
		ok = has && globMatch(c.Value.Value, got)
	case "stringnotlike":
		ok = !has || !globMatch(c.Value.Value, got)
	default:
		m := c.Op.Meta
		m.State, m.Reason = Unknown, "the tag condition type "+c.Op.Value+" is not one AWS Backup knows"
		return CoverageUnknown, m
	}
	if ok {
		return Covered, Meta{}
	}
	return NotCovered, Meta{}
}

// Normalize takes an aws:ResourceTag/ prefix off the key, and makes an
// absent type, key or value (which AWS Backup rejects) unknown.
func (c *TagCondition) Normalize() {
	c.Key.Value = strings.TrimPrefix(c.Key.Value, "aws:ResourceTag/")
	for _, v := range []*Value[string]{&c.Op, &c.Key, &c.Value} {
		if v.State == Absent {
			v.State, v.Reason = Unknown, v.Path+" is not set, which AWS Backup rejects"
		}
	}
}
