package fix

import (
	"fmt"
	"strings"
)

// segment is one step of an attribute path: a name, and for a list item
// chosen by its region ("replica[eu-west-1]") the key.
type segment struct {
	name, key string
	keyed     bool
}

// splitPath splits an attribute path in the file's dialect
// ("replica[eu-west-1].point_in_time_recovery") into segments.
func splitPath(path string) ([]segment, error) {
	var segs []segment
	for _, part := range strings.Split(path, ".") {
		s := segment{name: part}
		if i := strings.IndexByte(part, '['); i >= 0 {
			if !strings.HasSuffix(part, "]") {
				return nil, fmt.Errorf("cannot read attribute path %q", path)
			}
			s = segment{name: part[:i], key: part[i+1 : len(part)-1], keyed: true}
		}
		if s.name == "" {
			return nil, fmt.Errorf("cannot read attribute path %q", path)
		}
		segs = append(segs, s)
	}
	if len(segs) == 0 || segs[len(segs)-1].keyed {
		return nil, fmt.Errorf("attribute path %q does not end with an attribute", path)
	}
	return segs, nil
}
