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

// TestMarksLieOutsideTheBleedInTheRegistrationColour: with marks the
// media box grows around the bleed box, every mark lies wholly outside
// the bleed box, and every mark is in the separation "All".
func TestMarksLieOutsideTheBleedInTheRegistrationColour(t *testing.T) {
	tm := bundled(t)
	strs, _ := tm.LoadStrings("en")
	plain, _, err := layout.Page(tm, "en", strs, text.NewEngine(fonts.Default()), layout.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s, _, err := layout.Page(tm, "en", strs, text.NewEngine(fonts.Default()), layout.Options{Marks: true, Slug: "wtisd-2009 · en"})
	if err != nil {
		t.Fatal(err)
	}
	in := func(a, b scene.Rect) bool { // a inside b
		return a.X >= b.X-1e-9 && a.Y >= b.Y-1e-9 && a.X+a.W <= b.X+b.W+1e-9 && a.Y+a.H <= b.Y+b.H+1e-9
	}
	media := scene.Rect{W: s.Width, H: s.Height}
	if !in(s.Trim, s.Bleed) || !in(s.Bleed, media) || s.Bleed == media {
		t.Fatalf("boxes: media %v, bleed %v, trim %v; want trim ⊂ bleed ⊊ media", media, s.Bleed, s.Trim)
	}
	if s.Trim.W != plain.Trim.W || s.Bleed.W != plain.Bleed.W {
		t.Errorf("marks changed the page: trim %v bleed %v, without marks %v %v", s.Trim, s.Bleed, plain.Trim, plain.Bleed)
	}
	if len(s.Marks) < 8+4+5 {
		t.Fatalf("%d marks, want crop marks, targets, a ramp and the slug", len(s.Marks))
	}
	outside := func(r scene.Rect) bool {
		b := s.Bleed
		return r.X+r.W <= b.X+1e-9 || r.X >= b.X+b.W-1e-9 || r.Y+r.H <= b.Y+1e-9 || r.Y >= b.Y+b.H-1e-9
	}
	slug := ""
	for i, m := range s.Marks {
		var box scene.Rect
		var ink scene.Ink
		switch m := m.(type) {
		case *scene.Path:
			box, ink = m.Bounds(), m.Fill.Ink
		case *scene.GlyphRun:
			ink = m.Fill.Ink
			for _, g := range m.Glyphs {
				slug += g.Text
				box = scene.Rect{X: g.X, Y: g.Y - m.Size, W: g.Advance, H: m.Size}
				if !outside(box) || !in(box, media) {
					t.Errorf("slug glyph %v inside the bleed or off the media", g)
				}
			}
			continue
		}
		if !outside(box) || !in(box, media) {
			t.Errorf("mark %d at %v: inside the bleed box %v or off the media", i, box, s.Bleed)
		}
		if ink.Kind != scene.Spot || ink.Name != "All" {
			t.Errorf("mark %d in %+v, want the registration colour", i, ink)
		}
	}
	if slug != "wtisd-2009·en" && strings.ReplaceAll(slug, " ", "") != "wtisd-2009·en" {
		t.Errorf("slug reads %q", slug)
	}
	// The frames' text moved with the page: the same distance from the trim.
	first := func(sc *scene.Scene) scene.Glyph {
		for _, it := range sc.Items {
			if gr, ok := it.(*scene.GlyphRun); ok {
				return gr.Glyphs[0]
			}
		}
		t.Fatal("no text")
		return scene.Glyph{}
	}
	a, b := first(plain), first(s)
	if d := (b.X - s.Trim.X) - (a.X - plain.Trim.X); d > 1e-9 || d < -1e-9 {
		t.Errorf("text moved %g pt against the trim", d)
	}
}
