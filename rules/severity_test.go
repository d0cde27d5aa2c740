package rules

import "testing"

func TestParseSeverity(t *testing.T) {
	for _, s := range []Severity{Note, Low, Medium, High, Critical} {
		got, err := ParseSeverity(s.String())
		if err != nil || got != s {
			t.Errorf("ParseSeverity(%q) = %v, %v", s, got, err)
		}
	}
	if got, err := ParseSeverity("HIGH"); err != nil || got != High {
		t.Errorf("ParseSeverity(HIGH) = %v, %v", got, err)
	}
	if _, err := ParseSeverity("urgent"); err == nil {
		t.Error("ParseSeverity(urgent) gave no error")
	}
	if High <= Medium || Critical <= High || Low <= Note {
		t.Error("severities are not ordered")
	}
}
