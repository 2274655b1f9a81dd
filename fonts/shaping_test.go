package fonts

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-text/typesetting/di"
	gofont "github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"

	"posterkit/fonts/internal/sfnt"
)

// draws is what the text engine asks of GlyphData: whether the glyph
// draws anything (see render/text's Inked).
func draws(g gofont.GlyphData) bool {
	switch g := g.(type) {
	case nil:
		return false
	case gofont.GlyphOutline:
		return len(g.Segments) > 0
	}
	return true
}

// The shaping face of every embedded font gives the same extents, advances
// and ink as the face on the fully parsed font, glyph by glyph.
func TestShapingFaceMatchesFullFace(t *testing.T) {
	if testing.Short() {
		t.Skip("parses every embedded font twice")
	}
	for _, fam := range Default().families {
		for _, f := range fam {
			t.Run(f.Name, func(t *testing.T) {
				full, err := f.NewFace()
				if err != nil {
					t.Fatal(err)
				}
				light, err := f.ShapingFace()
				if err != nil {
					t.Fatal(err)
				}
				if light.Font == full.Font {
					t.Fatal("the shaping face is on the fully parsed font: stand-ins were not used")
				}
				_, dir, err := sfnt.Directory(f.Data)
				if err != nil {
					t.Fatal(err)
				}
				n := int(binary.BigEndian.Uint16(sfnt.Map(dir)["maxp"][4:]))
				if n < 100 {
					t.Fatalf("only %d glyphs", n)
				}
				bad := 0
				for gid := gofont.GID(0); int(gid) < n && bad < 5; gid++ {
					fe, fok := full.GlyphExtents(gid)
					le, lok := light.GlyphExtents(gid)
					if fe != le || fok != lok {
						t.Errorf("glyph %d: extents %+v %v, shaping face %+v %v", gid, fe, fok, le, lok)
						bad++
					}
					if fa, la := full.HorizontalAdvance(gid), light.HorizontalAdvance(gid); fa != la {
						t.Errorf("glyph %d: advance %g, shaping face %g", gid, fa, la)
						bad++
					}
					if fd, ld := draws(full.GlyphData(gid)), draws(light.GlyphData(gid)); fd != ld {
						t.Errorf("glyph %d: draws %v, shaping face %v", gid, fd, ld)
						bad++
					}
				}
			})
		}
	}
}

// Text shaped with the shaping face gets the same glyphs and positions as
// with the full face.
func TestShapingFaceShapesAlike(t *testing.T) {
	for _, c := range []struct {
		font, text string
		script     language.Script
		rtl        bool
	}{
		{"NotoSans-Regular", "Affiché : «Wahnsinn» — Ťŕ fi", language.Latin, false},
		{"NotoNaskhArabic-Regular", "الاتحاد الدولي للاتصالات", language.Arabic, true},
		{"NotoKufiArabic-Black", "يوم مجتمع المعلومات", language.Arabic, true},
		{"NotoSansSC-Bold", "世界电信和信息社会日，“信息通信技术”。", language.Han, false},
	} {
		t.Run(c.font, func(t *testing.T) {
			f := byName(t, c.font)
			full, _ := f.NewFace()
			light, _ := f.ShapingFace()
			var hb shaping.HarfbuzzShaper
			shape := func(face *gofont.Face) shaping.Output {
				runes := []rune(c.text)
				in := shaping.Input{Text: runes, RunEnd: len(runes), Face: face, Size: fixed.I(40), Script: c.script}
				if c.rtl {
					in.Direction = di.DirectionRTL
				}
				return hb.Shape(in)
			}
			a, b := shape(full), shape(light)
			if len(a.Glyphs) != len(b.Glyphs) || a.Advance != b.Advance {
				t.Fatalf("%d glyphs, advance %v; shaping face %d, %v", len(a.Glyphs), a.Advance, len(b.Glyphs), b.Advance)
			}
			for i := range a.Glyphs {
				ga, gb := a.Glyphs[i], b.Glyphs[i]
				if ga != gb {
					t.Errorf("glyph %d: %+v, shaping face %+v", i, ga, gb)
				}
			}
		})
	}
}

func byName(t *testing.T, name string) *Font {
	t.Helper()
	for _, fam := range Default().families {
		for _, f := range fam {
			if f.Name == name {
				return f
			}
		}
	}
	t.Fatalf("no embedded font %s", name)
	return nil
}

// Every .ttf file in the package is embedded and in the default registry.
func TestEveryFontFileEmbedded(t *testing.T) {
	files, _ := filepath.Glob("*.ttf")
	if len(files) < 10 {
		t.Fatalf("found only %d font files", len(files))
	}
	for _, file := range files {
		name := strings.TrimSuffix(file, ".ttf")
		want, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if got := embedded[name]; string(got) != string(want) {
			t.Errorf("%s: not embedded (or not as on disk): add it to embedded.go", file)
		}
		if got, sum := embeddedSHA256[name], sha256.Sum256(want); got != hex.EncodeToString(sum[:]) {
			t.Errorf("%s: embeddedSHA256 has %q, the file's is %x", file, got, sum)
		}
	}
	if len(embedded) != len(files) {
		t.Errorf("%d fonts embedded, %d files", len(embedded), len(files))
	}
	if n := len(Default().Fonts()); n != len(files) {
		t.Errorf("default registry has %d fonts, %d files", n, len(files))
	}
	for _, f := range Default().Fonts() {
		if got, want := f.SHA256(), sha256.Sum256(f.Data); got != want {
			t.Errorf("%s: SHA256 %x, the data's %x", f.Name, got, want)
		}
	}
}
