package layout_test

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"

	"posterkit/fonts"
	"posterkit/layouts"
	"posterkit/render/layout"
	"posterkit/render/scene"
	"posterkit/render/template"
	"posterkit/render/text"
)

func bundled(t testing.TB) *template.Template {
	tm, err := layouts.Bundled("wtisd-2009")
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

func TestSceneGeometryAndText(t *testing.T) {
	tm := bundled(t)
	eng := text.NewEngine(fonts.Default())
	for _, lang := range tm.Languages {
		strs, err := tm.LoadStrings(lang)
		if err != nil {
			t.Fatal(err)
		}
		s, frames, err := layout.Page(tm, lang, strs, eng, layout.Options{})
		if err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		const mm = scene.MM
		near := func(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }
		if !near(s.Width, 426*mm) || !near(s.Height, 600*mm) || !near(s.Trim.X, 3*mm) || !near(s.Trim.W, 420*mm) {
			t.Errorf("%s: media %gx%g trim %v", lang, s.Width, s.Height, s.Trim)
		}
		if len(frames) != len(tm.Frames) {
			t.Errorf("%s: %d frames reported", lang, len(frames))
		}
		// Every frame's text, whitespace aside, is in the glyphs' source text.
		var all strings.Builder
		for _, it := range s.Items {
			if gr, ok := it.(*scene.GlyphRun); ok {
				for _, g := range gr.Glyphs {
					all.WriteString(g.Text)
				}
			}
		}
		got := strip(all.String())
		for id, txt := range strs.Text {
			for _, r := range strip(txt) {
				if !strings.ContainsRune(got, r) {
					t.Errorf("%s: %q of frame %s is in no glyph", lang, r, id)
				}
			}
		}
		if len(got) != len(strip(strings.Join(values(strs.Text), ""))) {
			t.Errorf("%s: glyph text has %d bytes, strings %d", lang, len(got), len(strip(strings.Join(values(strs.Text), ""))))
		}
	}
}

func values(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

func strip(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '\n' || r == '\t' {
			return -1
		}
		return r
	}, s)
}

func TestBlankHasNoText(t *testing.T) {
	tm := bundled(t)
	s, _, err := layout.Page(tm, "blank", nil, text.NewEngine(fonts.Default()), layout.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range s.Items {
		if _, ok := it.(*scene.GlyphRun); ok {
			t.Fatal("blank scene has a glyph run")
		}
	}
	if len(s.Items) != len(tm.Artwork) {
		t.Errorf("%d items, want the %d artwork items", len(s.Items), len(tm.Artwork))
	}
}

// BenchmarkLayoutPoster measures template → scene for all six languages
// (shaping, wrapping, copy-fitting), with fonts already parsed.
func BenchmarkLayoutPoster(b *testing.B) {
	tm := bundled(b)
	eng := text.NewEngine(fonts.Default())
	strs := map[string]*template.Strings{}
	for _, lang := range tm.Languages {
		strs[lang], _ = tm.LoadStrings(lang)
		if _, _, err := layout.Page(tm, lang, strs[lang], eng, layout.Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, lang := range tm.Languages {
			layout.Page(tm, lang, strs[lang], eng, layout.Options{})
		}
	}
}

// TestTextThatDrawsNoInkIsRefused: a font whose glyphs are all empty (every
// loca entry zero: a well-formed font that draws nothing, as a damaged one
// may) must not give a poster that looks blank and reports "ok".
func TestTextThatDrawsNoInkIsRefused(t *testing.T) {
	data := bytes.Clone(fonts.Default().Family(fonts.NotoSans, fonts.Regular).Data)
	be := binary.BigEndian
	n := int(be.Uint16(data[4:]))
	var head, loca []byte
	for i := range n {
		rec := data[12+16*i:]
		off, length := be.Uint32(rec[8:]), be.Uint32(rec[12:])
		switch string(rec[:4]) {
		case "head":
			head = data[off : off+length]
		case "loca":
			loca = data[off : off+length]
		}
	}
	if head == nil || loca == nil {
		t.Fatal("Noto Sans has no head or loca")
	}
	clear(loca) // every glyph from offset 0 to 0: empty
	empty, err := fonts.Load("Empty.ttf", data)
	if err != nil {
		t.Fatalf("a font of empty glyphs is well formed, but: %v", err)
	}
	tm := bundled(t)
	strs, _ := tm.LoadStrings("en")
	_, _, err = layout.Page(tm, "en", strs, text.NewEngine(fonts.Default().WithUserFonts(empty)), layout.Options{})
	if err == nil || !strings.Contains(err.Error(), "drew no ink") || !strings.Contains(err.Error(), "Empty.ttf") {
		t.Fatalf("error %v, want every frame refused for drawing no ink with Empty.ttf", err)
	}
}
