package suppress

import (
	"embed"

	"github.com/dynamoguard/dynamoguard/rules"
)

// docs holds the Terraform snippets of the rules' documentation; a test
// scans each: bad.tf gives a finding of the rule, good.tf none.
//
//go:embed testdata/doc
var docs embed.FS

func example(id string) rules.Example {
	read := func(name string) string {
		b, err := docs.ReadFile("testdata/doc/" + id + "/" + name)
		if err != nil {
			panic(err) // the files are embedded: a test reads each
		}
		return string(b)
	}
	return rules.Example{Bad: read("bad.tf"), Good: read("good.tf")}
}

// The rules of suppressions themselves. Their IDs are the DDB0xx family,
// outside the catalogue's DDB1xx–DDB6xx: they are about the suppressions
// written in the source, not about the infrastructure. Their findings are
// notes, so they fail the gate only with --fail-on note.
var (
	NoReason = &rules.Rule{
		ID: "DDB001", Name: "suppression-without-reason", Title: "A suppression gives no reason",
		Severity: rules.Note, CWE: "CWE-1078", Precision: "very-high",
		Doc: rules.Doc{
			Why: "A suppression accepts a risk on behalf of the team. Without a reason the next reader cannot tell a " +
				"deliberate decision from a shortcut, and nobody can review it. The suppression still applies; this note asks for the reason.",
			FixTerraform:      "Write the reason after `--`: `# dynamoguard:ignore DDB201 -- staging data is rebuilt nightly`.",
			FixCloudFormation: "Give each `Metadata.dynamoguard.ignore` entry a `reason`, or write the reason after `--` in a comment.",
			Terraform:         example("DDB001"),
		},
	}
	Unused = &rules.Rule{
		ID: "DDB002", Name: "suppression-unused", Title: "A suppression matches no finding",
		Severity: rules.Note, CWE: "CWE-1164", Precision: "very-high",
		Doc: rules.Doc{
			Why: "A suppression that matches nothing is stale (the problem was fixed), misplaced (it is not on or directly above " +
				"the block or attribute of the finding) or names the wrong rule. Left in place it would silently hide the problem " +
				"if it came back somewhere else in the block.",
			FixTerraform:      "Remove the comment, or move it onto the line of the resource, module block or attribute reported, or the line above it.",
			FixCloudFormation: "Remove the entry, or move the comment onto the line of the resource's logical ID or property, or the line above it.",
			Terraform:         example("DDB002"),
		},
	}
	UnknownRule = &rules.Rule{
		ID: "DDB003", Name: "suppression-unknown-rule", Title: "A suppression names a rule that does not exist",
		Severity: rules.Note, CWE: "CWE-1164", Precision: "very-high",
		Doc: rules.Doc{
			Why:               "A misspelt rule ID suppresses nothing, while the comment suggests that the finding was accepted.",
			FixTerraform:      "Use an ID of `dynamoguard rules`, such as `DDB201`.",
			FixCloudFormation: "Use an ID of `dynamoguard rules`, such as `DDB201`.",
			Terraform:         example("DDB003"),
		},
	}
	Malformed = &rules.Rule{
		ID: "DDB004", Name: "suppression-malformed", Title: "A suppression cannot be read",
		Severity: rules.Note, CWE: "CWE-1164", Precision: "very-high",
		Doc: rules.Doc{
			Why: "A suppression with no rule ID, or an expiry date that is not YYYY-MM-DD, suppresses nothing: the findings it was " +
				"meant for still count, and this note says why.",
			FixTerraform:      "Write `# dynamoguard:ignore DDB201 exp:2027-01-31 -- reason`.",
			FixCloudFormation: "Write `Metadata: {dynamoguard: {ignore: [{id: DDB201, reason: \"…\", expires: 2027-01-31}]}}`.",
			Terraform:         example("DDB004"),
		},
	}
	Expired = &rules.Rule{
		ID: "DDB005", Name: "suppression-expired", Title: "A suppression has expired",
		Severity: rules.Note, CWE: "CWE-1164", Precision: "very-high",
		Doc: rules.Doc{
			Why: "A suppression with an expiry date stops applying after that day: the finding it covered counts again and " +
				"fails the gate as any other. This note points at the suppression.",
			FixTerraform:      "Fix the finding, or extend `exp:` after reviewing the decision again.",
			FixCloudFormation: "Fix the finding, or extend `expires` after reviewing the decision again.",
			Terraform:         example("DDB005"),
		},
	}
)

// Rules are the suppression rules, in ID order.
var Rules = []*rules.Rule{NoReason, Unused, UnknownRule, Malformed, Expired}
