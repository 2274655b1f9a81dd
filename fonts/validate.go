package fonts

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"

	gofont "github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/font/cff"
	"github.com/go-text/typesetting/font/opentype/tables"

	"posterkit/fonts/internal/sfnt"
	"posterkit/fonts/subset"
)

// A user's font is checked completely when it is loaded, because go-text
// v0.3.3 reads fonts leniently: a table that fails to parse is dropped
// without a word (a garbled glyf leaves a font with no outlines, so the
// poster comes out blank and "ok"), and some tables are indexed without
// bounds checks (tables.ParseGlyf slices glyf by loca offsets and panics on
// a truncated file). validate checks, before and after go-text parses the
// font, every table and glyph that the shaper (harfbuzz), the rasteriser
// (Face.GlyphData), the subsetter (fonts/subset) and the PDF writer read.
// The embedded Noto fonts are trusted and not checked, so that starting up
// stays cheap.

// damaged is a refused font: the file and why. It wraps ErrNotFont.
type damaged struct {
	name   string
	reason string
}

func (e *damaged) Error() string { return "fonts: " + e.name + ": " + e.reason }
func (e *damaged) Unwrap() error { return ErrNotFont }

func refuse(name string, format string, args ...any) error {
	return &damaged{name: name, reason: fmt.Sprintf(format, args...)}
}

// errPanic marks a panic inside go-text turned into an error.
var errPanic = errors.New("go-text's parser failed")

// guard runs fn, turning a panic inside go-text's parsers into an error:
// v0.3.3 indexes some tables without checking their bounds.
func guard(fn func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", errPanic, r)
		}
	}()
	return fn()
}

// parse parses a single font file with go-text, never panicking.
func parse(data []byte) (face *gofont.Face, err error) {
	err = guard(func() error {
		face, err = gofont.ParseTTF(bytes.NewReader(data))
		return err
	})
	return face, err
}

// sfnt versions (https://learn.microsoft.com/en-us/typography/opentype/spec/otff#table-directory)
// and the WOFF wrappers (https://www.w3.org/TR/WOFF/, https://www.w3.org/TR/WOFF2/).
const (
	versionTrueType = 0x00010000
	versionApple    = 0x74727565 // 'true'
	versionCFF      = 0x4F54544F // 'OTTO'
	magicWOFF       = 0x774F4646 // 'wOFF'
	magicWOFF2      = 0x774F4632 // 'wOF2'
)

// Bounds from the OpenType specification: head.unitsPerEm is 16 to 16384.
const (
	minUpem = 16
	maxUpem = 16384
)

// directory returns the tables of a single-font sfnt by tag, checking that
// each lies inside the file. Of duplicated tags the first wins, as in
// go-text and the subsetter.
func directory(data []byte) (map[string][]byte, error) {
	_, tables, err := sfnt.Directory(data)
	var dirErr *sfnt.Error
	switch {
	case errors.As(err, &dirErr) && len(data) < 12:
		return nil, fmt.Errorf("%d bytes is too short for a font header", len(data))
	case errors.As(err, &dirErr):
		return nil, fmt.Errorf("the file is cut short (%d bytes): %s", len(data), dirErr.Reason)
	case err != nil:
		return nil, err
	}
	return sfnt.Map(tables), nil
}

// checkFormat refuses data that is not a single TrueType or OpenType font
// by its first four bytes.
func checkFormat(data []byte) error {
	if len(data) == 0 {
		return errors.New("the file is empty")
	}
	if len(data) < 4 {
		return fmt.Errorf("%w (%d bytes)", ErrNotFont, len(data))
	}
	switch v := binary.BigEndian.Uint32(data); v {
	case versionTrueType, versionApple, versionCFF:
		return nil
	case magicWOFF2:
		return errors.New("WOFF2 is not supported, use the TTF")
	case magicWOFF:
		return errors.New("WOFF is not supported, use the TTF")
	default:
		return fmt.Errorf("%w (it starts with %q)", ErrNotFont, data[:4])
	}
}

// checkTables checks the tables the subsetter and the PDF writer read by
// hand, before go-text parses the font: what go-text would drop or index
// out of bounds is reported here with its reason. It returns the glyph count.
func checkTables(data []byte, dir map[string][]byte) (numGlyphs int, err error) {
	cffOutlines := binary.BigEndian.Uint32(data) == versionCFF
	need := []string{"cmap", "head", "hhea", "hmtx", "maxp"}
	if cffOutlines {
		if dir["CFF "] == nil && dir["CFF2"] == nil {
			return 0, errors.New("the CFF table is missing: an OpenType font with CFF outlines ('OTTO') needs it for its glyph outlines")
		}
	} else {
		_, glyf := dir["glyf"]
		if !glyf && (dir["CBDT"] != nil || dir["sbix"] != nil || dir["SVG "] != nil || dir["EBDT"] != nil) {
			return 0, errors.New("the font has bitmap or SVG glyphs only, no outlines (glyf), and posterkit draws outlines")
		}
		need = append(need, "loca", "glyf")
	}
	for _, tag := range need {
		if _, ok := dir[tag]; !ok {
			return 0, fmt.Errorf("the %s table is missing", tag)
		}
	}
	be := binary.BigEndian
	// https://learn.microsoft.com/en-us/typography/opentype/spec/head
	head := dir["head"]
	if len(head) < 54 {
		return 0, fmt.Errorf("the head table is %d bytes, want 54", len(head))
	}
	if upem := be.Uint16(head[18:]); upem < minUpem || upem > maxUpem {
		return 0, fmt.Errorf("head.unitsPerEm is %d, want %d to %d", upem, minUpem, maxUpem)
	}
	// https://learn.microsoft.com/en-us/typography/opentype/spec/maxp
	maxp := dir["maxp"]
	if len(maxp) < 6 {
		return 0, fmt.Errorf("the maxp table is %d bytes, want at least 6", len(maxp))
	}
	numGlyphs = int(be.Uint16(maxp[4:]))
	if numGlyphs == 0 {
		return 0, errors.New("maxp.numGlyphs is 0: the font has no glyphs")
	}
	// https://learn.microsoft.com/en-us/typography/opentype/spec/hhea
	// https://learn.microsoft.com/en-us/typography/opentype/spec/hmtx
	hhea := dir["hhea"]
	if len(hhea) < 36 {
		return 0, fmt.Errorf("the hhea table is %d bytes, want 36", len(hhea))
	}
	nhm := int(be.Uint16(hhea[34:]))
	if nhm == 0 || nhm > numGlyphs {
		return 0, fmt.Errorf("hhea.numberOfHMetrics is %d, want 1 to maxp.numGlyphs (%d)", nhm, numGlyphs)
	}
	if want := 4*nhm + 2*(numGlyphs-nhm); len(dir["hmtx"]) < want {
		return 0, fmt.Errorf("the hmtx table is %d bytes, too short for %d glyphs (%d bytes)", len(dir["hmtx"]), numGlyphs, want)
	}
	if cffOutlines {
		return numGlyphs, nil
	}
	format := int16(be.Uint16(head[50:]))
	if err := checkLoca(dir["loca"], dir["glyf"], format, numGlyphs); err != nil {
		return 0, err
	}
	loca, err := tables.ParseLoca(dir["loca"], numGlyphs, format == 1)
	if err != nil {
		return 0, fmt.Errorf("the loca table is damaged (%v)", err)
	}
	return numGlyphs, checkComposites(dir["glyf"], loca)
}

// checkLoca checks that every glyph's loca offsets are in order and inside
// glyf, and that each non-empty glyph holds at least its header.
// https://learn.microsoft.com/en-us/typography/opentype/spec/loca
func checkLoca(loca, glyf []byte, format int16, numGlyphs int) error {
	entry := 2
	switch format {
	case 0:
	case 1:
		entry = 4
	default:
		return fmt.Errorf("head.indexToLocFormat is %d, want 0 or 1", format)
	}
	if len(loca) < (numGlyphs+1)*entry {
		return fmt.Errorf("the loca table is %d bytes, too short for %d glyphs", len(loca), numGlyphs)
	}
	at := func(i int) uint64 {
		if entry == 4 {
			return uint64(binary.BigEndian.Uint32(loca[4*i:]))
		}
		return 2 * uint64(binary.BigEndian.Uint16(loca[2*i:]))
	}
	// The loop is bounded by numGlyphs, a uint16.
	start := at(0)
	for g := range numGlyphs {
		end := at(g + 1)
		switch {
		case start > uint64(len(glyf)):
			return fmt.Errorf("glyph %d's outline is damaged (glyf offset %d is past the end of the %d-byte glyf table)", g, start, len(glyf))
		case end < start:
			return fmt.Errorf("glyph %d's outline is damaged (loca offsets go backwards, %d to %d)", g, start, end)
		case end > uint64(len(glyf)):
			return fmt.Errorf("glyph %d's outline is damaged (glyf offset %d is past the end of the %d-byte glyf table)", g, end, len(glyf))
		case end > start && end-start < 10:
			return fmt.Errorf("glyph %d's outline is damaged (%d bytes, shorter than a glyph header)", g, end-start)
		}
		start = end
	}
	return nil
}

// Bounds on composite glyphs
// (https://learn.microsoft.com/en-us/typography/opentype/spec/glyf#composite-glyph-description).
const (
	// maxCompositeDepth is go-text's own (maxCompositeNesting): it draws
	// nothing deeper. Fonts nest accents two or three deep.
	maxCompositeDepth = 20
	// maxExpandedComponents bounds the glyphs go-text reads to draw one
	// composite: it reads a component again at every use, so nesting
	// multiplies (twenty levels of two components each would be a million
	// reads). A base letter with its marks is a handful.
	maxExpandedComponents = 1024
)

// checkComposites checks every composite glyph's components through
// go-text's parser: each is a glyph of the font, none contains itself, and
// drawing one reads a bounded number of glyphs. loca has been checked. Each
// glyph is parsed at most once; only composites are parsed at all.
func checkComposites(glyf []byte, loca []uint32) error {
	numGlyphs := len(loca) - 1
	leaves := make([]int32, numGlyphs) // 0 not seen, -1 being walked, else simple glyphs drawn
	height := make([]uint8, numGlyphs) // levels of composites below, once walked
	var walk func(g, depth int) (int, error)
	walk = func(g, depth int) (int, error) {
		switch {
		case leaves[g] > 0 && depth+int(height[g]) > maxCompositeDepth:
			return 0, fmt.Errorf("glyph %d's outline is damaged (composite glyphs nested more than %d deep)", g, maxCompositeDepth)
		case leaves[g] > 0:
			return int(leaves[g]), nil
		case leaves[g] < 0:
			return 0, fmt.Errorf("glyph %d's outline is damaged (a composite glyph that contains itself)", g)
		}
		d := glyf[loca[g]:loca[g+1]]
		if len(d) == 0 || int16(binary.BigEndian.Uint16(d)) >= 0 {
			leaves[g] = 1
			return 1, nil
		}
		if depth >= maxCompositeDepth {
			return 0, fmt.Errorf("glyph %d's outline is damaged (composite glyphs nested more than %d deep)", g, maxCompositeDepth)
		}
		leaves[g] = -1
		var parsed tables.Glyph
		if err := guard(func() (err error) { parsed, _, err = tables.ParseGlyph(d); return err }); err != nil {
			return 0, fmt.Errorf("glyph %d's outline is damaged (%v)", g, err)
		}
		comp, _ := parsed.Data.(tables.CompositeGlyph)
		total := 0
		for _, part := range comp.Glyphs {
			c := int(part.GlyphIndex)
			if c >= numGlyphs {
				return 0, fmt.Errorf("glyph %d's outline is damaged (its component glyph %d is past the font's %d glyphs)", g, c, numGlyphs)
			}
			n, err := walk(c, depth+1)
			if err != nil {
				return 0, err
			}
			height[g] = max(height[g], height[c]+1)
			if total += n; total > maxExpandedComponents {
				return 0, fmt.Errorf("glyph %d's outline is damaged (a composite of more than %d glyphs)", g, maxExpandedComponents)
			}
		}
		leaves[g] = int32(max(total, 1))
		return total, nil
	}
	// Bounded by numGlyphs, and walk by maxCompositeDepth.
	for g := range numGlyphs {
		if _, err := walk(g, 0); err != nil {
			return err
		}
	}
	return nil
}

// checkParsed checks, once go-text has parsed the font, that it kept every
// table posterkit reads (go-text drops those it fails to parse) and that
// every glyph's outline loads.
func checkParsed(data []byte, dir map[string][]byte, face *gofont.Face, numGlyphs int) error {
	if err := checkMetrics(dir); err != nil {
		return err
	}
	if err := checkLayout(dir, face); err != nil {
		return err
	}
	if err := checkCmap(face, numGlyphs); err != nil {
		return err
	}
	if err := checkOutlines(dir, face, numGlyphs); err != nil {
		return err
	}
	if binary.BigEndian.Uint32(data) == versionCFF {
		return nil // CFF fonts are embedded whole, not subset
	}
	return checkSubset(data, numGlyphs)
}

// checkMetrics parses hhea and hmtx as go-text does: if they fail, go-text
// gives every glyph a zero advance.
func checkMetrics(dir map[string][]byte) error {
	hhea, _, err := tables.ParseHhea(dir["hhea"])
	if err != nil {
		return fmt.Errorf("the hhea table is damaged (%v)", err)
	}
	n := int(hhea.NumOfLongMetrics)
	numGlyphs := int(binary.BigEndian.Uint16(dir["maxp"][4:]))
	if _, _, err := tables.ParseHmtx(dir["hmtx"], n, numGlyphs-n); err != nil {
		return fmt.Errorf("the hmtx table is damaged (%v)", err)
	}
	return nil
}

// checkLayout checks that go-text kept GDEF, GSUB and GPOS when the font
// has them: without them Arabic would not join and marks would not sit.
func checkLayout(dir map[string][]byte, face *gofont.Face) error {
	if raw, ok := dir["GDEF"]; ok {
		gdef, _, err := tables.ParseGDEF(raw)
		if err != nil {
			return fmt.Errorf("the GDEF table is damaged (%v)", err)
		}
		if gdef.GlyphClassDef != nil && face.GDEF.GlyphClassDef == nil {
			return errors.New("the GDEF table is damaged (go-text rejects its variation data)")
		}
	}
	for _, l := range []struct {
		tag  string
		kept bool
	}{{"GSUB", face.GSUB.Lookups != nil}, {"GPOS", face.GPOS.Lookups != nil}} {
		raw, ok := dir[l.tag]
		if !ok || l.kept {
			continue
		}
		if _, _, err := tables.ParseLayout(raw); err != nil {
			return fmt.Errorf("the %s table is damaged (%v)", l.tag, err)
		}
		return fmt.Errorf("the %s table is damaged (one of its lookups does not parse)", l.tag)
	}
	return nil
}

// maxCmapEntries bounds the walk over the cmap: a format 12 or 13 group
// can map millions of code points, but Unicode has 1,114,112.
const maxCmapEntries = 0x110000

// checkCmap checks that the cmap maps characters only to glyphs the font has.
func checkCmap(face *gofont.Face, numGlyphs int) error {
	it := face.Cmap.Iter()
	for i := 0; i < maxCmapEntries && it.Next(); i++ {
		r, g := it.Char()
		if int(g) >= numGlyphs {
			return fmt.Errorf("the cmap table maps U+%04X to glyph %d, but the font has %d glyphs", r, g, numGlyphs)
		}
	}
	return nil
}

// checkOutlines loads every glyph's outline through go-text, as the
// rasteriser does. A glyph go-text cannot load is reported with go-text's
// reason, which the error path alone looks for.
func checkOutlines(dir map[string][]byte, face *gofont.Face, numGlyphs int) error {
	// The loop is bounded by numGlyphs, a uint16; each composite glyph's
	// depth is bounded by go-text (maxCompositeNesting, 20).
	for g := range numGlyphs {
		var ok bool
		err := guard(func() error {
			_, ok = face.GlyphDataOutline(tables.GlyphID(g))
			return nil
		})
		if err != nil {
			return fmt.Errorf("glyph %d's outline is damaged (%v)", g, err)
		}
		if !ok {
			return outlineError(dir, g, numGlyphs)
		}
	}
	return nil
}

// outlineError finds why go-text could not load glyph g: it parses the
// outline table again to get the error that go-text dropped. go-text drops
// a whole glyf or CFF table when one glyph in it fails to parse, so the
// glyph reported may come before g.
func outlineError(dir map[string][]byte, g, numGlyphs int) error {
	damagedGlyph := func(g int, err error) error {
		return fmt.Errorf("glyph %d's outline is damaged (%v)", g, err)
	}
	if raw, ok := dir["CFF "]; ok {
		var c *cff.CFF
		err := guard(func() (err error) { c, err = cff.Parse(raw); return err })
		switch {
		case err != nil:
			return fmt.Errorf("the CFF table is damaged (%v)", err)
		case len(c.Charstrings) != numGlyphs:
			return fmt.Errorf("the CFF table has %d glyphs, maxp says %d", len(c.Charstrings), numGlyphs)
		}
		if err := guard(func() (err error) { _, _, err = c.LoadGlyph(tables.GlyphID(g)); return err }); err != nil {
			return damagedGlyph(g, err)
		}
	}
	if _, ok := dir["CFF2"]; ok {
		return damagedGlyph(g, errors.New("go-text cannot read its CFF2 charstring"))
	}
	if _, ok := dir["glyf"]; !ok {
		return damagedGlyph(g, errors.New("go-text loads no outline for it"))
	}
	// loca was checked by checkLoca.
	loca, err := tables.ParseLoca(dir["loca"], numGlyphs, binary.BigEndian.Uint16(dir["head"][50:]) == 1)
	if err != nil {
		return fmt.Errorf("the loca table is damaged (%v)", err)
	}
	glyf := dir["glyf"]
	for i := range numGlyphs {
		start, end := loca[i], loca[i+1]
		if start == end {
			continue
		}
		if err := guard(func() (err error) { _, _, err = tables.ParseGlyph(glyf[start:end]); return err }); err != nil {
			return damagedGlyph(i, err)
		}
	}
	return damagedGlyph(g, errors.New("go-text loads no outline for it"))
}

// checkSubset runs the subsetter over every glyph, as the PDF writer would
// for a document using them all: it reads head, hhea, hmtx, maxp, loca,
// glyf (with each composite's components), cmap and post.
func checkSubset(data []byte, numGlyphs int) error {
	all := make([]uint16, numGlyphs)
	for i := range all {
		all[i] = uint16(i)
	}
	if _, _, err := subset.Subset(data, all); err != nil {
		return fmt.Errorf("the font cannot be embedded in a PDF (%v)", err)
	}
	return nil
}

// validate checks a single user font (not a collection) completely and
// returns it parsed. The error is the reason alone, without the file name.
func validate(data []byte) (*gofont.Face, error) {
	if err := checkFormat(data); err != nil {
		return nil, err
	}
	dir, err := directory(data)
	if err != nil {
		return nil, err
	}
	numGlyphs, err := checkTables(data, dir)
	if err != nil {
		return nil, err
	}
	face, err := parse(data)
	if err != nil {
		return nil, fmt.Errorf("%w (%v)", ErrNotFont, err)
	}
	if err := checkParsed(data, dir, face, numGlyphs); err != nil {
		return nil, err
	}
	return face, nil
}
