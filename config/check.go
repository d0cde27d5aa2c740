package config

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/dynamoguard/dynamoguard/internal/spelling"
	"github.com/dynamoguard/dynamoguard/rules"
)

// regionPattern is the shape of an AWS region name: a partition-and-area
// prefix (us, eu, ap, cn, il, mx, eusc, …), optionally a sub-partition
// (gov, iso, isob, de, …), a direction and a number. docs/config.schema.json
// has the same pattern; schema_test.go checks that they agree.
const regionPattern = `^[a-z]{2,4}(-[a-z]{2,4})?-(central|north|south|east|west|northeast|northwest|southeast|southwest)-[1-9][0-9]?$`

var regionRE = regexp.MustCompile(regionPattern)

// accountPattern is the shape of an AWS account ID, as a string.
const accountPattern = `^[0-9]{12}$`

var accountRE = regexp.MustCompile(accountPattern)

// validRegion reports whether s is shaped like an AWS region name.
func validRegion(s string) bool { return regionRE.MatchString(s) }

// regionHint says, for a malformed region, what was probably meant.
func regionHint(s string) string {
	switch {
	case s != strings.ToLower(s) && validRegion(strings.ToLower(s)):
		return fmt.Sprintf(" Region names are lower case: %s.", strings.ToLower(s))
	case len(s) > 1 && s[len(s)-1] >= 'a' && s[len(s)-1] <= 'z' && validRegion(s[:len(s)-1]):
		return fmt.Sprintf(" %s is an availability zone; its region is %s.", s, s[:len(s)-1])
	}
	return ""
}

// accountHint says, for a malformed account ID, what was probably meant.
func accountHint(s string) string {
	compact := strings.NewReplacer("-", "", " ", "").Replace(s)
	if compact != s && accountRE.MatchString(compact) {
		return fmt.Sprintf(" Write the 12 digits without separators: %q.", compact)
	}
	return ""
}

// isDigits reports whether s is a non-empty run of ASCII digits.
func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// ruleIDList lists the valid rule IDs with their names, for diagnostics.
func ruleIDList() string {
	ids := make([]string, len(rules.All))
	for i, r := range rules.All {
		ids[i] = r.ID + " (" + r.Name + ")"
	}
	return strings.Join(ids, ", ")
}

// ruleIDHint suggests, for an unknown rule ID, the rule that was probably
// meant: the one with that name, the ID with its DDB prefix added, or an
// ID one edit away.
func ruleIDHint(s string) string {
	for _, r := range rules.All {
		if strings.EqualFold(s, r.Name) {
			return fmt.Sprintf("%s is the name of rule %s; write its ID, %s. ", s, r.ID, r.ID)
		}
	}
	if r := rules.ByID("DDB" + s); r != nil {
		return fmt.Sprintf("Did you mean %s? ", r.ID)
	}
	ids := make([]string, len(rules.All))
	for i, r := range rules.All {
		ids[i] = r.ID
	}
	if m := spelling.Closest(strings.ToUpper(s), ids, 1); m != "" {
		return fmt.Sprintf("Did you mean %s? ", m)
	}
	return ""
}

// severityNames are the severity names, highest first.
func severityNames() []string {
	var names []string
	for s := rules.Critical; ; s-- {
		names = append(names, s.String())
		if s == rules.Note {
			return names
		}
	}
}

// suggestKey returns the key of valid that unknown is probably a misspelling
// of, or "".
func suggestKey(unknown string, valid []string) string {
	norm := strings.ReplaceAll(strings.ToLower(unknown), "-", "_")
	if m := spelling.Closest(norm, valid, max(2, len(norm)/4)); m != "" {
		return m
	}
	// A word of a key ("regions" for "allowed_regions"), when it names
	// only one.
	var match string
	for _, v := range valid {
		if len(norm) >= 4 && (strings.Contains(v, norm) || strings.Contains(norm, v)) {
			if match != "" {
				return ""
			}
			match = v
		}
	}
	return match
}
