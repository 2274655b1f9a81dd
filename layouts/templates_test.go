package layouts

import (
	"testing"

	"posterkit/fonts"
	"posterkit/render/layout"
	"posterkit/render/text"
)

// TestEveryBundledTemplateFitsInEveryLanguage lays out every bundled
// template in each of its languages: every frame's text fits, no check
// finds a problem (overlaps, frames off the page), and the page is made.
func TestEveryBundledTemplateFitsInEveryLanguage(t *testing.T) {
	eng := text.NewEngine(fonts.Default())
	if len(Names()) < 5 {
		t.Fatalf("bundled templates %v, want wtisd-2009 and its four formats", Names())
	}
	for _, name := range Names() {
		tm, err := Bundled(name)
		if err != nil {
			t.Fatal(err)
		}
		if len(tm.Languages) != 6 {
			t.Errorf("%s: languages %v, want the six UN languages", name, tm.Languages)
		}
		for _, f := range layout.Validate(tm, eng) {
			t.Errorf("%s: %v", name, f)
		}
		for _, lang := range tm.Languages {
			strs, err := tm.LoadStrings(lang)
			if err != nil {
				t.Fatal(err)
			}
			s, checks, err := layout.Page(tm, lang, strs, eng, layout.Options{})
			if err != nil {
				t.Errorf("%s/%s: %v", name, lang, err)
				continue
			}
			for _, fc := range checks {
				if fc.Status() != layout.OK || fc.Size < fc.Style.MinSize {
					t.Errorf("%s/%s: frame %s: %v at %g pt", name, lang, fc.ID, fc.Status(), fc.Size)
				}
			}
			if name != Default && s.Title != strs.Text[layout.TitleKey] {
				t.Errorf("%s/%s: title %q, want the strings' %q", name, lang, s.Title, strs.Text[layout.TitleKey])
			}
		}
	}
}
