package fonts

import (
	"errors"
	"testing"

	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font/opentype/tables"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"
)

// FuzzLoad checks that Load never panics, and that a font it accepts can
// be shaped with go-text's harfbuzz, every shaped glyph having an outline.
// It is seeded with whole, truncated and empty fonts.
func FuzzLoad(f *testing.F) {
	hebrew := readFont(f, "testdata/NotoSansHebrew-Regular.ttf")
	thai := readFont(f, "testdata/NotoSansThai-Regular.ttf")
	for _, font := range [][]byte{hebrew, thai} {
		f.Add(font)
		for _, percent := range []int{1, 10, 50, 90, 99} {
			f.Add(font[:len(font)*percent/100])
		}
	}
	f.Add(collection(hebrew, thai))
	f.Add([]byte{})
	f.Add([]byte("wOF2"))
	f.Fuzz(func(t *testing.T, data []byte) {
		font, err := Load("fuzz.ttf", data)
		if err != nil {
			if !errors.Is(err, ErrNotFont) {
				t.Fatalf("%v does not wrap ErrNotFont", err)
			}
			return
		}
		face, err := font.NewFace()
		if err != nil {
			t.Fatalf("accepted, then NewFace: %v", err)
		}
		var shaper shaping.HarfbuzzShaper
		for _, run := range []struct {
			text   string
			dir    di.Direction
			script language.Script
		}{
			{"שָׁלוֹם עוֹלָם", di.DirectionRTL, language.Hebrew},
			{"สวัสดีครับ", di.DirectionLTR, language.Thai},
			{"fi 0", di.DirectionLTR, language.Latin},
		} {
			text := []rune(run.text)
			out := shaper.Shape(shaping.Input{Text: text, RunEnd: len(text), Direction: run.dir,
				Face: face, Size: fixed.I(32), Script: run.script, Language: language.NewLanguage("und")})
			for _, g := range out.Glyphs {
				if g.GlyphID == 0 {
					continue
				}
				if _, ok := face.GlyphDataOutline(tables.GlyphID(g.GlyphID)); !ok {
					t.Fatalf("accepted, but glyph %d of %q has no outline", g.GlyphID, run.text)
				}
			}
		}
	})
}
