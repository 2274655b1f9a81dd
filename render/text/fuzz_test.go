package text

import (
	"testing"

	"posterkit/fonts"
)

// FuzzShapeAndWrap feeds the engine strings mixing scripts, bidi controls and
// combining marks: it must not panic, and every character but the paragraph
// separators must come out in exactly one glyph's source text.
func FuzzShapeAndWrap(f *testing.F) {
	for _, s := range []string{
		"",
		"Protecting children in cyberspace",
		"حماية الأطفال (ITU) في عام 2009",
		"保障儿童网上安全，国际电联——2009年。",
		"Защита детей\nв киберпространстве",
		"\u202eRLO override\u202c and \u2067isolate\u2069 \u200f",
		"e\u0301\u0308 a\u20dd \u0651\u064e ب\u0651\u064e",
		"مُحَمَّدٌ abc ١٢٣ 123 \u200d\u200c",
		"\r\n\n\u2029x\u0085",
		"(([[{{}}]]))«»",
		"🙂👩‍👩‍👧 ∑∫ ★",
		"\x00\x01\t\ufeff\ufffd",
		"การคุ้มครองเด็กในโลกไซเบอร์ ์เ ๆะ ເດັກນ້ອຍ",
	} {
		f.Add(s, uint8(0), 10.0)
		f.Add(s, uint8(1), 3.0)
		f.Add(s, uint8(128+3), 2.0)
	}
	langs := []string{"en", "ar", "zh", "ru", "he", "th", "und"}
	e := NewEngine(fonts.Default())
	f.Fuzz(func(t *testing.T, s string, lang uint8, width float64) {
		if len(s) > 2000 || !(width > 0.1 && width < 1e4) {
			return
		}
		// lang's high bit turns hyphenation on (with en, ru and und).
		hyphenate := lang >= 128
		b, err := e.Shape(s, langs[int(lang)%len(langs)], Style{LetterSpacing: 0.01, Hyphenate: hyphenate})
		if err != nil {
			t.Fatal(err)
		}
		want := map[rune]int{}
		for _, p := range splitParagraphs([]rune(s)) {
			for _, r := range p {
				want[r]++
			}
		}
		got := map[rune]int{}
		lines := e.Wrap(b, width)
		for _, l := range lines {
			for _, r := range l.Runs {
				for _, g := range r.Glyphs {
					for _, c := range g.Text {
						got[c]++
					}
				}
			}
		}
		// A hyphen the breaking added stands for U+00AD.
		if hyphenate {
			got[shy] = want[shy]
		}
		Fit{Size: 10, Lines: lines, LineHeight: 12}.Place(b, 0, 0, width*10, 1000, Justify, Top)
		for r, n := range want {
			if got[r] != n {
				t.Fatalf("%U occurs %d times in the text, %d times in glyph texts", r, n, got[r])
			}
		}
		for r, n := range got {
			if want[r] != n {
				t.Fatalf("%U occurs %d times in glyph texts, %d times in the text", r, n, want[r])
			}
		}
	})
}
