package rules

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/dynamoguard/dynamoguard/internal/workers"
	"github.com/dynamoguard/dynamoguard/model"
)

// Result is what a run of the rules produced.
type Result struct {
	Findings []Finding `json:"findings"`
	Skipped  []Skipped `json:"skipped,omitempty"`
}

// Options say which rules run and how.
type Options struct {
	// Rules are the rules to run, in catalogue order.
	Rules []*Rule
	// Severity overrides the default severity of rules, by ID.
	Severity map[string]Severity
	// Settings are handed to every rule.
	Settings Settings
}

// Run runs the rules over the project and returns the findings sorted by
// file, line, column, then rule ID.
func Run(p *model.Project, opts Options) Result {
	// The rules run on GOMAXPROCS workers, each into a result of its own;
	// the results are joined in the rules' order, so that the findings do
	// not depend on the scheduling. The rules only read the project.
	results := make([]ruleResult, len(opts.Rules))
	shared := &runShared{}
	workers.Each(len(opts.Rules), 0, func(i int) {
		r := opts.Rules[i]
		sev := r.Severity
		if s, ok := opts.Severity[r.ID]; ok {
			sev = s
		}
		r.Check(&Pass{Project: p, Settings: &opts.Settings, rule: r, severity: sev, result: &results[i], running: opts.Rules, shared: shared})
	})
	var res Result
	nf, ns := 0, 0
	for i := range results {
		for _, b := range results[i].found.blocks {
			nf += len(b)
		}
		ns += len(results[i].skipped)
	}
	res.Findings = make([]Finding, 0, nf)
	res.Skipped = make([]Skipped, 0, ns)
	for i := range results {
		for _, b := range results[i].found.blocks {
			res.Findings = append(res.Findings, b...)
		}
		res.Skipped = append(res.Skipped, results[i].skipped...)
		results[i] = ruleResult{} // the copy is all that is kept
	}
	SortFindings(res.Findings)
	res.Skipped = mergeSkipped(res.Skipped)
	return res
}

// ruleResult is what one rule of a run reported.
type ruleResult struct {
	found   findingBlocks
	skipped []Skipped
}

// findingBlocks are a rule's findings in blocks that are never grown, so
// that a rule reporting thousands does not copy them again at every
// doubling of one list: a finding is large. The blocks grow from 8
// findings to 256.
type findingBlocks struct {
	blocks [][]Finding
}

func (l *findingBlocks) add(f Finding) {
	k := len(l.blocks)
	if k == 0 || len(l.blocks[k-1]) == cap(l.blocks[k-1]) {
		size := 8
		if k > 0 {
			size = min(2*cap(l.blocks[k-1]), 256)
		}
		l.blocks = append(l.blocks, make([]Finding, 0, size))
		k++
	}
	l.blocks[k-1] = append(l.blocks[k-1], f)
}

// last is the finding added last.
func (l *findingBlocks) last() *Finding {
	b := l.blocks[len(l.blocks)-1]
	return &b[len(b)-1]
}

// SortFindings sorts findings by file, line, column, then rule ID and
// attribute, keeping the order of findings that tie. A finding is large:
// the order is found on their indexes, and each finding then moved once,
// in place.
func SortFindings(fs []Finding) {
	order := make([]int32, len(fs))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(i, j int32) int {
		a, b := &fs[i], &fs[j]
		if a.Range != b.Range {
			switch {
			case model.RangeLess(a.Range, b.Range):
				return -1
			case model.RangeLess(b.Range, a.Range):
				return 1
			}
			return 0 // the same start: kept in order
		}
		return cmp.Or(strings.Compare(a.RuleID, b.RuleID), strings.Compare(a.Attribute, b.Attribute))
	})
	// order[i] is where the finding that goes to i is: follow each cycle
	// of the permutation, marking each place done by pointing it at
	// itself.
	for i := range order {
		if order[i] == int32(i) {
			continue
		}
		first := fs[i]
		j := int32(i)
		for {
			k := order[j]
			order[j] = j
			if k == int32(i) {
				fs[j] = first
				break
			}
			fs[j] = fs[k]
			j = k
		}
	}
}

// mergeSkipped sorts the skipped checks and merges those of several rules
// about the same attribute into one, listing the rules.
func mergeSkipped(in []Skipped) []Skipped {
	sort.SliceStable(in, func(i, j int) bool {
		a, b := &in[i], &in[j]
		if a.Range != b.Range {
			return model.RangeLess(a.Range, b.Range)
		}
		if a.Resource.Address != b.Resource.Address {
			return a.Resource.Address < b.Resource.Address
		}
		if a.Attribute != b.Attribute {
			return a.Attribute < b.Attribute
		}
		return a.RuleIDs[0] < b.RuleIDs[0]
	})
	var out []Skipped
	for _, s := range in {
		if n := len(out); n > 0 {
			last := &out[n-1]
			if last.Range == s.Range && last.Resource.Address == s.Resource.Address && last.Reason == s.Reason {
				last.RuleIDs = append(last.RuleIDs, s.RuleIDs...)
				continue
			}
		}
		out = append(out, s)
	}
	return out
}

// ByID returns the rule with the given ID (case-insensitive), or nil.
func ByID(id string) *Rule {
	for _, r := range All {
		if strings.EqualFold(r.ID, id) {
			return r
		}
	}
	return nil
}

var (
	idPattern      = regexp.MustCompile(`^DDB[1-9][0-9]{2}$`)
	controlPattern = regexp.MustCompile(`^DynamoDB\.[1-9][0-9]*$`)
)

// Select returns the rules of All to run: only those in enable (when it is
// not empty), minus those in disable. An unknown ID is an error that lists
// the valid ones.
func Select(enable, disable []string) ([]*Rule, error) {
	want := map[string]bool{}
	for _, id := range enable {
		r := ByID(id)
		if r == nil {
			return nil, unknownID(id)
		}
		want[r.ID] = true
	}
	skip := map[string]bool{}
	for _, id := range disable {
		r := ByID(id)
		if r == nil {
			return nil, unknownID(id)
		}
		skip[r.ID] = true
	}
	var out []*Rule
	for _, r := range All {
		if (len(want) == 0 || want[r.ID]) && !skip[r.ID] {
			out = append(out, r)
		}
	}
	return out, nil
}

func unknownID(id string) error {
	ids := make([]string, len(All))
	for i, r := range All {
		ids[i] = r.ID
	}
	return fmt.Errorf("unknown rule %q (valid: %s)", id, strings.Join(ids, ", "))
}

// Validate checks the registry: IDs well-formed, unique and sorted, names
// unique, every documentation field set.
func Validate(set []*Rule) error {
	var errs []string
	seenID, seenName := map[string]bool{}, map[string]bool{}
	for i, r := range set {
		if !idPattern.MatchString(r.ID) {
			errs = append(errs, fmt.Sprintf("rule %q: ID must match %s", r.ID, idPattern))
		}
		if seenID[r.ID] {
			errs = append(errs, fmt.Sprintf("rule %s: duplicate ID", r.ID))
		}
		if seenName[r.Name] {
			errs = append(errs, fmt.Sprintf("rule %s: duplicate name %q", r.ID, r.Name))
		}
		seenID[r.ID], seenName[r.Name] = true, true
		if i > 0 && set[i-1].ID >= r.ID {
			errs = append(errs, fmt.Sprintf("rule %s: registry not sorted by ID", r.ID))
		}
		for field, v := range map[string]string{
			"Name": r.Name, "Title": r.Title, "CWE": r.CWE, "Precision": r.Precision,
			"Doc.Why": r.Doc.Why, "Doc.FixTerraform": r.Doc.FixTerraform,
			"Doc.FixCloudFormation": r.Doc.FixCloudFormation,
		} {
			if strings.TrimSpace(v) == "" {
				errs = append(errs, fmt.Sprintf("rule %s: %s is empty", r.ID, field))
			}
		}
		formats := 0
		for name, ex := range map[string]Example{"Terraform": r.Doc.Terraform, "CloudFormation": r.Doc.CloudFormation} {
			switch bad, good := strings.TrimSpace(ex.Bad) != "", strings.TrimSpace(ex.Good) != ""; {
			case bad && good:
				formats++
			case bad != good:
				errs = append(errs, fmt.Sprintf("rule %s: Doc.%s has only one of Bad and Good", r.ID, name))
			}
		}
		if formats == 0 {
			errs = append(errs, fmt.Sprintf("rule %s: Doc has no example in any format", r.ID))
		}
		if r.Check == nil {
			errs = append(errs, fmt.Sprintf("rule %s: Check is nil", r.ID))
		}
		for i, c := range r.Controls {
			if !controlPattern.MatchString(c) {
				errs = append(errs, fmt.Sprintf("rule %s: control %q must match %s", r.ID, c, controlPattern))
			}
			if i > 0 && r.Controls[i-1] >= c {
				errs = append(errs, fmt.Sprintf("rule %s: controls not sorted or duplicate", r.ID))
			}
		}
	}
	sort.Strings(errs)
	if len(errs) > 0 {
		return fmt.Errorf("invalid rule registry:\n%s", strings.Join(errs, "\n"))
	}
	return nil
}
