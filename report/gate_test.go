package report

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/dynamoguard/dynamoguard/rules"
)

// gateScan is testScan with its first finding suppressed in the source,
// its last in the baseline, and two baseline entries gone.
func gateScan(t *testing.T) *Scan {
	s := testScan(t)
	fs := s.Result.Findings
	fs[0].Suppression = &rules.Suppression{Kind: rules.InSource, Justification: "rebuilt nightly", Syntax: "dynamoguard",
		Location: "main.tf:4", Range: rng("main.tf", 4, 1, 4, 40)}
	fs[len(fs)-1].Suppression = &rules.Suppression{Kind: rules.External, Justification: "accepted in the baseline b.json",
		Syntax: "baseline", Location: "b.json", Range: rng("b.json", 0, 0, 0, 0)}
	s.BaselineName, s.BaselineGone = "b.json", 2
	return s
}

func TestMarkdown(t *testing.T) {
	var b bytes.Buffer
	if err := WriteMarkdown(&b, gateScan(t), MarkdownOptions{LinkBase: "https://github.com/o/r/blob/abc/"}); err != nil {
		t.Fatal(err)
	}
	golden(t, "gate.md", b.Bytes())
}

func TestMarkdownLimit(t *testing.T) {
	s := testScan(t)
	f := s.Result.Findings[0]
	s.Result.Findings = nil
	for i := 0; i < 2000; i++ {
		s.Result.Findings = append(s.Result.Findings, f)
	}
	var b bytes.Buffer
	if err := WriteMarkdown(&b, s, MarkdownOptions{}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if len([]rune(out)) > MarkdownLimit {
		t.Errorf("report of %d characters, over the limit %d", len([]rune(out)), MarkdownLimit)
	}
	shown := strings.Count(out, "\n- **medium**")
	if !strings.Contains(out, "… and "+strconv.Itoa(2000-shown)+" more new findings not shown here") || shown == 0 || shown == 2000 {
		t.Errorf("%d findings shown, and the tail: %q", shown, out[len(out)-120:])
	}
	if !strings.Contains(out, "| **total** | **2000** | **0** | **0** |") {
		t.Errorf("the summary table does not count every finding")
	}
}

func TestGitHub(t *testing.T) {
	var b bytes.Buffer
	s := gateScan(t)
	s.Result.Findings[1].Message = "100% wrong, twice:\nline two\r"
	s.Result.Findings[1].Range.Filename = "modules/db,x/main:1.tf"
	if err := WriteGitHub(&b, s); err != nil {
		t.Fatal(err)
	}
	golden(t, "gate.github", b.Bytes())
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("want one annotation (the finding that counts) and the summary (two lines), got:\n%s", b.String())
	}
	want := "::warning file=modules/db%2Cx/main%3A1.tf,line=12,col=15,endLine=12,endColumn=23,title=DDB201 pitr-disabled::[medium] 100%25 wrong, twice:%0Aline two%0D ("
	if !strings.HasPrefix(lines[0], want) {
		t.Errorf("annotation\n%s\nwant prefix\n%s", lines[0], want)
	}
	if !strings.HasPrefix(lines[2], "2 baselined findings no longer occur") {
		t.Errorf("summary %q does not report the gone entries", lines[2])
	}
}

func TestTextCountsSuppressedApart(t *testing.T) {
	var b bytes.Buffer
	if err := WriteText(&b, gateScan(t), TextOptions{}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"1 finding (critical 0, high 0, medium 1, low 0, note 0)", "2 suppressed (1 in the source, 1 in the baseline)",
		"2 baselined findings no longer occur: remove them with dynamoguard baseline"} {
		if !strings.Contains(out, want) {
			t.Errorf("text report lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "[DDB101]") {
		t.Errorf("suppressed findings are listed:\n%s", out)
	}
}
