package spelling

import "testing"

func TestDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"abc", "abc", 0}, {"abc", "acb", 1}, {"abc", "", 3}, {"kitten", "sitting", 3}, {"é", "e", 1},
	} {
		if got := Distance(tc.a, tc.b); got != tc.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestClosest(t *testing.T) {
	words := []string{"allowed_regions", "trusted_accounts", "rules", "rulez"}
	for _, tc := range []struct{ s, want string }{
		{"allowed_regionz", "allowed_regions"}, {"trusted_acounts", "trusted_accounts"}, {"rulex", ""}, {"zzz", ""},
	} {
		if got := Closest(tc.s, words, 2); got != tc.want {
			t.Errorf("Closest(%q) = %q, want %q", tc.s, got, tc.want)
		}
	}
}
