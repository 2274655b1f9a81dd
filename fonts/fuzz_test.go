package fonts

import (
	"errors"
	"testing"

	"github.com/go-text/typesetting/font/opentype/tables"
)

// FuzzLoad checks that Load never panics, and that a font it accepts can
// be shaped from: every glyph the cmap gives has an outline go-text loads.
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
		for _, r := range "אבג ขคง 0" {
			if g, ok := face.NominalGlyph(r); ok {
				if _, ok := face.GlyphDataOutline(tables.GlyphID(g)); !ok {
					t.Fatalf("accepted, but glyph %d (for %q) has no outline", g, r)
				}
			}
		}
	})
}
