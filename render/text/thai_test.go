package text

import (
	"math"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"posterkit/fonts"
)

func TestThaiBreaksBetweenClustersOnly(t *testing.T) {
	e := thaiEngine(t)
	// "Protecting children in cyberspace: World Telecommunication and
	// Information Society Day, cartoons" — leading vowels, marks, ์.
	const text = "การคุ้มครองเด็กในโลกไซเบอร์ วันโทรคมนาคมและสังคมสารสนเทศโลก การ์ตูนสำหรับเด็กๆ"
	b, err := e.Shape(text, "th", Style{})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Missing) > 0 {
		t.Fatalf("missing %q", b.Missing)
	}
	broke := false
	for w := 2.0; w <= 12; w += 0.25 {
		lines := e.Wrap(b, w)
		var all strings.Builder
		for i, l := range lines {
			s := ""
			for _, p := range visual(l) {
				s += p.text
			}
			all.WriteString(s)
			if i == 0 {
				continue
			}
			first, _ := utf8.DecodeRuneInString(strings.TrimLeft(s, " "))
			prevText := ""
			for _, p := range visual(lines[i-1]) {
				prevText += p.text
			}
			last, _ := utf8.DecodeLastRuneInString(strings.TrimRight(prevText, " "))
			if c := classify(first); c == tccFollow || c == tccSilencer {
				t.Errorf("width %.2f: line %d starts with %q, which belongs to the cluster before: %q", w, i, first, s)
			}
			if classify(last) == tccLeading {
				t.Errorf("width %.2f: line %d ends with the leading vowel %q", w, i-1, last)
			}
			if strings.HasPrefix(s, "ร์") || strings.HasPrefix(s, "ต์") {
				t.Errorf("width %.2f: a silenced consonant starts line %d: %q", w, i, s)
			}
			if !strings.HasSuffix(prevText, " ") {
				broke = true // a break inside a run of Thai letters
			}
		}
		if got := all.String(); got != text {
			t.Fatalf("width %.2f: lines give %q, want %q", w, got, text)
		}
		for _, l := range lines {
			if l.Width > w+1e-9 && len(visual(l)) > 3 {
				t.Errorf("width %.2f: a line is %.2f em wide", w, l.Width)
			}
		}
	}
	if !broke {
		t.Error("Thai text never broke between its clusters, only at spaces")
	}
}

func thaiEngine(t *testing.T) *Engine {
	data, err := os.ReadFile("../../fonts/testdata/NotoSansThai-Regular.ttf")
	if err != nil {
		t.Fatal(err)
	}
	thai, err := fonts.Load("NotoSansThai-Regular.ttf", data)
	if err != nil {
		t.Fatal(err)
	}
	return NewEngine(fonts.Default().WithUserFonts(thai))
}

func TestThaiNumbersStayWhole(t *testing.T) {
	e := thaiEngine(t)
	b, _ := e.Shape("ปีนี้คือ ๒๕๕๒", "th", Style{})
	for w := 1.0; w < 8; w += 0.25 {
		for _, l := range e.Wrap(b, w) {
			s := ""
			for _, p := range visual(l) {
				s += p.text
			}
			if strings.ContainsAny(s, "๒๕") && !strings.Contains(s, "๒๕๕๒") {
				t.Errorf("width %.2f: the number is split: %q", w, s)
			}
		}
	}
}

// TestJustifyMovesWholeClusters justifies Thai, which has no spaces to
// widen: the gaps go between clusters, so a consonant's vowel and tone
// marks keep their places on it.
func TestJustifyMovesWholeClusters(t *testing.T) {
	e := thaiEngine(t)
	b, _ := e.Shape("การคุ้มครองเด็กในโลกไซเบอร์การคุ้มครองเด็กในโลกไซเบอร์", "th", Style{})
	fit := e.Layout(b, 20, 200)
	if len(fit.Lines) < 2 {
		t.Fatal("want several lines")
	}
	start := fit.Place(b, 0, 0, 200, 500, Start, Top)
	just := fit.Place(b, 0, 0, 200, 500, Justify, Top)
	moved := false
	for r := range start {
		for g := range start[r].Glyphs {
			a, j := start[r].Glyphs, just[r].Glyphs
			if g > 0 && a[g].Cluster == a[g-1].Cluster {
				if d1, d2 := a[g].X-a[g-1].X, j[g].X-j[g-1].X; math.Abs(d1-d2) > 1e-9 {
					t.Errorf("glyphs of one cluster moved apart by justification: %.3f vs %.3f", d1, d2)
				}
			}
			moved = moved || math.Abs(a[g].X-j[g].X) > 0.5
		}
	}
	if !moved {
		t.Error("justification moved nothing")
	}
}

func TestParagraphEndSpaceDoesNotShiftAlignment(t *testing.T) {
	e := NewEngine(fonts.Default())
	for _, lang := range []string{"en", "ar"} {
		txt := map[string]string{"en": "aaaa \nbbbb", "ar": "حماية \nالأطفال"}[lang]
		b, _ := e.Shape(txt, lang, Style{})
		with := e.Wrap(b, 100)[0].Width
		b2, _ := e.Shape(strings.Replace(txt, " \n", "\n", 1), lang, Style{})
		without := e.Wrap(b2, 100)[0].Width
		if math.Abs(with-without) > 1e-9 {
			t.Errorf("%s: a trailing space makes the line %.3f em wide, %.3f without", lang, with, without)
		}
	}
}
