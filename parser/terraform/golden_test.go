package terraform

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dynamoguard/dynamoguard/model"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/golden")

// TestGolden loads each directory of testdata/golden as a module and
// compares the project and diagnostics with <dir>.out.json.
func TestGolden(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("testdata", "golden", "*"))
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range dirs {
		if info, err := os.Stat(dir); err != nil || !info.IsDir() {
			continue
		}
		t.Run(filepath.Base(dir), func(t *testing.T) {
			got := goldenOutput(t, dir)
			golden := dir + ".out.json"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if d := cmp.Diff(string(want), string(got)); d != "" {
				t.Errorf("%s differs (-want +got); run go test -update if intended:\n%s", golden, d)
			}
		})
	}
}

// goldenOutput loads dir and renders the result as indented JSON.
func goldenOutput(t *testing.T, dir string) []byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	m := Module{Dir: dir, FS: os.DirFS(dir)}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		src := SourceFile{Name: e.Name(), Data: data}
		switch name := e.Name(); {
		case strings.HasSuffix(name, ".tf"), strings.HasSuffix(name, ".tf.json"):
			m.Files = append(m.Files, src)
		case name == "terraform.tfvars", strings.HasSuffix(name, ".auto.tfvars"), strings.HasSuffix(name, ".auto.tfvars.json"):
			m.VarFiles = append(m.VarFiles, src)
		}
	}
	p, diags := loadModule(m, Options{})
	out, err := json.MarshalIndent(struct {
		Project     *model.Project    `json:"project"`
		Diagnostics model.Diagnostics `json:"diagnostics"`
	}{p, diags}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(out, '\n')
}
