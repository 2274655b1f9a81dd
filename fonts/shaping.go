package fonts

import (
	"encoding/binary"
	"fmt"
	"sync"

	gofont "github.com/go-text/typesetting/font"

	"posterkit/fonts/internal/sfnt"
)

// go-text v0.3.3 parses every glyph's outline when it parses a font
// (font.NewFont calls tables.ParseGlyf on the whole glyf table): for Noto
// Sans SC, 30,000 glyphs, that is a third of a second and over 100 MB per
// weight. Shaping needs none of it, only each glyph's bounding box (for
// extents); the outlines are needed by the rasteriser for the glyphs it
// draws. So the text engine gets a face on a copy of an embedded font whose
// glyf table holds stand-ins: each glyph keeps its header (contour count
// sign and bounding box), a simple glyph with contours becomes one contour
// of one point, and composites keep their component records. Extents,
// metrics, cmap and the layout tables are the file's own, so shaping is
// unchanged, and GlyphData still tells a glyph that draws (one segment or
// more) from one that draws nothing, which is all the engine asks of it
// (TestShapingFaceMatchesFullFace checks both for every embedded glyph).

// standInState is the shaping font of a Font, parsed on first use.
type standInState struct {
	once sync.Once
	font *gofont.Font
	err  error
}

// ShapingFace returns a new face for shaping, coverage and ink tests, for
// one goroutine's use. For the embedded fonts its outlines are stand-ins
// (see above): draw glyphs with NewFace.
func (f *Font) ShapingFace() (*gofont.Face, error) {
	p, err := f.shapingFont()
	if err != nil {
		return nil, err
	}
	return gofont.NewFace(p), nil
}

// shapingFont is the font ShapingFace uses: for a user's font, or an
// embedded font that stand-ins do not fit, the parsed font itself.
func (f *Font) shapingFont() (*gofont.Font, error) {
	if !f.embedded {
		return f.Parsed()
	}
	f.standIn.once.Do(func() {
		data, ok := withStandIns(f.Data)
		if !ok {
			f.standIn.font, f.standIn.err = f.Parsed()
			return
		}
		face, err := parse(data)
		if err != nil {
			f.standIn.err = fmt.Errorf("fonts: %s: %w", f.Name, err)
			return
		}
		f.standIn.font = face.Font
	})
	return f.standIn.font, f.standIn.err
}

// Glyph encodings (https://learn.microsoft.com/en-us/typography/opentype/spec/glyf).
const (
	glyphHeader = 10 // numberOfContours, xMin, yMin, xMax, yMax
	// onePoint is the body of a stand-in simple glyph: endPtsOfContours
	// {0}, no instructions, one flag (on curve, x and y unchanged: no
	// coordinate bytes), and a pad byte.
	onePoint = "\x00\x00\x00\x00\x31\x00"
)

// withStandIns returns a copy of a TrueType font file with its glyf and
// loca tables replaced by stand-ins (see above) and head's indexToLocFormat
// set to long offsets; false if the file is not a static TrueType font
// whose tables read cleanly, which is then parsed as it is.
func withStandIns(data []byte) ([]byte, bool) {
	g, ok := readGlyphs(data)
	if !ok {
		return nil, false
	}
	be := binary.BigEndian
	newGlyf := make([]byte, 0, 16*g.count())
	newLoca := make([]byte, 4*(g.count()+1))
	for i := range g.count() {
		b := g.glyph(i)
		switch {
		case len(b) == 0: // no outline
		case int16(be.Uint16(b)) > 0: // simple glyph with contours
			newGlyf = append(newGlyf, 0, 1)
			newGlyf = append(newGlyf, b[2:glyphHeader]...)
			newGlyf = append(newGlyf, onePoint...)
		case int16(be.Uint16(b)) == 0: // simple glyph without contours
			newGlyf = append(newGlyf, b[:glyphHeader]...)
			newGlyf = append(newGlyf, 0, 0) // no instructions
		default: // composite: its records name the glyphs it is made of
			newGlyf = pad4(append(newGlyf, b...))
		}
		be.PutUint32(newLoca[4*(i+1):], uint32(len(newGlyf)))
	}
	return g.rebuild(newGlyf, newLoca, nil), true
}

// glyphs is a static TrueType font's directory and glyph table, checked:
// every glyph lies inside glyf and is empty or holds at least a header.
type glyphs struct {
	data []byte
	dir  []sfnt.Table
	glyf []byte
	loca []int // numGlyphs+1 offsets into glyf
}

// readGlyphs reads data's glyphs; false if data is not a static TrueType
// font whose directory, head, maxp, loca and glyf read cleanly.
func readGlyphs(data []byte) (*glyphs, bool) {
	be := binary.BigEndian
	version, dir, err := sfnt.Directory(data)
	if err != nil || (version != sfnt.VersionTrueType && version != sfnt.VersionApple) {
		return nil, false
	}
	t := sfnt.Map(dir)
	glyf, loca, head, maxp := t["glyf"], t["loca"], t["head"], t["maxp"]
	// Variable fonts compute extents and outlines from the points of
	// every glyph (gvar); they are parsed as they are.
	if glyf == nil || len(head) < 54 || len(maxp) < 6 || t["fvar"] != nil {
		return nil, false
	}
	n := int(be.Uint16(maxp[4:])) // numGlyphs: at most 65535, which bounds the loop
	long := be.Uint16(head[50:]) == 1
	if (long && len(loca) < 4*(n+1)) || (!long && len(loca) < 2*(n+1)) {
		return nil, false
	}
	g := &glyphs{data: data, dir: dir, glyf: glyf, loca: make([]int, n+1)}
	for i := range g.loca {
		if long {
			g.loca[i] = int(be.Uint32(loca[4*i:]))
		} else {
			g.loca[i] = 2 * int(be.Uint16(loca[2*i:]))
		}
		if i > 0 {
			start, end := g.loca[i-1], g.loca[i]
			if end < start || end > len(glyf) || (end > start && end-start < glyphHeader) {
				return nil, false
			}
		}
	}
	return g, true
}

func (g *glyphs) count() int { return len(g.loca) - 1 }

// glyph returns glyph i's bytes, empty for a glyph without an outline.
func (g *glyphs) glyph(i int) []byte { return g.glyf[g.loca[i]:g.loca[i+1]] }

func pad4(b []byte) []byte {
	for len(b)%4 != 0 {
		b = append(b, 0)
	}
	return b
}

// rebuild returns a copy of the font file with glyf and loca (long
// offsets) replaced, head's indexToLocFormat set to match, and the tables
// keep refuses left out. The copy has the directory of the file, in its
// order, each table on a 4-byte boundary. Checksums are not recomputed:
// go-text does not read them, and the copy never leaves the process.
func (g *glyphs) rebuild(glyf, loca []byte, keep func(tag string) bool) []byte {
	be := binary.BigEndian
	var head []byte
	var dir []sfnt.Table
	for _, tb := range g.dir {
		switch {
		case keep != nil && !keep(tb.Tag):
			continue
		case tb.Tag == "glyf":
			tb.Data = glyf
		case tb.Tag == "loca":
			tb.Data = loca
		case tb.Tag == "head":
			if head == nil {
				head = append([]byte(nil), tb.Data...)
				be.PutUint16(head[50:], 1)
			}
			tb.Data = head
		}
		dir = append(dir, tb)
	}
	size := 12 + 16*len(dir)
	for _, tb := range dir {
		size += len(tb.Data) + 3
	}
	out := make([]byte, 12+16*len(dir), size)
	copy(out, g.data[:4]) // sfnt version
	be.PutUint16(out[4:], uint16(len(dir)))
	// searchRange, entrySelector and rangeShift are left zero: go-text
	// reads the directory linearly.
	for i, tb := range dir {
		rec := out[12+16*i:]
		copy(rec, tb.Tag)
		be.PutUint32(rec[8:], uint32(len(out)))
		be.PutUint32(rec[12:], uint32(len(tb.Data)))
		out = pad4(append(out, tb.Data...))
	}
	return out
}
