package text

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"posterkit/fonts"
)

func byName(t testing.TB, name string) *fonts.Font {
	t.Helper()
	fam, w := map[string]string{
		"NotoSans": fonts.NotoSans, "NotoKufiArabic": fonts.NotoKufiArabic,
		"NotoNaskhArabic": fonts.NotoNaskhArabic, "NotoSansSC": fonts.NotoSansSC,
	}, map[string]fonts.Weight{"Regular": fonts.Regular, "Bold": fonts.Bold, "Black": fonts.Black}
	base, style, _ := strings.Cut(name, "-")
	f := fonts.Default().Family(fam[base], w[style])
	if f == nil || f.Name != name {
		t.Fatalf("no bundled font %s", name)
	}
	return f
}

// TestShapingMatchesHarfBuzz replays HarfBuzz's own output (hb-shape, see
// testdata/gen-golden.sh) for Arabic, Cyrillic, Latin and Chinese runs in the
// bundled fonts. It guards the go-text pin: v0.3.4 and v0.3.5 skip GSUB
// lookups with the Noto Arabic fonts and fail here.
func TestShapingMatchesHarfBuzz(t *testing.T) {
	data, err := os.ReadFile("testdata/hb-golden.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct {
		Font, Dir, Script, Lang, Text string
		HB                            []HBGlyph
	}
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	if len(cases) < 10 {
		t.Fatalf("only %d golden cases", len(cases))
	}
	e := NewEngine(fonts.Default())
	for _, c := range cases {
		t.Run(c.Font+"/"+c.Text, func(t *testing.T) {
			got, err := e.ShapeRun(byName(t, c.Font), RunSpec{Text: c.Text, Lang: c.Lang, Script: c.Script, RTL: c.Dir == "rtl"})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(c.HB) {
				t.Fatalf("%d glyphs, HarfBuzz gives %d:\n got %v\nwant %v", len(got), len(c.HB), got, c.HB)
			}
			for i := range got {
				if got[i] != c.HB[i] {
					t.Errorf("glyph %d: got %+v, HarfBuzz gives %+v", i, got[i], c.HB[i])
				}
			}
		})
	}
}

// lineText returns the glyph texts of a line in visual order, left to right,
// with their x positions.
type placed struct {
	text string
	x    float64
	font string
}

func visual(l Line) []placed {
	var out []placed
	for _, r := range l.Runs {
		for _, g := range r.Glyphs {
			if g.Text != "" {
				out = append(out, placed{g.Text, g.X, r.Font.Name})
			}
		}
	}
	return out
}

func xOf(t *testing.T, ps []placed, s string) float64 {
	t.Helper()
	for _, p := range ps {
		if p.text == s {
			return p.x
		}
	}
	t.Fatalf("no glyph for %q in %v", s, ps)
	return 0
}

func TestArabicLineWithLatinAndDigitsInBidiOrder(t *testing.T) {
	e := NewEngine(fonts.Default())
	// "In 2009 ITU calls": في عام 2009 يدعو ITU
	b, err := e.Shape("في عام 2009 يدعو ITU", "ar", Style{Role: fonts.Text})
	if err != nil {
		t.Fatal(err)
	}
	lines := e.Wrap(b, 1000)
	if len(lines) != 1 {
		t.Fatalf("%d lines, want 1", len(lines))
	}
	ps := visual(lines[0])
	// Read right to left: في, عام, 2009, يدعو, ITU. So on the page, left to
	// right: ITU … يدعو … 2009 … عام … في, and ITU and 2009 themselves run
	// left to right.
	order := []string{"I", "T", "U", "2", "0", "9"}
	for i := 1; i < len(order); i++ {
		if a, b := xOf(t, ps, order[i-1]), xOf(t, ps, order[i]); a >= b {
			t.Errorf("%q at x=%.3f is not left of %q at x=%.3f", order[i-1], a, order[i], b)
		}
	}
	if xOf(t, ps, "U") >= xOf(t, ps, "ي") || xOf(t, ps, "ي") >= xOf(t, ps, "2") {
		t.Errorf("يدعو is not between ITU and 2009: %v", ps)
	}
	if xOf(t, ps, "9") >= xOf(t, ps, "م") || xOf(t, ps, "م") >= xOf(t, ps, "ف") {
		t.Errorf("عام is not between 2009 and في: %v", ps)
	}
}

func TestArabicDigitsKeepParagraphFont(t *testing.T) {
	e := NewEngine(fonts.Default())
	for _, c := range []struct {
		role fonts.Role
		font string
	}{{fonts.Text, "NotoNaskhArabic-Regular"}, {fonts.Display, "NotoKufiArabic-Regular"}} {
		b, err := e.Shape("17 مايو 2009 (ITU)", "ar", Style{Role: c.role})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range visual(e.Wrap(b, 1000)[0]) {
			want := c.font
			if p.text == "I" || p.text == "T" || p.text == "U" {
				want = "NotoSans-Regular"
			}
			if p.font != want {
				t.Errorf("%s: %q is in %s, want %s", c.role, p.text, p.font, want)
			}
		}
	}
}

const (
	closing = "，。、；：？！）》」』〉】〕”’・…"
	opening = "（《「『〈【〔“‘"
)

func TestCJKLineBreakingRules(t *testing.T) {
	e := NewEngine(fonts.Default())
	text := "2009年，国际电联呼吁决策机构、监管机构、运营商及全行业携手努力，为儿童营造安全的网络环境：" +
		"提高公众对儿童网上安全问题的认识；支持《指导原则》的制定（草案）——这是他们不可剥夺的权利。每个儿童都有权「安全」上网！"
	b, err := e.Shape(text, "zh", Style{Role: fonts.Text})
	if err != nil {
		t.Fatal(err)
	}
	breaksBetweenIdeographs := false
	for w := 3.0; w <= 20; w += 0.5 { // "2009" is 2.2 em: narrower boxes overflow
		lines := e.Wrap(b, w)
		var all strings.Builder
		for i, l := range lines {
			s := ""
			for _, p := range visual(l) {
				s += p.text
			}
			all.WriteString(s)
			first, _ := utf8.DecodeRuneInString(s)
			last, _ := utf8.DecodeLastRuneInString(s)
			if i > 0 && strings.ContainsRune(closing, first) {
				t.Errorf("width %.1f: line %d starts with %q: %q", w, i, first, s)
			}
			if strings.ContainsRune(opening, last) {
				t.Errorf("width %.1f: line %d ends with %q: %q", w, i, last, s)
			}
			if strings.HasSuffix(s, "—") && i+1 < len(lines) && strings.HasPrefix(firstText(lines[i+1]), "—") {
				t.Errorf("width %.1f: line %d splits ——", w, i)
			}
			if l.Width > w+1e-9 {
				t.Errorf("width %.1f: line %d is %.3f em wide", w, i, l.Width)
			}
			if i > 0 && strings.ContainsRune("儿童网上安全", first) {
				breaksBetweenIdeographs = true
			}
		}
		if all.String() != text {
			t.Fatalf("width %.1f: lines lose text:\n%s\n%s", w, all.String(), text)
		}
	}
	if !breaksBetweenIdeographs {
		t.Error("never broke between two ideographs")
	}
}

func firstText(l Line) string {
	ps := visual(l)
	if len(ps) == 0 {
		return ""
	}
	return ps[0].text
}

func TestCopyFitPicksLargestSizeThatFits(t *testing.T) {
	e := NewEngine(fonts.Default())
	b, err := e.Shape("Protecting children in cyberspace", "en", Style{Role: fonts.Display, Weight: fonts.Black, Leading: 1.1})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name        string
		w, h        float64
		maxLines    int
		min, max    float64
		wantAtMax   bool
		wantOveflow bool
	}{
		{"fits at max", 2000, 500, 0, 20, 100, true, false},
		{"limited by width and lines", 500, 1000, 2, 20, 200, false, false},
		{"limited by height", 400, 130, 0, 10, 200, false, false},
		{"one line only", 600, 1000, 1, 5, 200, false, false},
		{"overflows at min", 100, 20, 2, 30, 60, false, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			fit, err := e.CopyFit(b, c.w, c.h, c.maxLines, c.min, c.max)
			var ov *Overflow
			if c.wantOveflow {
				if !errors.As(err, &ov) || !strings.Contains(err.Error(), "does not fit at the minimum size 30.0 pt") {
					t.Fatalf("want an overflow error, got %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !fit.Fits(c.w, c.h, c.maxLines) {
				t.Fatalf("chosen size %.1f does not fit", fit.Size)
			}
			if c.wantAtMax {
				if fit.Size != c.max {
					t.Fatalf("size %.1f, want the maximum %.1f", fit.Size, c.max)
				}
				return
			}
			if fit.Size >= c.max {
				t.Fatalf("size %.1f: the case should not fit at the maximum", fit.Size)
			}
			if next := e.Layout(b, fit.Size+sizeStep, c.w); next.Fits(c.w, c.h, c.maxLines) {
				t.Errorf("%.1f pt fits too, larger than the chosen %.1f pt", fit.Size+sizeStep, fit.Size)
			}
		})
	}
}

func TestAlignment(t *testing.T) {
	e := NewEngine(fonts.Default())
	const x, w = 100.0, 400.0
	for _, c := range []struct {
		lang, text string
		align      Align
		edge       string // "left", "right", "center", "both"
	}{
		{"ar", "حماية الأطفال", Start, "right"},
		{"ar", "حماية الأطفال", End, "left"},
		{"en", "Protecting children", Start, "left"},
		{"en", "Protecting children", End, "right"},
		{"en", "Protecting children", Center, "center"},
		{"ar", "حماية الأطفال في الفضاء السيبراني حماية الأطفال في الفضاء السيبراني", Justify, "both"},
		{"en", "Protecting children in cyberspace, protecting children in cyberspace", Justify, "both"},
		{"zh", "保障儿童网上安全，保障儿童网上安全，保障儿童网上安全。", Justify, "both"},
	} {
		t.Run(c.lang+"/"+c.align.String(), func(t *testing.T) {
			b, err := e.Shape(c.text, c.lang, Style{})
			if err != nil {
				t.Fatal(err)
			}
			fit := e.Layout(b, 24, w)
			runs := fit.Place(b, x, 0, w, 500, c.align, Top)
			left, right := math.Inf(1), math.Inf(-1)
			for _, r := range runs {
				for _, g := range r.Glyphs {
					if g.Y > runs[0].Glyphs[0].Y+1 { // first line only
						continue
					}
					left = min(left, g.X)
					right = max(right, g.X+g.Advance)
				}
			}
			near := func(a, b float64) bool { return math.Abs(a-b) < 1.5 }
			ok := map[string]bool{
				"left":   near(left, x) && right < x+w-10,
				"right":  near(right, x+w) && left > x+10,
				"center": near((left+right)/2, x+w/2) && left > x+10,
				"both":   near(left, x) && near(right, x+w),
			}[c.edge]
			if !ok {
				t.Errorf("first line spans %.1f–%.1f in a box %.1f–%.1f, want %s aligned", left, right, x, x+w, c.edge)
			}
		})
	}
}
