// Package sfnt reads the table directory of sfnt font files (TrueType,
// OpenType, and TrueType collections): the one reader that package fonts
// (metrics, cutting a font out of a collection) and fonts/subset share. It
// checks that every table lies inside the file and knows nothing of what the
// tables hold.
//
// Specification: https://learn.microsoft.com/en-us/typography/opentype/spec/otff#table-directory
package sfnt

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
)

// sfnt versions at the start of a font file.
const (
	VersionTrueType = 0x00010000
	VersionApple    = 0x74727565 // 'true'
	VersionCFF      = 0x4F54544F // 'OTTO'
	VersionTTC      = 0x74746366 // 'ttcf'
)

// ErrMalformed is returned, wrapped with what was wrong, for a directory
// that is truncated or points outside the file.
var ErrMalformed = errors.New("sfnt: malformed font")

// Error is what was wrong with a directory; it matches ErrMalformed.
type Error struct{ Reason string }

func (e *Error) Error() string        { return ErrMalformed.Error() + ": " + e.Reason }
func (e *Error) Is(target error) bool { return target == ErrMalformed }

func malformed(format string, args ...any) error {
	return &Error{Reason: fmt.Sprintf(format, args...)}
}

// Table is one entry of a table directory with the bytes it points at.
type Table struct {
	Tag  string
	Data []byte // capacity limited to the table: appending never reaches the next
}

// Directory returns the version and the tables of a single-font file, in
// directory order, duplicates included. Every table is checked to lie
// inside data, used or not: a table past the end means the file was cut
// short. The version is returned unchecked; a collection is read as its
// first font only by FirstOfCollection.
func Directory(data []byte) (uint32, []Table, error) {
	if len(data) < 12 {
		return 0, nil, malformed("%d bytes is too short for an sfnt header", len(data))
	}
	version := binary.BigEndian.Uint32(data)
	// numTables is a uint16, and the loop below stays within the 16-byte
	// records the file actually holds.
	n := int(binary.BigEndian.Uint16(data[4:]))
	if 12+16*n > len(data) {
		return version, nil, malformed("its table directory of %d tables runs to byte %d", n, 12+16*n)
	}
	tables := make([]Table, 0, n)
	for i := range n {
		rec := data[12+16*i : 28+16*i]
		tag := string(rec[:4])
		off := uint64(binary.BigEndian.Uint32(rec[8:]))
		length := uint64(binary.BigEndian.Uint32(rec[12:]))
		if off+length > uint64(len(data)) {
			return version, nil, malformed("its %s table runs to byte %d", strings.TrimSpace(tag), off+length)
		}
		tables = append(tables, Table{Tag: tag, Data: data[off : off+length : off+length]})
	}
	return version, tables, nil
}

// Map returns the tables of Directory by tag; of duplicated tags the first
// entry wins.
func Map(tables []Table) map[string][]byte {
	m := make(map[string][]byte, len(tables))
	for _, t := range tables {
		if _, dup := m[t.Tag]; !dup {
			m[t.Tag] = t.Data
		}
	}
	return m
}

// FirstOfCollection returns the first font of a TrueType collection as a
// standalone font file: its table directory with the tables copied after
// it, each on a 4-byte boundary
// (https://learn.microsoft.com/en-us/typography/opentype/spec/otff#font-collections).
func FirstOfCollection(ttc []byte) ([]byte, error) {
	be := binary.BigEndian
	if len(ttc) < 16 || be.Uint32(ttc[8:]) == 0 {
		return nil, errors.New("empty collection")
	}
	off := int(be.Uint32(ttc[12:]))
	if off < 0 || off+12 > len(ttc) {
		return nil, errors.New("collection's first font is out of range")
	}
	n := int(be.Uint16(ttc[off+4:]))
	if off+12+16*n > len(ttc) {
		return nil, errors.New("table directory out of range")
	}
	head := 12 + 16*n
	out := make([]byte, head, len(ttc))
	copy(out, ttc[off:off+head])
	for i := 0; i < n; i++ {
		rec := out[12+16*i:]
		toff, tlen := int(be.Uint32(rec[8:])), int(be.Uint32(rec[12:]))
		if toff < 0 || tlen < 0 || toff+tlen > len(ttc) {
			return nil, errors.New("table out of range")
		}
		be.PutUint32(rec[8:], uint32(len(out)))
		out = append(out, ttc[toff:toff+tlen]...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	return out, nil
}
