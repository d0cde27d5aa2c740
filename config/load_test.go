package config

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/dynamoguard/dynamoguard/model"
	"github.com/dynamoguard/dynamoguard/rules"
)

const file = ".dynamoguard.yml"

// want is one expected diagnostic.
type want struct {
	line, col int
	// endCol, when not 0, is the expected end column (on the same line).
	endCol int
	// warning is true for a warning, false for an error.
	warning bool
	// summary is a regexp matched against the summary.
	summary string
	// detail are substrings the detail must contain: the valid choices.
	detail []string
}

// allRuleIDs are the IDs of rules.All: every "unknown rule ID" detail must
// list them all.
func allRuleIDs() []string {
	ids := make([]string, len(rules.All))
	for i, r := range rules.All {
		ids[i] = r.ID
	}
	return ids
}

var (
	topKeyList   = "version, rules, allowed_regions, trusted_accounts, critical_tables, require_replicas, require_backup_plan, export_buckets, exclude, suppressions"
	severityList = "critical, high, medium, low, note"
)

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want []want
	}{
		// YAML syntax.
		{"syntax error on a later line", "rules:\n  enable: [DDB101\nexclude: []\n",
			[]want{{line: 2, col: 1, endCol: 18, summary: `^invalid YAML: did not find expected ',' or '\]'$`, detail: []string{"not valid YAML"}}}},
		{"syntax error: bad indentation", "rules:\n  enable:\n    - DDB101\n   - DDB102\n",
			[]want{{line: 4, col: 1, summary: `^invalid YAML: did not find expected key$`}}},
		{"syntax error on line 1", "rules: enable: [DDB101]\n",
			[]want{{line: 1, col: 1, summary: `mapping values are not allowed`}}},
		{"tab indentation", "rules:\n\tenable: [DDB101]\n",
			[]want{{line: 2, col: 1, summary: `found character that cannot start any token`}}},
		{"unterminated quote", "exclude:\n  - 'legacy/**\n",
			[]want{{line: 2, col: 1, summary: `end of stream`}}},
		{"unquoted glob starting with *", "export_buckets: [*-ddb-exports]\n",
			[]want{{line: 1, col: 18, summary: `unknown anchor '-ddb-exports'`, detail: []string{`"*-ddb-exports"`}}}},
		{"bare * value", "critical_tables:\n  tags: {env: *}\n",
			[]want{{line: 2, col: 1, summary: `alphabetic or numeric`, detail: []string{`quote`, `"*"`}}}},
		{"control character", "exclude: [\"a\x01\"]\n",
			[]want{{line: 1, col: 13, summary: `control characters`}}},
		{"invalid UTF-8", "exclude:\n  - \"a\xff\"\n",
			[]want{{line: 2, col: 7, summary: `UTF-8`, detail: []string{"UTF-8"}}}},
		{"two documents", "exclude: [a]\n---\nexclude: [b]\n",
			[]want{{line: 2, col: 1, summary: `^more than one YAML document$`}}},

		// Shape of the document.
		{"list document", "- DDB101\n",
			[]want{{line: 1, col: 1, summary: `^the document is not a mapping$`, detail: []string{topKeyList, "a list"}}}},
		{"scalar document", "rules\n",
			[]want{{line: 1, col: 1, summary: `^the document is not a mapping$`, detail: []string{topKeyList}}}},

		// Unknown keys.
		{"unknown top-level key, typo", "allowed_region: [us-east-1]\n",
			[]want{{line: 1, col: 1, endCol: 15, summary: `^unknown key "allowed_region"$`, detail: []string{"Did you mean allowed_regions?", topKeyList}}}},
		{"unknown top-level key, case", "Exclude: [a]\n",
			[]want{{line: 1, col: 1, summary: `^unknown key "Exclude"$`, detail: []string{"Did you mean exclude?"}}}},
		{"unknown top-level key, a word of a key", "regions: [us-east-1]\n",
			[]want{{line: 1, col: 1, summary: `^unknown key "regions"$`, detail: []string{"Did you mean allowed_regions?"}}}},
		{"unknown top-level key, no suggestion", "colour: red\n",
			[]want{{line: 1, col: 1, summary: `^unknown key "colour"$`, detail: []string{"Valid keys at the top level: " + topKeyList + "."}}}},
		{"key of another level", "severity:\n  DDB101: high\n",
			[]want{{line: 1, col: 1, summary: `^unknown key "severity"$`, detail: []string{"severity is a key in rules", topKeyList}}}},
		{"unknown key in rules", "rules:\n  disabled: [DDB101]\n",
			[]want{{line: 2, col: 3, summary: `^unknown key "disabled"$`, detail: []string{"Did you mean disable?", "Valid keys in rules: enable, disable, severity."}}}},
		{"unknown key in critical_tables", "critical_tables:\n  name: [orders]\n",
			[]want{{line: 2, col: 3, summary: `^unknown key "name"$`, detail: []string{"Did you mean names?", "Valid keys in critical_tables: tags, names."}}}},
		{"non-string key", "? [a]\n: 1\n",
			[]want{{line: 1, col: 3, summary: `^a key must be a string$`, detail: []string{"a list"}}}},

		// Duplicate keys.
		{"duplicate top-level key", "exclude: [a]\nexclude: [b]\n",
			[]want{{line: 2, col: 1, summary: `^duplicate key "exclude"$`, detail: []string{"line 1"}}}},
		{"duplicate nested key", "rules:\n  enable: [DDB101]\n  enable: [DDB102]\n",
			[]want{{line: 3, col: 3, summary: `^duplicate key "enable"$`, detail: []string{"in rules at line 2"}}}},
		{"duplicate rule ID in severity, other spelling", "rules:\n  severity:\n    DDB203: high\n    ddb203: low\n",
			[]want{{line: 4, col: 5, summary: `^duplicate key "ddb203"$`, detail: []string{"DDB203", "line 3"}}}},
		{"duplicate tag key", "critical_tables:\n  tags: {env: prod, env: dev}\n",
			[]want{{line: 2, col: 21, summary: `^duplicate key "env"$`, detail: []string{"line 2"}}}},

		// Wrong types.
		{"string for a list", "allowed_regions: us-east-1\n",
			[]want{{line: 1, col: 18, endCol: 27, summary: `^allowed_regions: expected a list, got a string$`, detail: []string{"AWS region names", "allowed_regions: [us-east-1]"}}}},
		{"mapping for a list", "exclude: {a: b}\n",
			[]want{{line: 1, col: 10, summary: `^exclude: expected a list, got a mapping$`, detail: []string{"path globs"}}}},
		{"list for a mapping", "rules: [DDB101]\n",
			[]want{{line: 1, col: 8, summary: `^rules: expected a mapping, got a list$`, detail: []string{"enable, disable, severity"}}}},
		{"string for critical_tables.tags", "critical_tables:\n  tags: high\n",
			[]want{{line: 2, col: 9, summary: `^critical_tables.tags: expected a mapping, got a string$`, detail: []string{"{criticality: high}"}}}},
		{"string for a bool", "require_replicas: \"true\"\n",
			[]want{{line: 1, col: 19, endCol: 25, summary: `^require_replicas: expected true or false, got a string$`, detail: []string{"true or false"}}}},
		{"yes for a bool", "require_backup_plan: yes\n",
			[]want{{line: 1, col: 22, summary: `^require_backup_plan: expected true or false, got a string$`, detail: []string{"true or false", "YAML 1.2 reads yes as a string"}}}},
		{"number in a list of strings", "exclude: [1]\n",
			[]want{{line: 1, col: 11, summary: `^exclude: expected a string, got a number$`, detail: []string{"path globs", "Quote it"}}}},
		{"list in a list", "critical_tables:\n  names: [[a]]\n",
			[]want{{line: 2, col: 11, summary: `^critical_tables.names: expected a string, got a list$`, detail: []string{"table-name globs"}}}},
		{"empty string", "exclude: [\"\"]\n",
			[]want{{line: 1, col: 11, summary: `^exclude: empty string$`}}},
		{"list as a tag value", "critical_tables:\n  tags:\n    env: [prod]\n",
			[]want{{line: 3, col: 10, summary: `^critical_tables.tags.env: expected a tag value, got a list$`, detail: []string{`"*"`}}}},
		{"null tag value", "critical_tables:\n  tags:\n    env:\n",
			[]want{{line: 3, col: 5, endCol: 8, summary: `^critical_tables.tags.env: expected a tag value, got null$`}}},
		{"merge key with a scalar", "rules:\n  <<: [5]\n",
			[]want{{line: 2, col: 8, summary: `^a merge key \(<<\) takes mappings$`}}},

		// Rule IDs and severities.
		{"unknown rule ID in enable", "rules:\n  enable: [DDB101, DDB999]\n",
			[]want{{line: 2, col: 20, endCol: 26, summary: `^unknown rule ID "DDB999"$`, detail: allRuleIDs()}}},
		{"unknown rule ID in disable", "rules:\n  disable:\n    - ddb1o1\n",
			[]want{{line: 3, col: 7, summary: `^unknown rule ID "ddb1o1"$`, detail: append([]string{"Did you mean DDB101?"}, allRuleIDs()...)}}},
		{"rule name for an ID", "rules:\n  disable: [pitr-disabled]\n",
			[]want{{line: 2, col: 13, summary: `^unknown rule ID "pitr-disabled"$`, detail: []string{"name of rule DDB201", "DDB201 (pitr-disabled)"}}}},
		{"number for an ID", "rules:\n  disable: [101]\n",
			[]want{{line: 2, col: 13, summary: `^unknown rule ID "101"$`, detail: []string{"Did you mean DDB101?"}}}},
		{"unknown rule ID in severity", "rules:\n  severity:\n    DDB999: high\n",
			[]want{{line: 3, col: 5, summary: `^unknown rule ID "DDB999"$`, detail: allRuleIDs()}}},
		{"mapping for a rule ID", "rules:\n  enable: [{DDB101: true}]\n",
			[]want{{line: 2, col: 12, summary: `^rules.enable: expected a rule ID, got a mapping$`, detail: allRuleIDs()}}},
		{"unknown severity", "rules:\n  severity:\n    DDB203: hgih\n",
			[]want{{line: 3, col: 13, endCol: 17, summary: `^unknown severity "hgih"$`, detail: []string{"Did you mean high?", "Valid severities: " + severityList + "."}}}},
		{"number for a severity", "rules:\n  severity:\n    DDB203: 3\n",
			[]want{{line: 3, col: 13, summary: `^rules.severity.DDB203: expected a severity, got a number$`, detail: []string{severityList}}}},
		{"rule both enabled and disabled", "rules:\n  enable: [DDB101, DDB201]\n  disable: [ddb201]\n",
			[]want{{line: 3, col: 13, summary: `^rule DDB201 is both enabled and disabled$`, detail: []string{"rules.enable (line 2)"}}}},

		// Regions.
		{"malformed region", "allowed_regions: [us-east-1, \"us-east\"]\n",
			[]want{{line: 1, col: 30, endCol: 39, summary: `^malformed region "us-east"$`, detail: []string{"us-east-1", "us-gov-west-1", "cn-north-1"}}}},
		{"availability zone for a region", "allowed_regions: [eu-west-1a]\n",
			[]want{{line: 1, col: 19, summary: `^malformed region "eu-west-1a"$`, detail: []string{"availability zone; its region is eu-west-1"}}}},
		{"upper-case region", "allowed_regions: [EU-WEST-1]\n",
			[]want{{line: 1, col: 19, summary: `^malformed region "EU-WEST-1"$`, detail: []string{"lower case: eu-west-1"}}}},

		// Accounts.
		{"short account ID", "trusted_accounts: [\"11112222333\"]\n",
			[]want{{line: 1, col: 20, summary: `^account ID "11112222333" is not 12 digits$`, detail: []string{"exactly 12 digits"}}}},
		{"account ID with dashes", "trusted_accounts: [\"1111-2222-3333\"]\n",
			[]want{{line: 1, col: 20, summary: `is not 12 digits$`, detail: []string{`"111122223333"`}}}},
		{"unquoted account ID with a leading zero", "trusted_accounts: [012345678901]\n",
			[]want{{line: 1, col: 20, endCol: 32, summary: `^account ID 012345678901 must be quoted$`, detail: []string{`"012345678901"`}}}},
		{"unquoted octal-looking account ID", "trusted_accounts:\n  - 0123\n",
			[]want{{line: 2, col: 5, summary: `^account ID 0123 must be quoted$`}}},
		{"unquoted short account ID", "trusted_accounts: [12345]\n",
			[]want{{line: 1, col: 20, summary: `^account ID "12345" is not 12 digits$`}}},
		{"bool for an account ID", "trusted_accounts: [true]\n",
			[]want{{line: 1, col: 20, summary: `^trusted_accounts: expected an account ID, got a boolean$`, detail: []string{"12-digit"}}}},

		// Globs.
		{"invalid exclude glob", "exclude: [\"legacy/[x\"]\n",
			[]want{{line: 1, col: 11, endCol: 22, summary: `^invalid glob "legacy/\[x"$`, detail: []string{"doublestar", "**", "{alt1,alt2}"}}}},
		{"invalid name glob", "critical_tables:\n  names: [\"orders-{a\"]\n",
			[]want{{line: 2, col: 11, summary: `^invalid glob "orders-\{a"$`}}},
		{"invalid bucket glob", "export_buckets: [\"exports-\\\\\"]\n",
			[]want{{line: 1, col: 18, summary: `^invalid glob "exports-\\\\"$`}}},
		{"exclude glob with ./", "exclude: [./legacy/**]\n",
			[]want{{line: 1, col: 11, summary: `^exclude glob "./legacy/\*\*" is not relative to the scan root$`, detail: []string{`"legacy/**"`}}}},
		{"bucket ARN for a bucket name", "export_buckets: [\"arn:aws:s3:::exports\"]\n",
			[]want{{line: 1, col: 18, summary: `is not a bucket name$`}}},

		// Version.
		{"version 2", "version: 2\n",
			[]want{{line: 1, col: 10, endCol: 11, summary: `^unsupported version "2"$`, detail: []string{"The only version is 1"}}}},
		{"version as a string", "version: \"1\"\n",
			[]want{{line: 1, col: 10, summary: `^unsupported version "1"$`, detail: []string{"a number, not a string"}}}},

		// Aliases.
		{"alias in its own anchor", "exclude: &x [a, *x]\n",
			[]want{{line: 1, col: 17, summary: `^alias \*x refers to a node that contains it$`}}},

		// Warnings.
		{"rule listed twice", "rules:\n  enable: [DDB101, ddb101]\n",
			[]want{{line: 2, col: 20, warning: true, summary: `^rules.enable lists DDB101 twice$`, detail: []string{"line 2"}}}},
		{"region listed twice", "allowed_regions: [us-east-1, us-east-1]\n",
			[]want{{line: 1, col: 30, warning: true, summary: `^allowed_regions lists us-east-1 twice$`}}},
		{"severity of a disabled rule", "rules:\n  disable: [DDB102]\n  severity: {DDB102: high}\n",
			[]want{{line: 3, col: 14, warning: true, summary: `^severity of DDB102 has no effect$`, detail: []string{"rules.disable (line 2)"}}}},
		{"severity of a rule not enabled", "rules:\n  enable: [DDB101]\n  severity: {DDB102: high}\n",
			[]want{{line: 3, col: 14, warning: true, summary: `^severity of DDB102 has no effect$`, detail: []string{"runs only DDB101"}}}},

		// Every error is reported, not only the first.
		{"several errors at several levels", "rules:\n  enable: [DDB999]\n  severity: {DDB101: loud}\nallowed_regions: [mars-1]\nexclude: x\nrequire_replicas: 1\nextra: 1\n",
			[]want{
				{line: 2, col: 12, summary: `^unknown rule ID "DDB999"$`},
				{line: 3, col: 22, summary: `^unknown severity "loud"$`},
				{line: 4, col: 19, summary: `^malformed region "mars-1"$`},
				{line: 5, col: 10, summary: `^exclude: expected a list`},
				{line: 6, col: 19, summary: `^require_replicas: expected true or false`},
				{line: 7, col: 1, summary: `^unknown key "extra"$`},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, diags := Load(file, []byte(tt.yaml))
			if cfg == nil {
				t.Fatal("Load returned a nil config")
			}
			checkDiags(t, diags, tt.want)
		})
	}
}

func checkDiags(t *testing.T, diags model.Diagnostics, wants []want) {
	t.Helper()
	if len(diags) != len(wants) {
		t.Fatalf("got %d diagnostics, want %d:\n%v", len(diags), len(wants), diags)
	}
	for i, w := range wants {
		d := diags[i]
		if d.Subject.Filename != file || d.Subject.Start.Line != w.line || d.Subject.Start.Column != w.col {
			t.Errorf("diagnostic %d at %s, want %s:%d:%d: %v", i, d.Subject, file, w.line, w.col, d)
		}
		if d.Subject.Start.Byte != -1 || d.Subject.End.Byte != -1 {
			t.Errorf("diagnostic %d: byte offsets %d, %d, want -1", i, d.Subject.Start.Byte, d.Subject.End.Byte)
		}
		if w.endCol != 0 && (d.Subject.End.Line != w.line || d.Subject.End.Column != w.endCol) {
			t.Errorf("diagnostic %d ends at %d:%d, want %d:%d", i, d.Subject.End.Line, d.Subject.End.Column, w.line, w.endCol)
		}
		if wantSev := map[bool]model.DiagSeverity{false: model.DiagError, true: model.DiagWarning}[w.warning]; d.Severity != wantSev {
			t.Errorf("diagnostic %d is a %s, want a %s: %v", i, d.Severity, wantSev, d)
		}
		if !regexp.MustCompile(w.summary).MatchString(d.Summary) {
			t.Errorf("diagnostic %d summary %q does not match %q", i, d.Summary, w.summary)
		}
		for _, s := range w.detail {
			if !strings.Contains(d.Detail, s) {
				t.Errorf("diagnostic %d detail %q does not contain %q", i, d.Detail, s)
			}
		}
	}
}

// TestLoadErrorDetailsListRules checks that the details of rule-ID errors
// name every rule of the catalogue with its name.
func TestLoadErrorDetailsListRules(t *testing.T) {
	_, diags := Load(file, []byte("rules:\n  enable: [nope]\n"))
	if len(diags) != 1 {
		t.Fatalf("got %v, want one diagnostic", diags)
	}
	for _, r := range rules.All {
		if s := fmt.Sprintf("%s (%s)", r.ID, r.Name); !strings.Contains(diags[0].Detail, s) {
			t.Errorf("detail %q does not list %s", diags[0].Detail, s)
		}
	}
}

func TestLoadEmpty(t *testing.T) {
	for _, src := range []string{"", "\n\n", "# only a comment\n", "---\n", "~\n", "null\n", "---\n...\n"} {
		cfg, diags := Load(file, []byte(src))
		if diags != nil {
			t.Errorf("Load(%q): unexpected diagnostics %v", src, diags)
		}
		if d := cmp.Diff(&Config{Path: file}, cfg); d != "" {
			t.Errorf("Load(%q) (-want +got):\n%s", src, d)
		}
	}
}

// TestLoadNulls checks that a key without a value is the same as a key left
// out, as when every item of a list is commented out.
func TestLoadNulls(t *testing.T) {
	src := `version:
rules:
  enable:
    # - DDB101
  disable:
  severity:
allowed_regions:
trusted_accounts:
critical_tables:
  tags:
  names:
require_replicas:
require_backup_plan:
export_buckets: ~
exclude: null
`
	cfg, diags := Load(file, []byte(src))
	if diags != nil {
		t.Errorf("unexpected diagnostics %v", diags)
	}
	if d := cmp.Diff(&Config{Path: file}, cfg); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

func TestLoadFull(t *testing.T) {
	src := `# yaml-language-server: $schema=https://raw.githubusercontent.com/dynamoguard/dynamoguard/main/docs/config.schema.json
version: 1
rules:
  enable: [DDB101, ddb201, DDB203]
  disable: [DDB102]
  severity:
    ddb203: HIGH
    DDB101: critical
allowed_regions: [us-east-1, eu-west-1, us-gov-west-1, cn-northwest-1, eusc-de-east-1]
trusted_accounts: ["111122223333", 444455556666, "012345678901"]
critical_tables:
  tags: {criticality: high, backup: "*", tier: 1, pii: true}
  names: ["orders-*", payments, "**"]
require_replicas: true
require_backup_plan: false
export_buckets: ["*-ddb-exports", "acme-{dev,prod}-exports"]
exclude: ["legacy/**", "**/testdata/**"]
`
	want := &Config{
		Path: file,
		Rules: Rules{
			Enable:   []string{"DDB101", "DDB201", "DDB203"},
			Disable:  []string{"DDB102"},
			Severity: map[string]rules.Severity{"DDB203": rules.High, "DDB101": rules.Critical},
		},
		AllowedRegions:  []string{"us-east-1", "eu-west-1", "us-gov-west-1", "cn-northwest-1", "eusc-de-east-1"},
		TrustedAccounts: []string{"111122223333", "444455556666", "012345678901"},
		CriticalTables: CriticalTables{
			Tags:  map[string]string{"criticality": "high", "backup": "*", "tier": "1", "pii": "true"},
			Names: []string{"orders-*", "payments", "**"},
		},
		RequireReplicas: true,
		ExportBuckets:   []string{"*-ddb-exports", "acme-{dev,prod}-exports"},
		Exclude:         []string{"legacy/**", "**/testdata/**"},
	}
	cfg, diags := Load(file, []byte(src))
	if diags != nil {
		t.Errorf("unexpected diagnostics:\n%v", diags)
	}
	if d := cmp.Diff(want, cfg); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

// TestLoadAnchors checks that anchors, aliases and merge keys load as the
// values they stand for, and that a key written in a mapping wins over a
// merged one.
func TestLoadAnchors(t *testing.T) {
	src := `allowed_regions: &regions [us-east-1, eu-west-1]
rules: &rules
  disable: [DDB102]
  severity: {DDB101: high}
critical_tables:
  names: *regions
  tags:
    <<: [{env: prod, team: core}, {env: dev, owner: ops}]
    team: data
`
	want := &Config{
		Path:           file,
		AllowedRegions: []string{"us-east-1", "eu-west-1"},
		Rules: Rules{
			Disable:  []string{"DDB102"},
			Severity: map[string]rules.Severity{"DDB101": rules.High},
		},
		CriticalTables: CriticalTables{
			Names: []string{"us-east-1", "eu-west-1"},
			Tags:  map[string]string{"env": "prod", "team": "data", "owner": "ops"},
		},
	}
	cfg, diags := Load(file, []byte(src))
	if diags != nil {
		t.Errorf("unexpected diagnostics:\n%v", diags)
	}
	if d := cmp.Diff(want, cfg); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

// TestLoadPartial checks that the valid parts of a file with errors are
// loaded.
func TestLoadPartial(t *testing.T) {
	src := "allowed_regions: [us-east-1, nowhere]\nexclude: [a, \"[\"]\nrequire_replicas: maybe\nrequire_backup_plan: true\n"
	cfg, diags := Load(file, []byte(src))
	if got := len(diags); got != 3 {
		t.Errorf("got %d diagnostics, want 3:\n%v", got, diags)
	}
	want := &Config{Path: file, AllowedRegions: []string{"us-east-1"}, Exclude: []string{"a"}, RequireBackupPlan: true}
	if d := cmp.Diff(want, cfg); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

// TestLoadAliasBomb checks that a "billion laughs" document is refused with
// a diagnostic, quickly, wherever the bomb sits.
func TestLoadAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("x0: &a0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n")
	for i := 1; i < 10; i++ {
		fmt.Fprintf(&b, "x%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]\n", i, i, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1)
	}
	for _, tt := range []struct {
		tail      string
		line, col int // the alias with the largest expansion
	}{
		{"", 10, 10},
		{"exclude: *a9\n", 11, 10},
		{"rules:\n  enable: *a9\n", 12, 11},
	} {
		src := b.String() + tt.tail
		done := make(chan model.Diagnostics, 1)
		go func() {
			_, diags := Load(file, []byte(src))
			done <- diags
		}()
		select {
		case diags := <-done:
			checkDiags(t, diags, []want{{line: tt.line, col: tt.col, summary: `^excessive aliasing$`, detail: []string{"more than 10000 nodes", "write the values out"}}})
		case <-time.After(10 * time.Second):
			t.Fatalf("Load of an alias bomb (tail %q) did not return within 10s", tt.tail)
		}
	}
}

// TestLoadAliasesWithinLimit checks that ordinary reuse of anchors is not
// taken for a bomb.
func TestLoadAliasesWithinLimit(t *testing.T) {
	var b strings.Builder
	b.WriteString("allowed_regions: &r [us-east-1, us-east-2, us-west-1, us-west-2, eu-west-1, eu-west-2, eu-central-1, ap-south-1]\ncritical_tables:\n  names: &n [")
	for i := range 200 {
		fmt.Fprintf(&b, "t%d, ", i)
	}
	b.WriteString("last]\nexport_buckets: *n\nexclude: *n\n")
	cfg, diags := Load(file, []byte(b.String()))
	if diags != nil {
		t.Fatalf("unexpected diagnostics:\n%v", diags)
	}
	if got := len(cfg.Exclude); got != 201 {
		t.Errorf("got %d exclude globs, want 201", got)
	}
}

// FuzzLoad checks that Load never panics, never returns a nil config, and
// places every diagnostic in the file.
func FuzzLoad(f *testing.F) {
	for _, s := range []string{
		"", "rules:\n  enable: [DDB101\n", "exclude: &x [a, *x]\n", "critical_tables:\n  tags: {<<: *y}\n",
		"rules:\n  <<: [{enable: [DDB101]}, 5]\n", "trusted_accounts: [0123, 1e12]\n", "? - a\n: b\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, diags := Load(file, data)
		if cfg == nil {
			t.Fatal("nil config")
		}
		for _, d := range diags {
			if d.Subject.Filename != file || d.Subject.Start.Line < 1 || d.Subject.Start.Column < 1 || d.Summary == "" || d.Detail == "" {
				t.Errorf("diagnostic without a place or text: %#v", d)
			}
		}
	})
}
