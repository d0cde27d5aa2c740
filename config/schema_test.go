package config

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"

	"github.com/dynamoguard/dynamoguard/rules"
)

const (
	schemaPath  = "../docs/config.schema.json"
	examplePath = "../examples/.dynamoguard.yml"
	docPath     = "../docs/config.md"
)

// mapPaths are the mappings of the file whose keys are the user's; the
// schema gives their values a schema instead of listing their keys.
var mapPaths = []string{"critical_tables.tags"}

func readSchema(t *testing.T) map[string]any {
	t.Helper()
	data, err := os.ReadFile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	var s map[string]any
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatalf("parse %s: %v", schemaPath, err)
	}
	return s
}

// at returns the sub-schema at a path of keys, failing when it is missing.
func at(t *testing.T, s map[string]any, keys ...string) map[string]any {
	t.Helper()
	cur := s
	for _, k := range keys {
		next, ok := cur[k].(map[string]any)
		if !ok {
			t.Fatalf("schema has no object at %s", strings.Join(keys, "/"))
		}
		cur = next
	}
	return cur
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

// TestSchemaKeys checks that every mapping of the schema has the keys the
// loader accepts at that place, that none allows other keys, and that every
// key has a description.
func TestSchemaKeys(t *testing.T) {
	schema := readSchema(t)
	seen := map[string]bool{}
	var walk func(s map[string]any, path string)
	walk = func(s map[string]any, path string) {
		props, hasProps := s["properties"].(map[string]any)
		if !hasProps {
			if _, isMap := s["additionalProperties"].(map[string]any); isMap && !slices.Contains(mapPaths, path) {
				t.Errorf("schema: %q is a map of any keys, but the loader has no such mapping", path)
			}
			return
		}
		seen[path] = true
		if s["additionalProperties"] != false {
			t.Errorf("schema: %q does not have additionalProperties: false", path)
		}
		var want []string
		if path == "rules.severity" {
			want = allRuleIDs()
		} else if fields, ok := keyTables[path]; ok {
			want = keyNames(fields)
		} else {
			t.Errorf("schema: %q lists keys, but the loader has no key table for it", path)
		}
		if d := cmp.Diff(sorted(want), sortedKeys(props)); d != "" {
			t.Errorf("schema keys of %q differ from the loader's (-loader +schema):\n%s", where(path), d)
		}
		for _, k := range sortedKeys(props) {
			p, _ := props[k].(map[string]any)
			if desc, _ := p["description"].(string); desc == "" {
				t.Errorf("schema: %s has no description", join(path, k))
			}
			walk(p, join(path, k))
		}
	}
	walk(schema, "")
	for path := range keyTables {
		if !seen[path] {
			t.Errorf("loader key table %q has no object in the schema", path)
		}
	}
}

// TestSchemaRuleIDs checks the rule-ID enum and the severity keys against
// rules.All.
func TestSchemaRuleIDs(t *testing.T) {
	schema := readSchema(t)
	var enum []string
	for _, v := range at(t, schema, "definitions", "ruleID")["enum"].([]any) {
		enum = append(enum, v.(string))
	}
	if d := cmp.Diff(allRuleIDs(), enum); d != "" {
		t.Errorf("definitions.ruleID.enum differs from rules.All (-rules.All +schema):\n%s", d)
	}
	props := at(t, schema, "properties", "rules", "properties", "severity", "properties")
	for _, r := range rules.All {
		want := map[string]any{
			"description": fmt.Sprintf("%s (%s): %s. Default severity: %s.", r.ID, r.Name, r.Title, r.Severity),
			"allOf":       []any{map[string]any{"$ref": "#/definitions/severity"}},
		}
		if d := cmp.Diff(want, props[r.ID]); d != "" {
			j, _ := json.Marshal(want)
			t.Errorf("rules.severity.%s in the schema differs (-want +schema):\n%s\nwant: %q: %s", r.ID, d, r.ID, j)
		}
	}
}

// TestSchemaSeverities checks the severity enum against the severities of
// package rules.
func TestSchemaSeverities(t *testing.T) {
	var enum []string
	for _, v := range at(t, readSchema(t), "definitions", "severity")["enum"].([]any) {
		enum = append(enum, v.(string))
	}
	want := []string{rules.Critical.String(), rules.High.String(), rules.Medium.String(), rules.Low.String(), rules.Note.String()}
	if d := cmp.Diff(want, enum); d != "" {
		t.Errorf("definitions.severity.enum differs from the severities (-rules +schema):\n%s", d)
	}
	if d := cmp.Diff(want, severityNames()); d != "" {
		t.Errorf("severityNames differs from the severities (-rules +loader):\n%s", d)
	}
	for _, name := range enum {
		if s, err := rules.ParseSeverity(name); err != nil || s.String() != name {
			t.Errorf("ParseSeverity(%q) = %v, %v", name, s, err)
		}
	}
}

// TestSchemaPatterns checks that the region and account-ID patterns of the
// schema accept and reject the same samples as the loader.
func TestSchemaPatterns(t *testing.T) {
	schema := readSchema(t)
	region := regexp.MustCompile(at(t, schema, "definitions", "region")["pattern"].(string))
	goodRegions := []string{
		"us-east-1", "us-east-2", "us-west-2", "us-gov-west-1", "us-gov-east-1", "cn-north-1", "cn-northwest-1",
		"eu-central-2", "eu-south-1", "eu-north-1", "ap-southeast-5", "ap-northeast-3", "ap-east-2", "ap-south-2",
		"il-central-1", "mx-central-1", "me-central-1", "af-south-1", "ca-west-1", "sa-east-1",
		"us-iso-east-1", "us-isob-east-1", "eusc-de-east-1",
	}
	badRegions := []string{
		"", "us-east", "useast1", "us-east-1a", "US-EAST-1", "us-east-0", "us-east-01", "us-middle-1",
		" us-east-1", "us-east-1 ", "global", "aws-global", "us_east_1", "us-east-1-1", "arn:aws:us-east-1",
	}
	for _, s := range goodRegions {
		if !validRegion(s) || !region.MatchString(s) {
			t.Errorf("region %q: loader %v, schema %v; want both true", s, validRegion(s), region.MatchString(s))
		}
	}
	for _, s := range badRegions {
		if validRegion(s) || region.MatchString(s) {
			t.Errorf("region %q: loader %v, schema %v; want both false", s, validRegion(s), region.MatchString(s))
		}
	}

	v := newValidator(t, schema)
	accounts := []struct {
		yaml string
		ok   bool
	}{
		{`"111122223333"`, true},
		{`"012345678901"`, true},
		{`111122223333`, true},
		{`012345678901`, false}, // YAML 1.2 reads 12345678901
		{`0123`, false},
		{`"11112222333"`, false},
		{`"1111222233334"`, false},
		{`1111222233334`, false},
		{`99999999999`, false},
		{`"1111-2222-3333"`, false},
		{`"abcdefghijkl"`, false},
		{`""`, false},
		{`true`, false},
	}
	for _, a := range accounts {
		doc := "trusted_accounts: [" + a.yaml + "]\n"
		_, diags := Load(file, []byte(doc))
		loaderOK := !diags.HasErrors()
		schemaOK := v.validYAML(doc)
		if loaderOK != a.ok || schemaOK != a.ok {
			t.Errorf("account %s: loader %v, schema %v; want both %v (%v)", a.yaml, loaderOK, schemaOK, a.ok, diags)
		}
	}
}

// TestSchemaAgreesWithLoader loads documents with both the loader and the
// schema. They agree except where the schema cannot say what the loader
// checks, and where the loader is lenient on purpose.
func TestSchemaAgreesWithLoader(t *testing.T) {
	v := newValidator(t, readSchema(t))
	tests := []struct {
		yaml               string
		loaderOK, schemaOK bool
	}{
		{"version: 1\n", true, true},
		{"rules: {enable: [DDB101], disable: [DDB102], severity: {DDB203: high}}\n", true, true},
		{"allowed_regions: [us-gov-west-1, cn-north-1]\n", true, true},
		{"trusted_accounts: [111122223333, \"012345678901\"]\n", true, true},
		{"critical_tables: {tags: {tier: 1, pii: true, env: '*'}, names: [a, \"b-*\"]}\n", true, true},
		{"require_replicas: true\nrequire_backup_plan: false\n", true, true},
		{"exclude: [legacy/**]\nexport_buckets: [\"*-exports\"]\n", true, true},
		{"rules:\nversion:\nexclude:\ncritical_tables: {tags: , names: }\n", true, true},
		{"version: 2\n", false, false},
		{"version: \"1\"\n", false, false},
		{"- rules\n", false, false},
		{"rules: []\n", false, false},
		{"rules: {enabled: [DDB101]}\n", false, false},
		{"rules: {enable: DDB101}\n", false, false},
		{"rules: {enable: [DDB999]}\n", false, false},
		{"rules: {severity: {DDB101: loud}}\n", false, false},
		{"rules: {severity: {DDB999: high}}\n", false, false},
		{"rules: {severity: [DDB101]}\n", false, false},
		{"allowed_regions: [us-east]\n", false, false},
		{"allowed_regions: us-east-1\n", false, false},
		{"trusted_accounts: [012345678901]\n", false, false},
		{"critical_tables: {tags: {env: [a]}}\n", false, false},
		{"critical_tables: {tags: {env: }}\n", false, false},
		{"critical_tables: {tags: [env]}\n", false, false},
		{"critical_tables: {names: [1]}\n", false, false},
		{"critical_tables: {name: [a]}\n", false, false},
		{"require_replicas: yes\n", false, false},
		{"exclude: [./legacy]\n", false, false},
		{"exclude: [/legacy]\n", false, false},
		{"exclude: [\"\"]\n", false, false},
		{"export_buckets: [\"arn:aws:s3:::exports\"]\n", false, false},
		{"export_buckets: [\"exports/prefix\"]\n", false, false},
		{"allowed_region: [us-east-1]\n", false, false},
		// Beyond what a schema can say: glob syntax, and rules in two lists.
		{"exclude: [\"legacy/[x\"]\n", false, true},
		{"rules: {enable: [DDB101], disable: [DDB101]}\n", false, true},
		// The loader takes rule IDs and severities in any case; the schema
		// (and the documentation) spell them one way.
		{"rules: {enable: [ddb101]}\n", true, false},
		{"rules: {severity: {DDB101: HIGH}}\n", true, false},
	}
	for _, tt := range tests {
		_, diags := Load(file, []byte(tt.yaml))
		if got := !diags.HasErrors(); got != tt.loaderOK {
			t.Errorf("loader on %q: ok %v, want %v (%v)", tt.yaml, got, tt.loaderOK, diags)
		}
		if got := v.validYAML(tt.yaml); got != tt.schemaOK {
			t.Errorf("schema on %q: ok %v, want %v", tt.yaml, got, tt.schemaOK)
		}
	}
}

// TestExample checks that the example configuration loads without any
// diagnostic, is valid against the schema, and names the schema for
// editors.
func TestExample(t *testing.T) {
	data, err := os.ReadFile(examplePath)
	if err != nil {
		t.Fatal(err)
	}
	cfg, diags := Load(examplePath, data)
	if diags != nil {
		t.Errorf("%s:\n%v", examplePath, diags)
	}
	if cfg.Path != examplePath || len(cfg.AllowedRegions) == 0 || len(cfg.Rules.Severity) == 0 {
		t.Errorf("%s loaded as %+v", examplePath, cfg)
	}
	if !newValidator(t, readSchema(t)).validYAML(string(data)) {
		t.Errorf("%s is not valid against %s", examplePath, schemaPath)
	}
	id := readSchema(t)["$id"].(string)
	if first, _, _ := strings.Cut(string(data), "\n"); first != "# yaml-language-server: $schema="+id {
		t.Errorf("%s: first line %q does not name the schema %s", examplePath, first, id)
	}
}

// TestDocExamples checks that every YAML example of docs/config.md loads
// without diagnostics and is valid against the schema, and that the page
// documents every key.
func TestDocExamples(t *testing.T) {
	data, err := os.ReadFile(docPath)
	if err != nil {
		t.Fatal(err)
	}
	v := newValidator(t, readSchema(t))
	blocks := regexp.MustCompile("(?s)```yaml\n(.*?)```").FindAllStringSubmatch(string(data), -1)
	if len(blocks) == 0 {
		t.Fatalf("%s has no yaml examples", docPath)
	}
	for _, b := range blocks {
		if _, diags := Load(docPath, []byte(b[1])); diags != nil {
			t.Errorf("%s example:\n%s\n%v", docPath, b[1], diags)
		}
		if !v.validYAML(b[1]) {
			t.Errorf("%s example is not valid against the schema:\n%s", docPath, b[1])
		}
	}
	for path, fields := range keyTables {
		for _, f := range fields {
			k := join(path, f.name)
			if !strings.Contains(string(data), "`"+k+"`") && !strings.Contains(string(data), "`"+k+".") {
				t.Errorf("%s does not document `%s`", docPath, k)
			}
		}
	}
}

// validator checks a JSON value against the subset of JSON Schema draft-07
// that docs/config.schema.json uses; a keyword outside the subset fails
// the test, so that the schema cannot say more than is checked here.
type validator struct {
	t    *testing.T
	root map[string]any
}

func newValidator(t *testing.T, root map[string]any) *validator {
	return &validator{t: t, root: root}
}

var annotations = []string{"$schema", "$id", "title", "description", "default", "examples", "definitions"}

// validYAML reports whether a YAML document, read as YAML 1.2 (as editors
// do), is valid against the schema.
func (v *validator) validYAML(doc string) bool {
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(doc), &n); err != nil {
		v.t.Fatalf("test document %q: %v", doc, err)
	}
	var inst any
	if len(n.Content) > 0 {
		inst = v.toJSON(n.Content[0])
	}
	return v.valid(v.root, inst)
}

var (
	yamlNull  = regexp.MustCompile(`^(~|null|Null|NULL|)$`)
	yamlBool  = regexp.MustCompile(`^(true|True|TRUE|false|False|FALSE)$`)
	yamlInt   = regexp.MustCompile(`^[-+]?[0-9]+$`)
	yamlFloat = regexp.MustCompile(`^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`)
)

// toJSON converts a node by the YAML 1.2 core schema.
func (v *validator) toJSON(n *yaml.Node) any {
	n = deref(n)
	switch n.Kind {
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			m[n.Content[i].Value] = v.toJSON(n.Content[i+1])
		}
		return m
	case yaml.SequenceNode:
		l := []any{}
		for _, c := range n.Content {
			l = append(l, v.toJSON(c))
		}
		return l
	}
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		return n.Value
	}
	switch s := n.Value; {
	case yamlNull.MatchString(s):
		return nil
	case yamlBool.MatchString(s):
		return strings.EqualFold(s, "true")
	case yamlInt.MatchString(s), yamlFloat.MatchString(s):
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			v.t.Fatalf("number %q: %v", s, err)
		}
		return f
	}
	return n.Value
}

func (v *validator) valid(schema any, inst any) bool {
	switch s := schema.(type) {
	case bool:
		return s
	case map[string]any:
		for k, kv := range s {
			if !slices.Contains(annotations, k) && !v.keyword(s, k, kv, inst) {
				return false
			}
		}
		return true
	}
	v.t.Fatalf("schema %v is neither an object nor a boolean", schema)
	return false
}

func (v *validator) keyword(s map[string]any, k string, kv, inst any) bool {
	switch k {
	case "$ref":
		for key := range s {
			if key != "$ref" && !slices.Contains(annotations, key) {
				v.t.Fatalf("schema: draft-07 ignores %q beside $ref %v", key, kv)
			}
		}
		ref := strings.TrimPrefix(kv.(string), "#/definitions/")
		target, ok := v.root["definitions"].(map[string]any)[ref]
		if !ok {
			v.t.Fatalf("schema: $ref %v does not resolve", kv)
		}
		return v.valid(target, inst)
	case "type":
		types := []any{kv}
		if l, ok := kv.([]any); ok {
			types = l
		}
		return slices.ContainsFunc(types, func(t any) bool { return hasType(inst, t.(string)) })
	case "enum":
		return slices.ContainsFunc(kv.([]any), func(e any) bool { return reflect.DeepEqual(e, inst) })
	case "pattern":
		str, ok := inst.(string)
		return !ok || regexp.MustCompile(kv.(string)).MatchString(str)
	case "minLength":
		str, ok := inst.(string)
		return !ok || float64(len([]rune(str))) >= kv.(float64)
	case "minimum":
		f, ok := inst.(float64)
		return !ok || f >= kv.(float64)
	case "maximum":
		f, ok := inst.(float64)
		return !ok || f <= kv.(float64)
	case "properties":
		obj, ok := inst.(map[string]any)
		for name, ps := range kv.(map[string]any) {
			if val, has := obj[name]; ok && has && !v.valid(ps, val) {
				return false
			}
		}
		return true
	case "additionalProperties":
		obj, _ := inst.(map[string]any)
		props, _ := s["properties"].(map[string]any)
		for name, val := range obj {
			if _, listed := props[name]; !listed && !v.valid(kv, val) {
				return false
			}
		}
		return true
	case "propertyNames":
		obj, _ := inst.(map[string]any)
		for name := range obj {
			if !v.valid(kv, name) {
				return false
			}
		}
		return true
	case "items":
		list, _ := inst.([]any)
		for _, item := range list {
			if !v.valid(kv, item) {
				return false
			}
		}
		return true
	case "allOf":
		for _, sub := range kv.([]any) {
			if !v.valid(sub, inst) {
				return false
			}
		}
		return true
	case "anyOf":
		return slices.ContainsFunc(kv.([]any), func(sub any) bool { return v.valid(sub, inst) })
	case "not":
		return !v.valid(kv, inst)
	}
	v.t.Fatalf("schema keyword %q is not checked by this test's validator", k)
	return false
}

func hasType(inst any, t string) bool {
	switch t {
	case "object":
		_, ok := inst.(map[string]any)
		return ok
	case "array":
		_, ok := inst.([]any)
		return ok
	case "string":
		_, ok := inst.(string)
		return ok
	case "number":
		_, ok := inst.(float64)
		return ok
	case "integer":
		f, ok := inst.(float64)
		return ok && f == math.Trunc(f)
	case "boolean":
		_, ok := inst.(bool)
		return ok
	case "null":
		return inst == nil
	}
	return false
}
