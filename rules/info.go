package rules

import "strings"

// Info is a rule's metadata in the one shape every machine-readable output
// uses: the rules of a JSON report and `rules --format json`.
type Info struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Title    string `json:"title"`
	Severity string `json:"severity"`
	// CWE is the weakness, as "CWE-311".
	CWE string `json:"cwe"`
	// Precision is SARIF's precision: very-high, high, medium or low.
	Precision string `json:"precision"`
	// Tags classify the rule, as in the SARIF rule's properties.tags:
	// "security", "dynamodb" and the CWE as GitHub spells it
	// ("external/cwe/cwe-311").
	Tags []string `json:"tags"`
	// Controls are the AWS Security Hub controls the rule evidences
	// ("DynamoDB.2"); never null.
	Controls []string `json:"controls"`
	// DocURL is the address of the rule's documentation page.
	DocURL string `json:"doc_url"`
}

// Info returns the rule's metadata, with its default severity.
func (r *Rule) Info() Info {
	return Info{
		ID:        r.ID,
		Name:      r.Name,
		Title:     r.Title,
		Severity:  r.Severity.String(),
		CWE:       r.CWE,
		Precision: r.Precision,
		Tags:      r.tags(),
		Controls:  append([]string{}, r.Controls...),
		DocURL:    r.DocURL(),
	}
}

// tags returns the rule's tags, never nil: "security", "dynamodb", its
// CWE as GitHub code scanning recognises it ("external/cwe/cwe-311"), and
// each Security Hub control it evidences ("aws-securityhub/DynamoDB.2").
func (r *Rule) tags() []string {
	tags := []string{"security", "dynamodb"}
	if cwe, ok := strings.CutPrefix(r.CWE, "CWE-"); ok && cwe != "" {
		tags = append(tags, "external/cwe/cwe-"+cwe)
	}
	for _, c := range r.Controls {
		tags = append(tags, "aws-securityhub/"+c)
	}
	return tags
}
