package fonts

import (
	"encoding/binary"

	gofont "github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/font/opentype/tables"
)

// A page draws a few hundred glyphs of a font; go-text parses the outlines
// of all of them (Noto Sans SC: 30,000 glyphs, a third of a second and over
// 100 MB per weight, held for the process). OutlineFace parses only the
// glyphs a page draws, from a copy of the font whose glyf table holds just
// those, and which leaves out the layout tables drawing never reads.

// layoutTables are read by shaping only: an outline face leaves them out
// (https://learn.microsoft.com/en-us/typography/opentype/spec/ttochap1).
var layoutTables = map[string]bool{
	"GSUB": true, "GPOS": true, "GDEF": true, "BASE": true, "JSTF": true, "MATH": true,
	"kern": true, "kerx": true, "morx": true, "feat": true, "trak": true, "ankr": true,
}

// OutlineFace returns a new face for drawing the glyphs gids of f, for one
// goroutine's use (gids may repeat, as a page's glyphs do): its GlyphData and GlyphDataOutline give the same
// outlines as NewFace's for those glyphs (and the glyphs their composites
// are made of); other glyphs draw nothing, and it is not for shaping. For
// a user's font (parsed in full when loaded), a font already parsed in
// full, or when gids are a large share of the font, it is NewFace's face.
func (f *Font) OutlineFace(gids []uint16) (*gofont.Face, error) {
	if !f.embedded || f.fullyParsed() {
		return f.NewFace()
	}
	g, ok := readGlyphs(f.Data)
	if !ok {
		return f.NewFace()
	}
	distinct := 0
	seen := make([]bool, g.count())
	for _, gid := range gids {
		if int(gid) < len(seen) && !seen[gid] {
			seen[gid] = true
			distinct++
		}
	}
	// Past an eighth of the glyphs, parsing them all once for the
	// process costs less than parsing a share for each page.
	if 8*distinct > g.count() {
		return f.NewFace()
	}
	face, err := parse(g.only(gids))
	if err != nil {
		// The file parses in full (it is embedded); fall back rather
		// than fail a page on a copy's defect.
		return f.NewFace()
	}
	return face, nil
}

// fullyParsed reports whether Parsed has been called and succeeded.
func (f *Font) fullyParsed() bool { return f.full.Load() }

// only returns a copy of the font file whose glyf holds only the glyphs
// gids and the components of the composites among them, without the
// layout tables.
func (g *glyphs) only(gids []uint16) []byte {
	n := g.count()
	want := make([]bool, n)
	// Each glyph is added once, so the work list is bounded by n. Every
	// component is kept however deep it is nested: go-text bounds the
	// nesting it follows when it draws.
	var work []int
	add := func(gid int) {
		if gid < n && !want[gid] {
			want[gid] = true
			work = append(work, gid)
		}
	}
	for _, gid := range gids {
		add(int(gid))
	}
	for len(work) > 0 {
		gid := work[len(work)-1]
		work = work[:len(work)-1]
		b := g.glyph(gid)
		if len(b) < glyphHeader || int16(binary.BigEndian.Uint16(b)) >= 0 {
			continue
		}
		parsed, _, err := tables.ParseGlyph(b)
		if err != nil {
			continue
		}
		if c, ok := parsed.Data.(tables.CompositeGlyph); ok {
			for _, part := range c.Glyphs {
				add(int(part.GlyphIndex))
			}
		}
	}
	be := binary.BigEndian
	newGlyf := []byte{}
	newLoca := make([]byte, 4*(n+1))
	for i := range n {
		if want[i] {
			newGlyf = pad4(append(newGlyf, g.glyph(i)...))
		}
		be.PutUint32(newLoca[4*(i+1):], uint32(len(newGlyf)))
	}
	return g.rebuild(newGlyf, newLoca, func(tag string) bool { return !layoutTables[tag] })
}
