package model

import "testing"

// TestTemplateTags checks that each core tag reads back from its name, and
// that other tags are not core ones.
func TestTemplateTags(t *testing.T) {
	for tag := TagMap; tag < templateTags; tag++ {
		if got, ok := CoreTemplateTag(tag.String()); !ok || got != tag {
			t.Errorf("CoreTemplateTag(%q) = %v, %v; want %v", tag.String(), got, ok, tag)
		}
	}
	for _, name := range []string{"", "!Ref", "!!other", "tag:yaml.org,2002:str"} {
		if got, ok := CoreTemplateTag(name); ok {
			t.Errorf("CoreTemplateTag(%q) = %v; want no core tag", name, got)
		}
	}
	if TagOther.String() != "" || TagStr.String() != "!!str" {
		t.Errorf("TagOther %q, TagStr %q; want \"\" and \"!!str\"", TagOther.String(), TagStr.String())
	}
}
