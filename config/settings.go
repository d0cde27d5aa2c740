package config

import "github.com/dynamoguard/dynamoguard/rules"

// Settings are the configuration's settings for the rules that read
// them.
func (c *Config) Settings() rules.Settings {
	return rules.Settings{
		AllowedRegions:    c.AllowedRegions,
		TrustedAccounts:   c.TrustedAccounts,
		RequireReplicas:   c.RequireReplicas,
		RequireBackupPlan: c.RequireBackupPlan,
		ExportBuckets:     c.ExportBuckets,
		IsCritical:        c.IsCritical,
	}
}
