// Package config loads .dynamoguard.yml, the project configuration file: which
// rules run and at which severity, the settings some rules read (allowed
// regions, trusted accounts, critical tables, export buckets) and the paths
// to leave out of a scan. Every problem in the file is a model.Diagnostic with
// the line and column it is at; the JSON Schema of the file is
// docs/config.schema.json, and a test keeps the two in step.
package config

import (
	"io/fs"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/dynamoguard/dynamoguard/model"
	"github.com/dynamoguard/dynamoguard/rules"
)

// FileNames are the names looked for at the scan root, in order.
var FileNames = []string{".dynamoguard.yml", ".dynamoguard.yaml"}

// Config is the content of a configuration file. The zero Config is what
// applies when there is no file: every rule at its default severity, no
// region or account restriction, no critical table, nothing excluded.
type Config struct {
	// Path is the file it was read from ("" for the zero config).
	Path string
	// Rules selects the rules to run and overrides their severities.
	Rules Rules
	// AllowedRegions (allowed_regions) are the AWS regions replicas may be
	// in; empty means any region (DDB501 does not apply).
	AllowedRegions []string
	// TrustedAccounts (trusted_accounts) are the 12-digit AWS account IDs
	// that cross-account access and exports may go to.
	TrustedAccounts []string
	// CriticalTables (critical_tables) selects the tables that must be
	// replicated to another region (DDB503).
	CriticalTables CriticalTables
	// RequireReplicas (require_replicas) makes every table, not only the
	// critical ones, need a replica in another region.
	RequireReplicas bool
	// RequireBackupPlan (require_backup_plan) makes DDB204 apply even when
	// the project has no AWS Backup plan.
	RequireBackupPlan bool
	// ExportBuckets (export_buckets) are bucket-name globs (doublestar
	// syntax) of buckets that receive table exports, in addition to those
	// the scanner recognises.
	ExportBuckets []string
	// Exclude (exclude) are doublestar globs, relative to the scan root, of
	// files and folders not to scan.
	Exclude []string
	// Suppressions (suppressions) is the suppression policy.
	Suppressions Suppressions
}

// Suppressions is the suppressions section.
type Suppressions struct {
	// NoPeerSyntax is set by suppressions.peer_syntax: false: the other
	// tools' suppressions (Checkov, Trivy, tfsec, cfn_nag, Guard) are not
	// read; dynamoguard's own still are.
	NoPeerSyntax bool
}

// Rules is the rules section: which rules run and at which severity. IDs are
// canonical (upper case) and each is in rules.All.
type Rules struct {
	// Enable (rules.enable), when not empty, runs only these rules.
	Enable []string
	// Disable (rules.disable) are rules not to run.
	Disable []string
	// Severity (rules.severity) overrides the default severity of a rule,
	// by ID.
	Severity map[string]rules.Severity
}

// CriticalTables says which tables are critical. A table is critical when
// its name matches one of Names or it carries all of Tags.
type CriticalTables struct {
	// Tags (critical_tables.tags) is a tag selector: a table with all of
	// these tags (key: value) is critical; the value "*" matches any value.
	// An empty selector selects no table.
	Tags map[string]string
	// Names (critical_tables.names) are table-name globs (doublestar syntax,
	// matched against the table name).
	Names []string
}

// Find returns the first of FileNames that exists as a regular file at the
// root of fsys.
func Find(fsys fs.FS) (name string, ok bool) {
	for _, n := range FileNames {
		if fi, err := fs.Stat(fsys, n); err == nil && fi.Mode().IsRegular() {
			return n, true
		}
	}
	return "", false
}

// IsCritical reports whether the table with the given name and tags is
// critical: its name matches a glob of CriticalTables.Names, or it has every
// tag of CriticalTables.Tags. nameKnown and tagsComplete say whether the
// name is known and whether every tag of the table is in tags; when what is
// not known could make the table critical, decided is false. A nil Config
// has no critical tables.
func (c *Config) IsCritical(name string, nameKnown bool, tags map[string]string, tagsComplete bool) (critical, decided bool) {
	if c == nil {
		return false, true
	}
	decided = true
	if len(c.CriticalTables.Names) > 0 {
		if !nameKnown {
			decided = false
		}
		for _, p := range c.CriticalTables.Names {
			if ok, _ := doublestar.Match(p, name); ok && nameKnown {
				return true, true
			}
		}
	}
	sel := c.CriticalTables.Tags
	if len(sel) == 0 {
		return false, decided
	}
	missing := false
	for k, want := range sel {
		got, ok := tags[k]
		switch {
		case !ok:
			missing = true
		case want != anyTagValue && got != want:
			return false, decided // a tag it has rules it out
		}
	}
	if !missing {
		return true, true
	}
	return false, decided && tagsComplete
}

// anyTagValue is the tag-selector value that matches any value of the tag.
const anyTagValue = "*"

// Load reads a configuration file; name is used in diagnostics and as
// Config.Path. It always returns a Config: the parts of the file that are
// valid, with every problem found as a diagnostic (errors and warnings,
// sorted by position). An empty file (or one with only comments) is the
// zero config with Path set, without diagnostics.
func Load(name string, data []byte) (*Config, model.Diagnostics) {
	l := &loader{src: newSource(name, data), cfg: &Config{Path: name}}
	l.load()
	return l.cfg, l.diagnostics()
}
