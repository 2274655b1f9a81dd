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
	be := binary.BigEndian
	version, dir, err := sfnt.Directory(data)
	if err != nil || (version != sfnt.VersionTrueType && version != sfnt.VersionApple) {
		return nil, false
	}
	t := sfnt.Map(dir)
	glyf, loca, head, maxp := t["glyf"], t["loca"], t["head"], t["maxp"]
	// Variable fonts compute extents from the outlines' points (gvar).
	if glyf == nil || len(head) < 54 || len(maxp) < 6 || t["fvar"] != nil {
		return nil, false
	}
	n := int(be.Uint16(maxp[4:])) // numGlyphs: at most 65535, which bounds the loop
	long := be.Uint16(head[50:]) == 1
	offset := func(i int) (int, bool) {
		if long {
			if 4*i+4 > len(loca) {
				return 0, false
			}
			return int(be.Uint32(loca[4*i:])), true
		}
		if 2*i+2 > len(loca) {
			return 0, false
		}
		return 2 * int(be.Uint16(loca[2*i:])), true
	}
	newGlyf := make([]byte, 0, 16*n)
	newLoca := make([]byte, 4*(n+1))
	start, ok := offset(0)
	if !ok {
		return nil, false
	}
	for i := range n {
		end, ok := offset(i + 1)
		if !ok || end < start || end > len(glyf) {
			return nil, false
		}
		g := glyf[start:end]
		switch {
		case len(g) == 0: // no outline
		case len(g) < glyphHeader:
			return nil, false
		case int16(be.Uint16(g)) > 0: // simple glyph with contours
			newGlyf = append(newGlyf, 0, 1)
			newGlyf = append(newGlyf, g[2:glyphHeader]...)
			newGlyf = append(newGlyf, onePoint...)
		case int16(be.Uint16(g)) == 0: // simple glyph without contours
			newGlyf = append(newGlyf, g[:glyphHeader]...)
			newGlyf = append(newGlyf, 0, 0) // no instructions
		default: // composite: its records name the glyphs it is made of
			newGlyf = append(newGlyf, g...)
			for len(newGlyf)%4 != 0 {
				newGlyf = append(newGlyf, 0)
			}
		}
		be.PutUint32(newLoca[4*(i+1):], uint32(len(newGlyf)))
		start = end
	}
	newHead := append([]byte(nil), head...)
	be.PutUint16(newHead[50:], 1)
	replaced := map[string][]byte{"glyf": newGlyf, "loca": newLoca, "head": newHead}

	// The copy has the directory of the file, in its order, each table on
	// a 4-byte boundary. Checksums are not recomputed: go-text does not
	// read them, and the copy never leaves the process.
	size := 12 + 16*len(dir)
	for _, tb := range dir {
		if r, ok := replaced[tb.Tag]; ok {
			size += len(r) + 3
		} else {
			size += len(tb.Data) + 3
		}
	}
	out := make([]byte, 12+16*len(dir), size)
	copy(out, data[:12])
	for i, tb := range dir {
		body := tb.Data
		if r, ok := replaced[tb.Tag]; ok {
			body = r
		}
		rec := out[12+16*i:]
		copy(rec, data[12+16*i:12+16*i+8]) // tag, checksum
		be.PutUint32(rec[8:], uint32(len(out)))
		be.PutUint32(rec[12:], uint32(len(body)))
		out = append(out, body...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	return out, true
}
