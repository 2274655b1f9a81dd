package text

import (
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"posterkit/fonts"
)

func TestThaiBreaksBetweenClustersOnly(t *testing.T) {
	data, err := os.ReadFile("../../fonts/testdata/NotoSansThai-Regular.ttf")
	if err != nil {
		t.Fatal(err)
	}
	thai, err := fonts.Load("NotoSansThai-Regular.ttf", data)
	if err != nil {
		t.Fatal(err)
	}
	e := NewEngine(fonts.Default().WithUserFonts(thai))
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
