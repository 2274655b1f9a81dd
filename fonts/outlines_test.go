package fonts

import (
	"encoding/binary"
	"reflect"
	"testing"

	gofont "github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/font/opentype/tables"
)

// fresh returns an embedded font as Default makes it, not yet parsed by
// other tests.
func fresh(t testing.TB, name string) *Font {
	t.Helper()
	data, ok := embedded[name]
	if !ok {
		t.Fatalf("no embedded font %s", name)
	}
	fam, w := parseFileName(name)
	return &Font{Name: name, Family: fam, Weight: w, Data: data, embedded: true}
}

// pageGlyphs picks glyphs of an embedded font as a page might draw them:
// every 61st glyph and the first composites, fewer than an eighth of the
// font.
func pageGlyphs(t testing.TB, f *Font) (gids []uint16, composites int) {
	g, ok := readGlyphs(f.Data)
	if !ok {
		t.Fatal("glyphs do not read")
	}
	for i := 1; i < g.count() && 8*(len(gids)+1) <= g.count(); i++ {
		b := g.glyph(i)
		composite := len(b) >= 2 && int16(binary.BigEndian.Uint16(b)) < 0
		if i%61 == 0 || (composite && composites < 40) {
			gids = append(gids, uint16(i))
			if composite {
				composites++
			}
		}
	}
	return gids, composites
}

// An outline face draws the glyphs it was made for exactly as the full
// face does, composites included, and draws no other glyph.
func TestOutlineFaceDrawsItsGlyphsAsTheFullFace(t *testing.T) {
	if testing.Short() {
		t.Skip("parses embedded fonts in full")
	}
	for _, name := range []string{"NotoSans-Bold", "NotoNaskhArabic-Regular", "NotoSansSC-Black", "NotoSansMath-Regular"} {
		t.Run(name, func(t *testing.T) {
			f := fresh(t, name)
			gids, composites := pageGlyphs(t, f)
			if len(gids) < 20 {
				t.Fatalf("only %d glyphs picked", len(gids))
			}
			// A page repeats glyphs: the share of the font is of distinct ones.
			part, err := f.OutlineFace(append(append(append([]uint16(nil), gids...), gids...), gids...))
			if err != nil {
				t.Fatal(err)
			}
			full, err := f.NewFace()
			if err != nil {
				t.Fatal(err)
			}
			if part.Font == full.Font {
				t.Fatal("the outline face is the full face")
			}
			if part.Upem() != full.Upem() {
				t.Errorf("upem %d, full face %d", part.Upem(), full.Upem())
			}
			drawn := 0
			for _, gid := range gids {
				a, b := full.GlyphData(gofont.GID(gid)), part.GlyphData(gofont.GID(gid))
				if !reflect.DeepEqual(a, b) {
					t.Errorf("glyph %d: outline face's data differs from the full face's", gid)
				}
				if draws(a) {
					drawn++
				}
			}
			if drawn < len(gids)/2 {
				t.Errorf("only %d of %d glyphs draw: the comparison proves little", drawn, len(gids))
			}
			if (name == "NotoSans-Bold" || name == "NotoNaskhArabic-Regular") && composites == 0 {
				t.Errorf("no composite glyph among those picked")
			}
			picked := map[uint16]bool{}
			for _, g := range gids {
				picked[g] = true
			}
			others := 0
			for gid := uint16(1); gid < 400 && others < 10; gid++ {
				if !picked[gid] && draws(full.GlyphData(gofont.GID(gid))) && !isComponent(t, f, gids, gid) {
					others++
					if draws(part.GlyphData(gofont.GID(gid))) {
						t.Errorf("glyph %d, not asked for, draws", gid)
					}
				}
			}
			if others == 0 {
				t.Error("no glyph left out to check")
			}
		})
	}
}

// isComponent reports whether gid is a component, at any depth, of a
// composite in gids.
func isComponent(t testing.TB, f *Font, gids []uint16, gid uint16) bool {
	g, _ := readGlyphs(f.Data)
	seen := map[uint16]bool{}
	work := append([]uint16(nil), gids...)
	for len(work) > 0 && len(seen) < g.count() {
		id := work[len(work)-1]
		work = work[:len(work)-1]
		b := g.glyph(int(id))
		if len(b) < glyphHeader {
			continue
		}
		parsed, _, err := tables.ParseGlyph(b)
		if err != nil {
			t.Fatalf("glyph %d: %v", id, err)
		}
		c, ok := parsed.Data.(tables.CompositeGlyph)
		if !ok {
			continue
		}
		for _, part := range c.Glyphs {
			if part.GlyphIndex == gid {
				return true
			}
			if !seen[part.GlyphIndex] {
				seen[part.GlyphIndex] = true
				work = append(work, part.GlyphIndex)
			}
		}
	}
	return false
}

// A user's font, or a font already parsed in full, is drawn with its full
// face.
func TestOutlineFaceOfParsedFontIsFull(t *testing.T) {
	f := fresh(t, "NotoSans-Regular")
	full, err := f.Parsed()
	if err != nil {
		t.Fatal(err)
	}
	face, err := f.OutlineFace([]uint16{36, 37})
	if err != nil {
		t.Fatal(err)
	}
	if face.Font != full {
		t.Error("an outline face of a parsed font is not on the parsed font")
	}
}

func BenchmarkOutlineFaceCJK(b *testing.B) {
	f := fresh(b, "NotoSansSC-Bold")
	gids, _ := pageGlyphs(b, f)
	gids = gids[:200]
	b.ReportAllocs()
	for b.Loop() {
		if _, err := f.OutlineFace(gids); err != nil {
			b.Fatal(err)
		}
	}
}
