package sarif

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dynamoguard/dynamoguard/model"
	"github.com/dynamoguard/dynamoguard/rules"
)

// TestSuppressions checks that suppressed and baselined findings stay
// results, with a suppression that has every property set (the SARIF
// Multitool rejects null ones): kind, status, justification, location and a
// deterministic guid.
func TestSuppressions(t *testing.T) {
	s := testScan()
	fs := s.Result.Findings
	fs[0].Suppression = &rules.Suppression{Kind: rules.InSource, Justification: "rebuilt nightly", Syntax: "dynamoguard",
		Location: "main.tf:4", Range: model.Range{Filename: "main.tf", Start: model.Pos{Line: 4, Column: 1}, End: model.Pos{Line: 4, Column: 30}}}
	fs[1].Suppression = &rules.Suppression{Kind: rules.External, Justification: "accepted in the baseline .dynamoguard-baseline.json",
		Syntax: "baseline", Location: ".dynamoguard-baseline.json", Range: model.Range{Filename: ".dynamoguard-baseline.json"}}
	out := write(t, s)
	var log struct {
		Runs []struct {
			Results []struct {
				Suppressions []map[string]any `json:"suppressions"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(out, &log); err != nil {
		t.Fatal(err)
	}
	res := log.Runs[0].Results
	if len(res) != len(fs) {
		t.Fatalf("%d results, want %d: suppressed findings stay results", len(res), len(fs))
	}
	type sup struct{ Kind, Status, Justification, URI string }
	var got []sup
	for _, r := range res[:2] {
		if len(r.Suppressions) != 1 {
			t.Fatalf("suppressions %v, want one", r.Suppressions)
		}
		x := r.Suppressions[0]
		for k, v := range x {
			if v == nil {
				t.Errorf("suppression property %s is null", k)
			}
		}
		if g, _ := x["guid"].(string); len(g) != 36 || g[14] != '5' {
			t.Errorf("guid %q", g)
		}
		uri := x["location"].(map[string]any)["physicalLocation"].(map[string]any)["artifactLocation"].(map[string]any)["uri"].(string)
		got = append(got, sup{x["kind"].(string), x["status"].(string), x["justification"].(string), uri})
	}
	want := []sup{
		{"inSource", "accepted", "rebuilt nightly", "main.tf"},
		{"external", "accepted", "accepted in the baseline .dynamoguard-baseline.json", ".dynamoguard-baseline.json"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("suppressions -want +got:\n%s", diff)
	}
	if len(res[2].Suppressions) != 0 {
		t.Errorf("a finding that counts has suppressions %v", res[2].Suppressions)
	}
	if string(write(t, s)) != string(out) {
		t.Error("not deterministic")
	}
}
