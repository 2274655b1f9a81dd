package layout_test

import (
	"strings"
	"testing"

	"posterkit/fonts"
	"posterkit/render/layout"
	"posterkit/render/scene"
	"posterkit/render/text"
)

// TestStyleHyphenateReachesTheEngine lays out the bundled body in a
// 95 mm frame with and without the style's hyphenate: only with it do
// lines end in a hyphen (text U+00AD), and the text fits at least as large.
func TestStyleHyphenateReachesTheEngine(t *testing.T) {
	eng := text.NewEngine(fonts.Default())
	sizes := map[bool]float64{}
	for _, hyphenate := range []bool{false, true} {
		tm := bundled(t)
		found := false
		for _, f := range tm.Frames {
			if f.ID == "body" {
				st := *f.Style
				st.Hyphenate = hyphenate
				f.Style = &st
				f.Box.W = 95
				found = true
			}
		}
		if !found {
			t.Fatal("no body frame")
		}
		strs, err := tm.LoadStrings("en")
		if err != nil {
			t.Fatal(err)
		}
		s, checks, err := layout.Page(tm, "en", strs, eng, layout.Options{})
		if err != nil {
			t.Fatal(err)
		}
		hyphens := 0
		for _, it := range s.Items {
			if gr, ok := it.(*scene.GlyphRun); ok {
				for _, g := range gr.Glyphs {
					hyphens += strings.Count(g.Text, "\u00ad")
				}
			}
		}
		if hyphenate && hyphens == 0 || !hyphenate && hyphens > 0 {
			t.Errorf("hyphenate %v: %d hyphens", hyphenate, hyphens)
		}
		for _, c := range checks {
			if c.ID == "body" {
				sizes[hyphenate] = c.Size
			}
		}
	}
	if sizes[true] < sizes[false] {
		t.Errorf("hyphenated body at %g pt, smaller than unhyphenated %g pt", sizes[true], sizes[false])
	}
	t.Logf("body size: %g pt hyphenated, %g pt not", sizes[true], sizes[false])
}
