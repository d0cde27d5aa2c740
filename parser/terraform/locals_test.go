package terraform

import (
	"fmt"
	"strings"
	"testing"
)

// TestLongLocalsChain: locals are evaluated in dependency order, each once;
// a long chain takes linear time (evaluating in passes took quadratic time:
// minutes for a few tens of thousands of locals).
func TestLongLocalsChain(t *testing.T) {
	const n = 20000
	var b strings.Builder
	b.WriteString("locals {\n")
	for i := n; i > 0; i-- {
		fmt.Fprintf(&b, "  l%d = local.l%d\n", i, i-1)
	}
	b.WriteString("  l0 = \"end\"\n}\n")
	files := map[string]string{"main.tf": nameTable + "local.l" + fmt.Sprint(n) + "\n}\n", "locals.tf": b.String()}
	p, diags := loadFiles(t, files, Options{})
	if name := onlyTable(t, p, diags).Name; name.Value != "end" {
		t.Errorf("name = %+v, want end", name)
	}
}

// TestLocalsCycles: every local in a cycle is warned about, including one
// that is reached from the cycle by a second path; locals that only depend
// on a cycle are unknown without a warning of their own.
func TestLocalsCycles(t *testing.T) {
	src := `locals {
  a = local.b
  b = local.c
  c = [local.a, local.d]
  d = local.b
  e = local.a
  f = local.f
  g = "ok"
}
`
	p, diags := loadFiles(t, map[string]string{"main.tf": nameTable + "\"${local.e}${local.g}\"\n}\n", "l.tf": src}, Options{})
	var cyclic []string
	for _, d := range diags {
		if d.Summary == "Reference cycle" {
			cyclic = append(cyclic, strings.Fields(d.Detail)[0])
		}
	}
	if d := diff([]string{"local.a", "local.b", "local.c", "local.d", "local.f"}, cyclic); d != "" {
		t.Errorf("locals warned as cyclic (-want +got):\n%s", d)
	}
	name := onlyTable(t, p, diags).Name
	if !name.IsUnknown() || name.Reason != "local.e depends on a reference cycle" {
		t.Errorf("name = %+v, want unknown through local.e", name)
	}
}
