package terraform

import (
	"strings"
	"testing"

	"github.com/dynamoguard/dynamoguard/model"
)

// TestDeepNesting: input nested deeper than HCL can parse or evaluate
// without exhausting the stack (a fatal error, not a panic) is refused with
// an error, and the rest of the module is still analysed. The brackets and
// templates are deep enough to kill the process when not refused.
func TestDeepNesting(t *testing.T) {
	good := "resource \"aws_dynamodb_table\" \"good\" {\n  name = \"good\"\n}\n"
	inputs := map[string]string{
		"brackets":   "locals {\n  a = " + strings.Repeat("[", 120000) + strings.Repeat("]", 120000) + "\n}\n",
		"templates":  "locals {\n  a = " + strings.Repeat(`"${`, 60000) + "1" + strings.Repeat(`}"`, 60000) + "\n}\n",
		"operators":  "locals {\n  a = " + strings.Repeat("!", 20000) + "true\n}\n",
		"conditions": "locals {\n  a = (" + strings.Repeat("true ?\n 1 :\n ", 6000) + "1)\n}\n",
		"indexes":    "locals {\n  a = [[1]]" + strings.Repeat("[local.i]", 12000) + "\n}\n",
	}
	for name, src := range inputs {
		t.Run(name, func(t *testing.T) {
			p, diags := loadFiles(t, map[string]string{"deep.tf": src, "main.tf": good}, Options{})
			if len(p.DynamoDB.Tables) != 1 {
				t.Errorf("got %d tables, want the one in main.tf", len(p.DynamoDB.Tables))
			}
			if len(diags) != 1 || diags[0].Summary != "Nesting too deep" || diags[0].Subject.Filename != "deep.tf" {
				t.Errorf("want one error in deep.tf, got %v", diags)
			}
		})
	}
	deepJSON := map[string]string{
		"JSON":                      `{"locals": {"a": ` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + `}}`,
		"template in a JSON string": `{"locals": {"a": "${` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + `}"}}`,
	}
	for name, src := range deepJSON {
		t.Run(name, func(t *testing.T) {
			_, diags := loadFiles(t, map[string]string{"deep.tf.json": src}, Options{})
			if len(diags) != 1 || diags[0].Summary != "Nesting too deep" {
				t.Errorf("want one error, got %v", diags)
			}
		})
	}
	t.Run("templatefile", func(t *testing.T) {
		files := map[string]string{
			"main.tf":  nameTable + "templatefile(\"deep.tpl\", {})\n}\n",
			"deep.tpl": strings.Repeat("%{ if true }", 2000) + strings.Repeat("%{ endif }", 2000),
		}
		p, _ := loadFiles(t, files, Options{})
		if name := onlyTable(t, p, nil).Name; !name.IsUnknown() || !strings.Contains(name.Reason, "deep.tpl") {
			t.Errorf("name = %+v, want unknown because of deep.tpl", name)
		}
	})
	t.Run("var", func(t *testing.T) {
		files := map[string]string{"main.tf": nameTable + "var.v\n}\nvariable \"v\" {}\n"}
		deep := strings.Repeat("[", 10000) + strings.Repeat("]", 10000)
		p, _ := loadFiles(t, files, Options{Vars: map[string]string{"v": deep}})
		if name := onlyTable(t, p, nil).Name; name.Value != deep {
			t.Errorf("name = %.40q…, want the raw string", name.Value)
		}
	})
}

// TestRealisticNestingIsAccepted: long files, heredocs, lists and templates
// that follow each other flat are far from the limit however long they are.
func TestRealisticNestingIsAccepted(t *testing.T) {
	var b strings.Builder
	b.WriteString("locals {\n  policy = <<EOT\n")
	for i := 0; i < 1500; i++ {
		b.WriteString("  \"${var.x}\": [{\"a\": \"%{ if true }b%{ endif }\"}],\n")
	}
	b.WriteString("EOT\n  list = [\n")
	for i := 0; i < 1500; i++ {
		b.WriteString("    -1 + 2 * (3 - 4),\n")
	}
	b.WriteString("  ]\n  nested = " + strings.Repeat("[", 100) + strings.Repeat("]", 100) + "\n")
	for i := 0; i < 1500; i++ {
		b.WriteString("  l" + strings.Repeat("x", i%7) + "_" + strings.Repeat("y", i/7) + " = !true || 1 > 2 && 3 < 4 || !false # comment\n")
	}
	b.WriteString("  t = templatefile(\"flat.tpl\", {})\n}\nvariable \"x\" { default = \"k\" }\n")
	files := map[string]string{
		"main.tf":  b.String(),
		"flat.tpl": strings.Repeat("%{ if true }a%{ endif }${1 + 1}\n", 4000),
		"main.tf.json": `{"locals": {"a": ` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `, "b": "${` +
			strings.Repeat("!", 5000) + `true}", "c": "` + strings.Repeat("%{ if true }a%{ endif }", 2000) + `"}}`,
	}
	_, diags := loadFiles(t, files, Options{})
	for _, d := range diags {
		if d.Severity == model.DiagError || strings.Contains(d.Detail, "nest") {
			t.Errorf("%v", d)
		}
	}
}
