package subset

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
	"slices"
	"strings"

	"posterkit/fonts/internal/sfnt"
)

// usedTags are the tables Subset reads or copies.
var usedTags = map[string]bool{
	"head": true, "hhea": true, "hmtx": true, "maxp": true, "loca": true,
	"glyf": true, "cmap": true, "post": true,
	"OS/2": true, "name": true, "cvt ": true, "fpgm": true, "prep": true, "gasp": true,
}

// readDirectory returns the tables of font that Subset uses, by tag. Of
// duplicated tags the first entry wins.
func readDirectory(font []byte) (map[string][]byte, error) {
	version, tables, err := sfnt.Directory(font)
	var dirErr *sfnt.Error
	if errors.As(err, &dirErr) && len(font) < 12 {
		return nil, malformed("%s", dirErr.Reason)
	}
	switch version {
	case sfnt.VersionTrueType, sfnt.VersionApple:
	case sfnt.VersionCFF:
		return nil, fmt.Errorf("%w: CFF outlines ('OTTO')", ErrNotTrueType)
	case sfnt.VersionTTC:
		return nil, ErrCollection
	default:
		return nil, malformed("unknown sfnt version %#08x", version)
	}
	if errors.As(err, &dirErr) {
		return nil, malformed("%s", dirErr.Reason)
	}
	dir := make(map[string][]byte, len(usedTags))
	for tag, data := range sfnt.Map(tables) {
		if usedTags[tag] {
			dir[tag] = data
		}
	}
	return dir, nil
}

type table struct {
	tag  string
	data []byte
}

// writeFont lays tables out after a directory sorted by tag, each on a
// 4-byte boundary, and sets head.checkSumAdjustment.
// https://learn.microsoft.com/en-us/typography/opentype/spec/otff#calculating-checksums
func writeFont(version uint32, tables []table) []byte {
	// Byte order of the tags is their order as big-endian uint32s.
	slices.SortFunc(tables, func(a, b table) int { return strings.Compare(a.tag, b.tag) })
	n := len(tables)
	size := 12 + 16*n
	for _, t := range tables {
		size += pad4(len(t.data))
	}
	out := make([]byte, 12+16*n, size)
	binary.BigEndian.PutUint32(out, version)
	binary.BigEndian.PutUint16(out[4:], uint16(n))
	// searchRange is 16 × the largest power of two ≤ numTables.
	log2 := bits.Len(uint(n)) - 1
	searchRange := 16 << log2
	binary.BigEndian.PutUint16(out[6:], uint16(searchRange))
	binary.BigEndian.PutUint16(out[8:], uint16(log2))
	binary.BigEndian.PutUint16(out[10:], uint16(16*n-searchRange))

	headAt := -1
	for i, t := range tables {
		rec := out[12+16*i:]
		copy(rec, t.tag)
		binary.BigEndian.PutUint32(rec[4:], checksum(t.data))
		binary.BigEndian.PutUint32(rec[8:], uint32(len(out)))
		binary.BigEndian.PutUint32(rec[12:], uint32(len(t.data)))
		if t.tag == "head" {
			headAt = len(out)
		}
		out = append(out, t.data...)
		out = append(out, make([]byte, pad4(len(t.data))-len(t.data))...)
	}
	if headAt >= 0 {
		// head's own checksum was taken with checkSumAdjustment zero, as
		// the spec requires.
		binary.BigEndian.PutUint32(out[headAt+8:], 0xB1B0AFBA-checksum(out))
	}
	return out
}

// checksum is the sum of b as big-endian uint32s, zero-padded to a multiple
// of four bytes.
func checksum(b []byte) uint32 {
	var sum uint32
	for len(b) >= 4 {
		sum += binary.BigEndian.Uint32(b)
		b = b[4:]
	}
	var last [4]byte
	copy(last[:], b)
	return sum + binary.BigEndian.Uint32(last[:])
}

func pad4(n int) int { return (n + 3) &^ 3 }
