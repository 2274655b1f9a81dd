package subset

import (
	"encoding/binary"
	"fmt"
	"math/bits"
	"slices"
	"strings"
)

// sfnt versions of the table directory.
// https://learn.microsoft.com/en-us/typography/opentype/spec/otff#table-directory
const (
	versionTrueType = 0x00010000
	versionApple    = 0x74727565 // 'true'
	versionCFF      = 0x4F54544F // 'OTTO'
	versionTTC      = 0x74746366 // 'ttcf'
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
	if len(font) < 12 {
		return nil, malformed("%d bytes is too short for an sfnt header", len(font))
	}
	switch v := binary.BigEndian.Uint32(font); v {
	case versionTrueType, versionApple:
	case versionCFF:
		return nil, fmt.Errorf("%w: CFF outlines ('OTTO')", ErrNotTrueType)
	case versionTTC:
		return nil, ErrCollection
	default:
		return nil, malformed("unknown sfnt version %#08x", v)
	}
	// numTables is a uint16, and the loop below stays within the 16-byte
	// records the file actually holds.
	n := int(binary.BigEndian.Uint16(font[4:]))
	if 12+16*n > len(font) {
		return nil, malformed("table directory of %d tables runs past the end of the file", n)
	}
	dir := make(map[string][]byte, len(usedTags))
	for i := range n {
		rec := font[12+16*i : 28+16*i]
		tag := string(rec[:4])
		off := uint64(binary.BigEndian.Uint32(rec[8:]))
		length := uint64(binary.BigEndian.Uint32(rec[12:]))
		// Checked for every table, used or not: a table past the end
		// means the file was cut short.
		if off+length > uint64(len(font)) {
			return nil, malformed("%q table runs past the end of the file", tag)
		}
		if _, dup := dir[tag]; dup || !usedTags[tag] {
			continue
		}
		dir[tag] = font[off : off+length : off+length]
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
