package config

import (
	"testing"
	"testing/fstest"
)

func TestFind(t *testing.T) {
	file := &fstest.MapFile{Data: []byte("exclude: [legacy/**]\n")}
	tests := []struct {
		name   string
		fsys   fstest.MapFS
		want   string
		wantOK bool
	}{
		{"yml", fstest.MapFS{".dynamoguard.yml": file, "main.tf": file}, ".dynamoguard.yml", true},
		{"yaml", fstest.MapFS{".dynamoguard.yaml": file}, ".dynamoguard.yaml", true},
		{"both: .yml first", fstest.MapFS{".dynamoguard.yaml": file, ".dynamoguard.yml": file}, ".dynamoguard.yml", true},
		{"a folder of that name is skipped", fstest.MapFS{".dynamoguard.yml/x": file, ".dynamoguard.yaml": file}, ".dynamoguard.yaml", true},
		{"only a folder", fstest.MapFS{".dynamoguard.yml/x": file}, "", false},
		{"not at the root", fstest.MapFS{"sub/.dynamoguard.yml": file}, "", false},
		{"other names", fstest.MapFS{"dynamoguard.yml": file, ".dynamoguard.json": file}, "", false},
		{"empty", fstest.MapFS{}, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Find(tt.fsys)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("Find() = %q, %v; want %q, %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestIsCritical(t *testing.T) {
	cfg := &Config{CriticalTables: CriticalTables{
		Tags:  map[string]string{"criticality": "high", "owner": "*"},
		Names: []string{"orders-*", "payments", "ledger-{eu,us}"},
	}}
	tests := []struct {
		name  string
		cfg   *Config
		table string
		tags  map[string]string
		want  bool
	}{
		{"name glob", cfg, "orders-2024", nil, true},
		{"exact name", cfg, "payments", nil, true},
		{"alternatives", cfg, "ledger-eu", nil, true},
		{"name matches no glob", cfg, "payments-archive", nil, false},
		{"glob is anchored", cfg, "old-orders-1", nil, false},
		{"names are case-sensitive", cfg, "Payments", nil, false},
		{"all tags", cfg, "users", map[string]string{"criticality": "high", "owner": "team-a", "env": "prod"}, true},
		{"a tag missing", cfg, "users", map[string]string{"criticality": "high"}, false},
		{"a tag value differs", cfg, "users", map[string]string{"criticality": "low", "owner": "team-a"}, false},
		{"* needs the tag set", cfg, "users", map[string]string{"criticality": "high", "Owner": "x"}, false},
		{"* matches an empty value", cfg, "users", map[string]string{"criticality": "high", "owner": ""}, true},
		{"unknown name matches no glob", &Config{CriticalTables: CriticalTables{Names: []string{"*"}}}, "", nil, false},
		{"any name", &Config{CriticalTables: CriticalTables{Names: []string{"*"}}}, "t", nil, true},
		{"an empty selector selects nothing", &Config{}, "orders", map[string]string{"criticality": "high"}, false},
		{"nil config", nil, "orders-1", map[string]string{"criticality": "high"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			known := tt.table != "" // "" stands for a name that is not known
			got, decided := tt.cfg.IsCritical(tt.table, known, tt.tags, true)
			if got != tt.want {
				t.Errorf("IsCritical(%q, %v) = %v, want %v", tt.table, tt.tags, got, tt.want)
			}
			if known && !decided {
				t.Errorf("IsCritical(%q, %v) is undecided with everything known", tt.table, tt.tags)
			}
		})
	}
}

// TestIsCriticalUndecided: what is not known about a table leaves its
// criticality undecided only when it could make the table critical.
func TestIsCriticalUndecided(t *testing.T) {
	names := &Config{CriticalTables: CriticalTables{Names: []string{"orders-*"}}}
	tags := &Config{CriticalTables: CriticalTables{Tags: map[string]string{"tier": "critical"}}}
	both := &Config{CriticalTables: CriticalTables{Names: []string{"orders-*"}, Tags: map[string]string{"tier": "critical"}}}
	tests := []struct {
		name                    string
		cfg                     *Config
		table                   string
		nameKnown               bool
		tags                    map[string]string
		tagsComplete            bool
		wantCritical, wantKnown bool
	}{
		{"unknown name, name globs", names, "", false, nil, true, false, false},
		{"unknown name, tags only", tags, "", false, map[string]string{"tier": "low"}, true, false, true},
		{"unknown name, critical by tag", both, "", false, map[string]string{"tier": "critical"}, true, true, true},
		{"missing tag, tags incomplete", tags, "t", true, nil, false, false, false},
		{"other tag value, tags incomplete", tags, "t", true, map[string]string{"tier": "low"}, false, false, true},
		{"critical by name, tags incomplete", both, "orders-1", true, nil, false, true, true},
		{"missing tag, tags complete", tags, "t", true, nil, true, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			critical, decided := tt.cfg.IsCritical(tt.table, tt.nameKnown, tt.tags, tt.tagsComplete)
			if critical != tt.wantCritical || decided != tt.wantKnown {
				t.Errorf("IsCritical = %v, %v; want %v, %v", critical, decided, tt.wantCritical, tt.wantKnown)
			}
		})
	}
}

// TestIsCriticalLoaded checks IsCritical on a loaded file, so that the
// globs and tags read from YAML are the ones matched.
func TestIsCriticalLoaded(t *testing.T) {
	cfg, diags := Load(".dynamoguard.yml", []byte("critical_tables:\n  tags: {tier: 1}\n  names: [\"orders-*\"]\n"))
	if diags != nil {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	critical := func(name string, tags map[string]string) bool {
		c, _ := cfg.IsCritical(name, true, tags, true)
		return c
	}
	if !critical("orders-eu", nil) || !critical("users", map[string]string{"tier": "1"}) || critical("users", map[string]string{"tier": "2"}) {
		t.Errorf("IsCritical disagrees with %+v", cfg.CriticalTables)
	}
}
