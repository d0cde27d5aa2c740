package config

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"go.yaml.in/yaml/v3"

	"github.com/dynamoguard/dynamoguard/internal/spelling"
	"github.com/dynamoguard/dynamoguard/model"
	"github.com/dynamoguard/dynamoguard/rules"
)

// field is a key of a mapping in the file and how to load its value.
type field struct {
	name string
	// load reads the value (aliases followed, never nil) of the key at
	// path, a dotted path such as "rules.enable".
	load func(l *loader, value *yaml.Node, path string)
}

// keyTables are the keys of every mapping of the file whose keys are fixed,
// by the dotted path of the mapping ("" is the top level), in the order
// they are documented. (rules.severity and critical_tables.tags have keys
// of the user's: rule IDs and tag keys.) docs/config.schema.json has the
// same keys at the same places; schema_test.go checks it.
//
// The loader reaches the tables through loader.tables, set by Load, so that
// a field's load function may load a nested mapping without making this
// variable refer to itself.
var keyTables = map[string][]field{
	"": {
		{"version", (*loader).version},
		{"rules", (*loader).object},
		{"allowed_regions", (*loader).allowedRegions},
		{"trusted_accounts", (*loader).trustedAccounts},
		{"critical_tables", (*loader).object},
		{"require_replicas", func(l *loader, n *yaml.Node, p string) { l.cfg.RequireReplicas = l.boolean(n, p) }},
		{"require_backup_plan", func(l *loader, n *yaml.Node, p string) { l.cfg.RequireBackupPlan = l.boolean(n, p) }},
		{"export_buckets", (*loader).exportBuckets},
		{"exclude", (*loader).exclude},
		{"suppressions", (*loader).object},
	},
	"suppressions": {
		{"peer_syntax", func(l *loader, n *yaml.Node, p string) {
			if !isNull(n) {
				l.cfg.Suppressions.NoPeerSyntax = !l.boolean(n, p)
			}
		}},
	},
	"rules": {
		{"enable", (*loader).enable},
		{"disable", (*loader).disable},
		{"severity", (*loader).severity},
	},
	"critical_tables": {
		{"tags", (*loader).tags},
		{"names", (*loader).names},
	},
}

// keyNames lists the keys of a table.
func keyNames(fields []field) []string {
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.name
	}
	return names
}

// loader turns the YAML node tree into a Config, collecting diagnostics.
type loader struct {
	src    *source
	cfg    *Config
	tables map[string][]field
	diags  model.Diagnostics
	// enabled and disabled are the nodes that named each rule, for the
	// checks across the two lists.
	enabled, disabled map[string]*yaml.Node
	// severityNodes are the keys of rules.severity, by rule ID.
	severityNodes map[string]*yaml.Node
}

func (l *loader) load() {
	l.tables = keyTables
	root, diags := l.src.parse()
	l.diags = append(l.diags, diags...)
	if root == nil {
		return
	}
	if diags := l.src.checkAliases(root); diags != nil {
		l.diags = append(l.diags, diags...)
		return
	}
	root = deref(root)
	if root.Kind != yaml.MappingNode {
		l.errorf(root, "the document is not a mapping",
			"A configuration file is a mapping of keys to values, such as \"exclude: [legacy/**]\"; valid keys: %s. It is %s here.",
			strings.Join(keyNames(l.tables[""]), ", "), describe(root))
		return
	}
	l.object(root, "")
	l.crossChecks()
}

// diagnostics returns the diagnostics sorted, without repeats (a value
// reached through several aliases is reported once).
func (l *loader) diagnostics() model.Diagnostics {
	if len(l.diags) == 0 {
		return nil
	}
	l.diags.Sort()
	return slices.Compact(l.diags)
}

func (l *loader) errorf(n *yaml.Node, summary, detail string, args ...any) {
	l.diags = append(l.diags, l.src.errorAt(n, summary, fmt.Sprintf(detail, args...)))
}

func (l *loader) warnf(n *yaml.Node, summary, detail string, args ...any) {
	l.diags = append(l.diags, l.src.warningAt(n, summary, fmt.Sprintf(detail, args...)))
}

// where names the mapping at path for messages.
func where(path string) string {
	if path == "" {
		return "at the top level"
	}
	return "in " + path
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// object loads the mapping at path with the fields of its key table.
func (l *loader) object(n *yaml.Node, path string) {
	if isNull(n) {
		return
	}
	fields := l.tables[path]
	if n.Kind != yaml.MappingNode {
		l.typeError(n, path, "a mapping", fmt.Sprintf("a mapping with the keys %s", strings.Join(keyNames(fields), ", ")))
		return
	}
	for _, e := range l.entries(n, path) {
		i := slices.IndexFunc(fields, func(f field) bool { return f.name == e.name })
		if i < 0 {
			l.unknownKey(e.key, path)
			continue
		}
		fields[i].load(l, deref(e.value), join(path, e.name))
	}
}

// entry is a key and its value in a mapping.
type entry struct {
	key, value *yaml.Node
	name       string // the key's text
}

// entries returns the pairs of mapping n, with YAML merge keys (<<: *x)
// expanded: a key written in the mapping wins over a merged one, and an
// earlier merged mapping over a later one. A key written twice, or a key
// that is not a scalar, is an error.
func (l *loader) entries(n *yaml.Node, path string) []entry {
	var out, merged []entry
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := deref(n.Content[i]), n.Content[i+1]
		if k.Kind != yaml.ScalarNode || isNull(k) {
			l.errorf(k, "a key must be a string",
				"Every key %s is a plain string such as \"exclude\"; this key is %s.", where(path), describe(k))
			continue
		}
		if k.ShortTag() == "!!merge" {
			merged = append(merged, l.mergeSources(v, path)...)
			continue
		}
		if first, dup := seen[k.Value]; dup {
			l.errorf(k, fmt.Sprintf("duplicate key %q", k.Value),
				"%q is already set %s at line %d; a key may appear only once in a mapping, so remove one of the two.",
				k.Value, where(path), first.Line)
			continue
		}
		seen[k.Value] = k
		out = append(out, entry{key: k, value: v, name: k.Value})
	}
	for _, e := range merged {
		if _, dup := seen[e.name]; !dup {
			seen[e.name] = e.key
			out = append(out, e)
		}
	}
	return out
}

// mergeSources returns the entries that the value of a merge key brings
// in: those of a mapping, or of each mapping of a list.
func (l *loader) mergeSources(v *yaml.Node, path string) []entry {
	v = deref(v)
	var sources []*yaml.Node
	switch v.Kind {
	case yaml.MappingNode:
		sources = []*yaml.Node{v}
	case yaml.SequenceNode:
		for _, s := range v.Content {
			sources = append(sources, deref(s))
		}
	}
	var out []entry
	for _, s := range sources {
		if s.Kind != yaml.MappingNode {
			l.errorf(s, "a merge key (<<) takes mappings",
				"The value of << %s is an alias of a mapping (<<: *base) or a list of them; this is %s.", where(path), describe(s))
			continue
		}
		out = append(out, l.entries(s, path)...)
	}
	return out
}

// unknownKey reports a key that is not in the key table of path, suggesting
// the key that was probably meant.
func (l *loader) unknownKey(k *yaml.Node, path string) {
	valid := keyNames(l.tables[path])
	var hint string
	if m := suggestKey(k.Value, valid); m != "" {
		hint = fmt.Sprintf("Did you mean %s? ", m)
	} else if other := l.tableOf(k.Value, path); other != "" {
		hint = fmt.Sprintf("%s is a key %s, not %s. ", k.Value, where(other), where(path))
	}
	l.errorf(k, fmt.Sprintf("unknown key %q", k.Value), "%sValid keys %s: %s.", hint, where(path), strings.Join(valid, ", "))
}

// tableOf returns the path of another mapping that has key, or "".
func (l *loader) tableOf(key, path string) string {
	paths := make([]string, 0, len(l.tables))
	for p := range l.tables {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	for _, p := range paths {
		if p != path && slices.ContainsFunc(l.tables[p], func(f field) bool { return f.name == key }) {
			return p
		}
	}
	return ""
}

// typeError reports a value of the wrong kind: want is short ("a list"),
// long says what is valid ("a list of AWS region names, such as …").
func (l *loader) typeError(n *yaml.Node, path, want, long string) {
	var hint string
	if want == "a list" && n.Kind == yaml.ScalarNode {
		hint = fmt.Sprintf(" For a single value, write %s: [%s].", last(path), n.Value)
	}
	l.errorf(n, fmt.Sprintf("%s: expected %s, got %s", path, want, kindOf(n)),
		"%s is %s; it is %s here.%s", path, long, describe(n), hint)
}

func last(path string) string { return path[strings.LastIndexByte(path, '.')+1:] }

// kindOf names the kind of a node in a few words.
func kindOf(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!str":
			return "a string"
		case "!!int", "!!float":
			return "a number"
		case "!!bool":
			return "a boolean"
		case "!!null":
			return "null"
		}
		return "a value tagged " + n.Tag
	}
	return "an alias"
}

// describe names the kind of a node and, for a scalar, quotes its text.
func describe(n *yaml.Node) string {
	if n.Kind != yaml.ScalarNode || isNull(n) {
		return kindOf(n)
	}
	return fmt.Sprintf("%s (%q)", kindOf(n), n.Value)
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" }

// customTag reports whether a scalar carries an explicit tag that is not a
// YAML core one, such as !Ref.
func customTag(n *yaml.Node) bool { return !strings.HasPrefix(n.ShortTag(), "!!") }

// list loads the list at path, calling each for every item (aliases
// followed). A null value is an empty list.
func (l *loader) list(n *yaml.Node, path, long string, each func(item *yaml.Node)) {
	if isNull(n) {
		return
	}
	if n.Kind != yaml.SequenceNode {
		l.typeError(n, path, "a list", long)
		return
	}
	for _, item := range n.Content {
		each(deref(item))
	}
}

// str returns the text of a string item of the list at path; long says
// what the items are.
func (l *loader) str(n *yaml.Node, path, long string) (string, bool) {
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!str" {
		l.errorf(n, fmt.Sprintf("%s: expected a string, got %s", path, kindOf(n)),
			"The items of %s are %s; this one is %s. Quote it if it is meant as text.", path, long, describe(n))
		return "", false
	}
	if n.Value == "" {
		l.errorf(n, fmt.Sprintf("%s: empty string", path), "The items of %s are %s; remove the empty one.", path, long)
		return "", false
	}
	return n.Value, true
}

// uniqueList collects the values of a list, warning about repeats.
type uniqueList struct {
	path   string
	values []string
	seen   map[string]*yaml.Node
}

func (l *loader) add(u *uniqueList, v string, n *yaml.Node) bool {
	if u.seen == nil {
		u.seen = map[string]*yaml.Node{}
	}
	if first, dup := u.seen[v]; dup {
		l.warnf(n, fmt.Sprintf("%s lists %s twice", u.path, v), "It is already listed at line %d; remove this one.", first.Line)
		return false
	}
	u.seen[v] = n
	u.values = append(u.values, v)
	return true
}

func (l *loader) version(n *yaml.Node, _ string) {
	if isNull(n) {
		return
	}
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!int" {
		if v, err := strconv.ParseInt(n.Value, 0, 64); err == nil && v == 1 {
			return
		}
	}
	var hint string
	if n.Kind == yaml.ScalarNode && n.Value == "1" {
		hint = " (a number, not a string)"
	}
	what := kindOf(n)
	if n.Kind == yaml.ScalarNode && !isNull(n) {
		what = strconv.Quote(n.Value)
	}
	l.errorf(n, "unsupported version "+what,
		"The only version is 1; write version: 1%s, or leave the key out.", hint)
}

func (l *loader) boolean(n *yaml.Node, path string) bool {
	if isNull(n) {
		return false
	}
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!bool" {
		var b bool
		if err := n.Decode(&b); err == nil {
			return b
		}
	}
	var hint string
	if n.Kind == yaml.ScalarNode && slices.Contains([]string{"yes", "no", "on", "off", "y", "n"}, strings.ToLower(n.Value)) {
		hint = fmt.Sprintf(" (YAML 1.2 reads %s as a string)", n.Value)
	}
	l.errorf(n, fmt.Sprintf("%s: expected true or false, got %s", path, kindOf(n)),
		"%s is true or false; it is %s here%s.", path, describe(n), hint)
	return false
}

// ruleID returns the canonical ID of the rule that n names.
func (l *loader) ruleID(n *yaml.Node, path string) (string, bool) {
	if n.Kind != yaml.ScalarNode || isNull(n) || customTag(n) {
		l.errorf(n, fmt.Sprintf("%s: expected a rule ID, got %s", path, kindOf(n)),
			"%s takes rule IDs; valid rule IDs: %s.", path, ruleIDList())
		return "", false
	}
	if r := rules.ByID(n.Value); r != nil {
		return r.ID, true
	}
	l.errorf(n, fmt.Sprintf("unknown rule ID %q", n.Value),
		"%sValid rule IDs: %s.", ruleIDHint(n.Value), ruleIDList())
	return "", false
}

const ruleListLong = "a list of rule IDs, such as [DDB101, DDB201]"

func (l *loader) ruleList(n *yaml.Node, path string, nodes *map[string]*yaml.Node) []string {
	u := uniqueList{path: path}
	l.list(n, path, ruleListLong, func(item *yaml.Node) {
		if id, ok := l.ruleID(item, path); ok && l.add(&u, id, item) {
			if *nodes == nil {
				*nodes = map[string]*yaml.Node{}
			}
			(*nodes)[id] = item
		}
	})
	return u.values
}

func (l *loader) enable(n *yaml.Node, path string) {
	l.cfg.Rules.Enable = l.ruleList(n, path, &l.enabled)
}

func (l *loader) disable(n *yaml.Node, path string) {
	l.cfg.Rules.Disable = l.ruleList(n, path, &l.disabled)
}

func (l *loader) severity(n *yaml.Node, path string) {
	if isNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		l.typeError(n, path, "a mapping", "a mapping of rule IDs to severities, such as {DDB203: high}")
		return
	}
	valid := strings.Join(severityNames(), ", ")
	for _, e := range l.entries(n, path) {
		id, ok := l.ruleID(e.key, path)
		if !ok {
			continue
		}
		if first, dup := l.severityNodes[id]; dup {
			l.errorf(e.key, fmt.Sprintf("duplicate key %q", e.name),
				"%s is already given a severity at line %d (as %q); remove one of the two.", id, first.Line, first.Value)
			continue
		}
		v := deref(e.value)
		if v.Kind != yaml.ScalarNode || v.ShortTag() != "!!str" {
			l.errorf(v, fmt.Sprintf("%s.%s: expected a severity, got %s", path, id, kindOf(v)),
				"A severity is one of %s; it is %s here.", valid, describe(v))
			continue
		}
		sev, err := rules.ParseSeverity(v.Value)
		if err != nil {
			var hint string
			if m := spelling.Closest(strings.ToLower(v.Value), severityNames(), 2); m != "" {
				hint = fmt.Sprintf("Did you mean %s? ", m)
			}
			l.errorf(v, fmt.Sprintf("unknown severity %q", v.Value), "%sValid severities: %s.", hint, valid)
			continue
		}
		if l.cfg.Rules.Severity == nil {
			l.cfg.Rules.Severity = map[string]rules.Severity{}
			l.severityNodes = map[string]*yaml.Node{}
		}
		l.cfg.Rules.Severity[id] = sev
		l.severityNodes[id] = e.key
	}
}

// crossChecks reports what is wrong only in combination: a rule both
// enabled and disabled, a severity for a rule that does not run.
func (l *loader) crossChecks() {
	for _, id := range l.cfg.Rules.Disable {
		if en, ok := l.enabled[id]; ok {
			l.errorf(l.disabled[id], fmt.Sprintf("rule %s is both enabled and disabled", id),
				"rules.enable (line %d) runs only the rules it lists and rules.disable turns rules off; list %s in one of the two.", en.Line, id)
		}
	}
	for id, k := range l.severityNodes {
		switch {
		case l.disabled[id] != nil && l.enabled[id] == nil:
			l.warnf(k, fmt.Sprintf("severity of %s has no effect", id), "%s is in rules.disable (line %d), so it does not run.", id, l.disabled[id].Line)
		case len(l.enabled) > 0 && l.enabled[id] == nil:
			l.warnf(k, fmt.Sprintf("severity of %s has no effect", id), "rules.enable runs only %s, so %s does not run.", strings.Join(l.cfg.Rules.Enable, ", "), id)
		}
	}
}

const regionLong = "a list of AWS region names, such as [us-east-1, eu-west-1, us-gov-west-1]"

func (l *loader) allowedRegions(n *yaml.Node, path string) {
	u := uniqueList{path: path}
	l.list(n, path, regionLong, func(item *yaml.Node) {
		s, ok := l.str(item, path, "AWS region names")
		if !ok {
			return
		}
		if !validRegion(s) {
			l.errorf(item, fmt.Sprintf("malformed region %q", s),
				"%s lists AWS region names, such as us-east-1, eu-central-2, ap-southeast-5, us-gov-west-1 or cn-north-1 (area, direction, number, in lower case).%s",
				path, regionHint(s))
			return
		}
		l.add(&u, s, item)
	})
	l.cfg.AllowedRegions = u.values
}

const accountLong = "a list of 12-digit AWS account IDs, such as [\"111122223333\"]"

func (l *loader) trustedAccounts(n *yaml.Node, path string) {
	u := uniqueList{path: path}
	l.list(n, path, accountLong, func(item *yaml.Node) {
		if s, ok := l.account(item, path); ok {
			l.add(&u, s, item)
		}
	})
	l.cfg.TrustedAccounts = u.values
}

// account reads an account ID: a string of 12 digits, or a YAML number
// written as 12 digits without a leading zero.
func (l *loader) account(n *yaml.Node, path string) (string, bool) {
	if n.Kind != yaml.ScalarNode || isNull(n) || customTag(n) || n.ShortTag() == "!!bool" {
		l.errorf(n, fmt.Sprintf("%s: expected an account ID, got %s", path, kindOf(n)),
			"%s is %s; this item is %s.", path, accountLong, describe(n))
		return "", false
	}
	s := n.Value
	number := n.ShortTag() == "!!int" || n.ShortTag() == "!!float"
	switch {
	case number && isDigits(s) && s[0] == '0':
		l.errorf(n, fmt.Sprintf("account ID %s must be quoted", s),
			"YAML reads an unquoted number with a leading zero as a number (octal, or decimal without the zero), not as the digits written; write it as a string: %q.", s)
		return "", false
	case accountRE.MatchString(s):
		return s, true
	}
	l.errorf(n, fmt.Sprintf("account ID %q is not 12 digits", s),
		"An AWS account ID is exactly 12 digits, written as a string such as \"111122223333\" (quote it, so that a leading zero is kept).%s", accountHint(s))
	return "", false
}

// glob reads a doublestar glob item of the list at path.
func (l *loader) glob(n *yaml.Node, path, long string) (string, bool) {
	s, ok := l.str(n, path, long)
	if !ok {
		return "", false
	}
	if !doublestar.ValidatePattern(s) {
		l.errorf(n, fmt.Sprintf("invalid glob %q", s),
			"%s takes doublestar globs: * (any characters but /), ** (any number of folders), ?, [class] and {alt1,alt2}; look for an unclosed [ or { or a trailing \\.", path)
		return "", false
	}
	return s, true
}

func (l *loader) globList(n *yaml.Node, path, long string, check func(s string, item *yaml.Node) bool) []string {
	u := uniqueList{path: path}
	l.list(n, path, long, func(item *yaml.Node) {
		if s, ok := l.glob(item, path, long); ok && check(s, item) {
			l.add(&u, s, item)
		}
	})
	return u.values
}

func (l *loader) names(n *yaml.Node, path string) {
	l.cfg.CriticalTables.Names = l.globList(n, path, "table-name globs, such as [\"orders-*\", payments]",
		func(string, *yaml.Node) bool { return true })
}

func (l *loader) exportBuckets(n *yaml.Node, path string) {
	l.cfg.ExportBuckets = l.globList(n, path, "bucket-name globs, such as [\"*-ddb-exports\"]",
		func(s string, item *yaml.Node) bool {
			if strings.Contains(s, "/") || strings.HasPrefix(s, "arn:") {
				l.errorf(item, fmt.Sprintf("%q is not a bucket name", s),
					"%s matches bucket names, such as \"*-ddb-exports\" or \"acme-exports\", not ARNs, s3:// URLs or object paths.", path)
				return false
			}
			return true
		})
}

func (l *loader) exclude(n *yaml.Node, path string) {
	l.cfg.Exclude = l.globList(n, path, "path globs relative to the scan root, such as [\"legacy/**\", \"**/testdata/**\"]",
		func(s string, item *yaml.Node) bool {
			if strings.HasPrefix(s, "/") || strings.HasPrefix(s, "./") || strings.HasPrefix(s, "../") {
				l.errorf(item, fmt.Sprintf("exclude glob %q is not relative to the scan root", s),
					"Paths are matched relative to the scan root, without a leading / or ./, so this glob matches nothing; write it as %q.",
					strings.TrimLeft(strings.TrimPrefix(strings.TrimPrefix(s, "../"), "./"), "/"))
				return false
			}
			return true
		})
}

func (l *loader) tags(n *yaml.Node, path string) {
	if isNull(n) {
		return
	}
	const long = "a mapping of tag keys to values, such as {criticality: high}; the value \"*\" matches any value"
	if n.Kind != yaml.MappingNode {
		l.typeError(n, path, "a mapping", long)
		return
	}
	for _, e := range l.entries(n, path) {
		if customTag(e.key) || e.name == "" {
			l.errorf(e.key, fmt.Sprintf("%s: invalid tag key %s", path, describe(e.key)), "%s is %s.", path, long)
			continue
		}
		v := deref(e.value)
		if v.Kind != yaml.ScalarNode || isNull(v) || customTag(v) {
			at := v
			if isNull(v) {
				at = e.key // a missing value is at the end of its line
			}
			l.errorf(at, fmt.Sprintf("%s.%s: expected a tag value, got %s", path, e.name, kindOf(v)),
				"The values of %s are tag values, such as high; write \"*\" to match the tag %s with any value.", path, e.name)
			continue
		}
		if l.cfg.CriticalTables.Tags == nil {
			l.cfg.CriticalTables.Tags = map[string]string{}
		}
		l.cfg.CriticalTables.Tags[e.name] = v.Value
	}
}
