package plan

import (
	"bytes"
	"io"

	"github.com/dynamoguard/dynamoguard/model"
)

// lineReader counts the lines of what it reads, so that a byte offset the
// decoder has reached can be turned into a line and column. It keeps only
// the line breaks read ahead of the last offset asked for: offsets are
// asked for in increasing order.
type lineReader struct {
	r io.Reader
	// read is how many bytes were read; pending the offsets of the line
	// breaks not yet passed.
	read    int64
	pending []int64
	// line is the line of lineStart, the offset of its first byte.
	line      int
	lineStart int64
}

func (l *lineReader) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for i := 0; i < n; {
		j := bytes.IndexByte(p[i:n], '\n')
		if j < 0 {
			break
		}
		l.pending = append(l.pending, l.read+int64(i+j))
		i += j + 1
	}
	l.read += int64(n)
	return n, err
}

// pos is the position of offset off.
func (l *lineReader) pos(off int64) model.Pos {
	i := 0
	for i < len(l.pending) && l.pending[i] < off {
		l.line, l.lineStart = l.line+1, l.pending[i]+1
		i++
	}
	if i > 0 {
		l.pending = append(l.pending[:0], l.pending[i:]...)
	}
	return model.Pos{Line: l.line, Column: int(off-l.lineStart) + 1, Byte: int(off)}
}
