// Package subset owns cutting a TrueType (glyf-outline) font down to the
// glyphs a document uses, renumbered densely, so the PDF backend can embed
// it as a CIDFontType2 with Identity-H encoding. It writes only the tables a
// PDF renderer reads; shaping, layout and the PDF objects that refer to the
// new glyph IDs are left to callers.
//
// It is written by hand because no pure-Go subsetter fits: the font readers
// posterkit already depends on (golang.org/x/image/font/sfnt,
// go-text/typesetting) do not write fonts, the subsetters inside Go PDF
// libraries (gofpdf, gopdf) come only with the whole PDF writer, and the
// standalone ones (seehuhn.de/go/sfnt, tdewolff/font) would bring a second
// font stack with its own parsers for a job of a few hundred lines. CFF-flavoured fonts are
// not subset at all: callers embed them whole (see ErrNotTrueType).
//
// Specification: https://learn.microsoft.com/en-us/typography/opentype/spec/
package subset

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
)

var (
	// ErrNotTrueType is returned for CFF-flavoured OpenType ('OTTO') and
	// for fonts without glyf or loca tables: callers embed those whole.
	ErrNotTrueType = errors.New("subset: not a TrueType-outline font")
	// ErrCollection is returned for a TrueType collection ('ttcf'); pass
	// one member font instead.
	ErrCollection = errors.New("subset: font collections (TTC) are not supported; pass a single font")
	// ErrMalformed is returned, wrapped with what was wrong, for data that
	// is truncated or inconsistent.
	ErrMalformed = errors.New("subset: malformed font")
	// ErrGlyphRange is returned when a requested glyph ID is not below the
	// font's glyph count.
	ErrGlyphRange = errors.New("subset: glyph ID out of range")
)

func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrMalformed}, args...)...)
}

// copiedTags are the tables written unchanged when present. Hinting
// programs (cvt, fpgm, prep) are kept because glyphs' own instructions call
// into them; layout tables (GSUB, GPOS, GDEF, kern) are dropped because the
// PDF places glyphs by ID and position.
var copiedTags = []string{"OS/2", "name", "cvt ", "fpgm", "prep", "gasp"}

// Subset returns a TrueType font holding .notdef and the glyphs gids (old
// glyph IDs), plus every component glyph of composite glyphs among them
// (recursively), renumbered densely in ascending order of old ID: new ID 0
// is .notdef. It returns the font bytes and the old→new ID map.
//
// The order of gids and duplicates in it do not matter; the same input
// gives the same bytes. Subset does not modify font or gids and is safe for
// concurrent use.
func Subset(font []byte, gids []uint16) (out []byte, newID map[uint16]uint16, err error) {
	out, newID, _, err = SubsetWithComposites(font, gids, nil)
	return out, newID, err
}

// Component is one glyph of a composite that SubsetWithComposites adds:
// an original glyph ID and its offset in font units (y up) from the
// composite's origin.
type Component struct {
	GID    uint16
	DX, DY int16
}

// Composite is a glyph that SubsetWithComposites adds: its components and
// its advance width in font units. One without components is an empty
// glyph, drawing nothing (the PDF backend's carrier of a cluster's marks'
// text).
type Composite struct {
	Components []Component
	Advance    uint16
}

// maxCompositeComponents bounds one synthesized composite; HarfBuzz
// clusters of a base letter with its marks have a handful of glyphs.
const maxCompositeComponents = 64

// SubsetWithComposites is Subset plus new composite glyphs, one per entry
// of composites, each drawing its components at their offsets (TrueType
// composite glyphs, ARGS_ARE_XY_VALUES). The PDF backend uses them to draw
// a cluster of several glyphs (an Arabic letter and its dots, a base and its
// marks) as one glyph, which then has exactly one ToUnicode entry. The new
// glyphs come after the kept ones, in order; compositeID[i] is the ID of
// composites[i].
func SubsetWithComposites(font []byte, gids []uint16, composites []Composite) (out []byte, newID map[uint16]uint16, compositeID []uint16, err error) {
	out, newID, compositeID, err = subset(font, gids, composites)
	return
}

func subset(font []byte, gids []uint16, composites []Composite) (out []byte, newID map[uint16]uint16, compositeID []uint16, err error) {
	dir, err := readDirectory(font)
	if err != nil {
		return nil, nil, nil, err
	}
	for _, tag := range []string{"glyf", "loca"} {
		if _, ok := dir[tag]; !ok {
			return nil, nil, nil, fmt.Errorf("%w: no %s table", ErrNotTrueType, tag)
		}
	}
	t := map[string][]byte{}
	for _, tag := range []string{"head", "hhea", "hmtx", "maxp", "loca", "glyf"} {
		b, ok := dir[tag]
		if !ok {
			return nil, nil, nil, malformed("no %s table", tag)
		}
		t[tag] = b
	}

	// https://learn.microsoft.com/en-us/typography/opentype/spec/head
	head := t["head"]
	if len(head) < 54 {
		return nil, nil, nil, malformed("head table is %d bytes, want 54", len(head))
	}
	locFormat := int16(binary.BigEndian.Uint16(head[50:]))
	// https://learn.microsoft.com/en-us/typography/opentype/spec/maxp
	maxp := t["maxp"]
	if len(maxp) < 6 {
		return nil, nil, nil, malformed("maxp table is %d bytes, want at least 6", len(maxp))
	}
	numGlyphs := int(binary.BigEndian.Uint16(maxp[4:]))
	if numGlyphs == 0 {
		return nil, nil, nil, malformed("maxp.numGlyphs is 0")
	}

	g, err := newGlyphs(t["glyf"], t["loca"], locFormat, numGlyphs)
	if err != nil {
		return nil, nil, nil, err
	}
	all := slices.Clone(gids)
	for _, c := range composites {
		if len(c.Components) > maxCompositeComponents {
			return nil, nil, nil, fmt.Errorf("subset: a composite needs at most %d components, got %d", maxCompositeComponents, len(c.Components))
		}
		for _, comp := range c.Components {
			all = append(all, comp.GID)
		}
	}
	for _, id := range all {
		if int(id) >= numGlyphs {
			return nil, nil, nil, fmt.Errorf("%w: glyph %d, font has %d", ErrGlyphRange, id, numGlyphs)
		}
	}
	if len(composites) > 0xFFFF-numGlyphs {
		return nil, nil, nil, fmt.Errorf("subset: too many glyphs")
	}
	keep, err := g.closure(all)
	if err != nil {
		return nil, nil, nil, err
	}

	// newOf maps old to new IDs; keep is in ascending order of old ID.
	newOf := make([]uint16, numGlyphs)
	newID = make(map[uint16]uint16, len(keep))
	for i, old := range keep {
		newOf[old] = uint16(i)
		newID[old] = uint16(i)
	}

	glyf, loca, err := g.write(keep, newOf)
	if err != nil {
		return nil, nil, nil, err
	}
	hhea, hmtx, err := writeHmtx(t["hhea"], t["hmtx"], numGlyphs, keep)
	if err != nil {
		return nil, nil, nil, err
	}
	total := len(keep)
	if len(composites) > 0 {
		glyf, loca, hmtx, err = g.addComposites(glyf, loca, hmtx, keep, newOf, composites)
		if err != nil {
			return nil, nil, nil, err
		}
		for i := range composites {
			compositeID = append(compositeID, uint16(len(keep)+i))
		}
		total += len(composites)
		binary.BigEndian.PutUint16(hhea[34:], uint16(total))
	}
	maps, err := readCmap(dir["cmap"], numGlyphs, newOf)
	if err != nil {
		return nil, nil, nil, err
	}

	newHead := slices.Clone(head[:54])
	binary.BigEndian.PutUint32(newHead[8:], 0)  // checkSumAdjustment, set once the font is assembled
	binary.BigEndian.PutUint16(newHead[50:], 1) // indexToLocFormat: long offsets
	newMaxp := slices.Clone(maxp)
	binary.BigEndian.PutUint16(newMaxp[4:], uint16(total))
	if len(composites) > 0 && len(newMaxp) >= 32 {
		// maxComponentElements and maxComponentDepth (maxp version 1.0):
		// the new composites add one level above their components.
		elems := binary.BigEndian.Uint16(newMaxp[28:])
		for _, c := range composites {
			elems = max(elems, uint16(len(c.Components)))
		}
		binary.BigEndian.PutUint16(newMaxp[28:], elems)
		binary.BigEndian.PutUint16(newMaxp[30:], binary.BigEndian.Uint16(newMaxp[30:])+1)
	}

	tables := []table{
		{"glyf", glyf}, {"loca", loca}, {"head", newHead}, {"hhea", hhea},
		{"hmtx", hmtx}, {"maxp", newMaxp}, {"cmap", writeCmap(maps)}, {"post", writePost(dir["post"])},
	}
	for _, tag := range copiedTags {
		if b, ok := dir[tag]; ok {
			tables = append(tables, table{tag, b})
		}
	}
	out = writeFont(binary.BigEndian.Uint32(font), tables)
	return out, newID, compositeID, nil
}

// writeHmtx returns hhea and hmtx with one longHorMetric per kept glyph.
// https://learn.microsoft.com/en-us/typography/opentype/spec/hhea
// https://learn.microsoft.com/en-us/typography/opentype/spec/hmtx
func writeHmtx(hhea, hmtx []byte, numGlyphs int, keep []uint16) (newHhea, newHmtx []byte, err error) {
	if len(hhea) < 36 {
		return nil, nil, malformed("hhea table is %d bytes, want 36", len(hhea))
	}
	nhm := int(binary.BigEndian.Uint16(hhea[34:]))
	if nhm == 0 {
		return nil, nil, malformed("hhea.numberOfHMetrics is 0")
	}
	nhm = min(nhm, numGlyphs)
	if len(hmtx) < 4*nhm {
		return nil, nil, malformed("hmtx table is %d bytes, too short for %d metrics", len(hmtx), nhm)
	}
	newHmtx = make([]byte, 4*len(keep))
	for i, old := range keep {
		o := int(old)
		var adv, lsb []byte
		if o < nhm {
			adv, lsb = hmtx[4*o:4*o+2], hmtx[4*o+2:4*o+4]
		} else {
			// Glyphs past numberOfHMetrics share the last advance but
			// have their own left side bearing.
			p := 4*nhm + 2*(o-nhm)
			if p+2 > len(hmtx) {
				return nil, nil, malformed("hmtx table has no left side bearing for glyph %d", o)
			}
			adv, lsb = hmtx[4*nhm-4:4*nhm-2], hmtx[p:p+2]
		}
		copy(newHmtx[4*i:], adv)
		copy(newHmtx[4*i+2:], lsb)
	}
	newHhea = slices.Clone(hhea[:36])
	binary.BigEndian.PutUint16(newHhea[34:], uint16(len(keep)))
	return newHhea, newHmtx, nil
}

// writePost returns a format 3.0 post table (no glyph names), keeping the
// italic angle, underline metrics and fixed-pitch flag of old.
// https://learn.microsoft.com/en-us/typography/opentype/spec/post
func writePost(old []byte) []byte {
	b := make([]byte, 32)
	binary.BigEndian.PutUint32(b, 0x00030000)
	if len(old) >= 16 {
		copy(b[4:16], old[4:16])
	}
	// The memory hints at 16:32 described the whole font; zero means
	// "unknown", which is true of the subset.
	return b
}
