package cloudformation

// tagsUnknown says why some Tags of o (a list of Key/Value pairs, or a
// mapping when mapping is set) could not be read; "" when all could.
func tagsUnknown(o *object, mapping bool) string {
	m, ok := o.get("Tags")
	if !ok {
		return ""
	}
	if mapping {
		to, ok := m.val.obj()
		if !ok {
			return describe("Tags", m.val)
		}
		for _, mem := range to.members {
			if _, ok := mem.val.scalar(); !ok {
				return describe("Tags."+mem.name, mem.val)
			}
		}
		return ""
	}
	items, ok := m.val.list()
	if !ok {
		return describe("Tags", m.val)
	}
	for _, it := range items {
		to, ok := it.obj()
		if !ok {
			return describe("a tag", it)
		}
		for _, name := range []string{"Key", "Value"} {
			mem, ok := to.get(name)
			if !ok {
				return "a tag has no " + name
			}
			if _, ok := mem.val.scalar(); !ok {
				return describe("Tags[]."+name, mem.val)
			}
		}
	}
	return ""
}
