package suppress

import (
	"fmt"
	"strings"
)

// catalogue lists every rule of the design's catalogue, registered or not,
// so that the mapping table shows, for each, the peers' checks that map to
// it (or that none does).
var catalogue = []struct{ ID, Name string }{
	{"DDB101", "table-aws-owned-key"}, {"DDB102", "table-aws-managed-key"}, {"DDB103", "replica-not-cmk"},
	{"DDB104", "dax-not-encrypted"}, {"DDB105", "dax-endpoint-not-tls"}, {"DDB106", "stream-destination-not-encrypted"},
	{"DDB107", "cmk-rotation-disabled"}, {"DDB108", "backup-vault-not-cmk"}, {"DDB109", "export-not-kms"},
	{"DDB110", "cmk-policy-public"},
	{"DDB201", "pitr-disabled"}, {"DDB202", "replica-pitr-disabled"}, {"DDB203", "deletion-protection-disabled"},
	{"DDB204", "table-not-in-backup-plan"},
	{"DDB301", "export-bucket-public"}, {"DDB302", "export-bucket-broad-actions"}, {"DDB303", "export-bucket-insecure-transport"},
	{"DDB304", "export-bucket-public-access-not-blocked"}, {"DDB305", "export-to-any-bucket"}, {"DDB306", "export-cross-account"},
	{"DDB401", "iam-dynamodb-full-wildcard"}, {"DDB402", "iam-dynamodb-partial-wildcard"}, {"DDB403", "iam-dynamodb-any-table"},
	{"DDB404", "partiql-broad-access"}, {"DDB405", "resource-policy-public"}, {"DDB406", "resource-policy-cross-account"},
	{"DDB407", "vpc-endpoint-full-access"},
	{"DDB501", "replica-unapproved-region"}, {"DDB502", "replica-weaker-than-primary"}, {"DDB503", "critical-table-unreplicated"},
	{"DDB504", "legacy-global-table"},
	{"DDB601", "provisioned-without-autoscaling"},
}

// MappingTable renders the peer mapping as a Markdown table, one row per
// rule of the catalogue: the checks of Checkov, Trivy/tfsec, cfn_nag and
// Guard whose suppressions suppress it ("—": none has the same meaning).
func MappingTable() string {
	tools := []string{"checkov", "trivy", "cfn_nag", "guard"}
	var b strings.Builder
	b.WriteString("| rule | Checkov | Trivy / tfsec | cfn_nag | Guard |\n|---|---|---|---|---|\n")
	for _, r := range catalogue {
		fmt.Fprintf(&b, "| `%s` %s |", r.ID, r.Name)
		for _, tool := range tools {
			var ids []string
			for _, p := range Peers {
				if p.Tool == tool && contains(p.Rules, r.ID) {
					ids = append(ids, "`"+strings.Join(p.IDs, "` / `")+"`")
				}
			}
			if len(ids) == 0 {
				ids = []string{"—"}
			}
			b.WriteString(" " + strings.Join(ids, "<br>") + " |")
		}
		b.WriteString("\n")
	}
	return b.String()
}
