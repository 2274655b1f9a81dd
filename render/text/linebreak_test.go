package text

import (
	"os"
	"strings"
	"testing"

	"github.com/go-text/typesetting/shaping"
	"go.yaml.in/yaml/v3"
	"golang.org/x/image/math/fixed"

	"posterkit/fonts"
)

// bundledText is a frame's text of the bundled poster in lang.
func bundledText(t *testing.T, lang, id string) string {
	t.Helper()
	data, err := os.ReadFile("../../layouts/wtisd-2009/strings/" + lang + ".yaml")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := yaml.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	return m[id]
}

// squaredSlack is the sum over all lines but the last of (slack / width)².
func squaredSlack(p *Paragraph, spans []span, maxW int64) float64 {
	sum := 0.0
	for _, s := range spans[:len(spans)-1] {
		r := float64(maxW-p.breaks.fitWidth(p, s.start, s.end, s.hyphen)) / float64(maxW)
		sum += r * r
	}
	return sum
}

// TestFirstFitIsGoTextsLineWrapper checks the baseline total fit is
// measured against: firstFit breaks where go-text's LineWrapper does.
func TestFirstFitIsGoTextsLineWrapper(t *testing.T) {
	e := NewEngine(fonts.Default())
	for _, lang := range []string{"en", "fr", "es", "ru", "ar", "zh"} {
		b, err := e.Shape(bundledText(t, lang, "body"), lang, Style{Role: fonts.Text})
		if err != nil {
			t.Fatal(err)
		}
		p := b.Paragraphs[0]
		for _, w := range []float64{8, 13, 21, 34} {
			cfg, maxW := wrapConfig(b, w)
			wrapped, _ := e.wrap.WrapParagraphF(cfg, maxW, p.Text, shapingIterator(e, p))
			ff := firstFit(p, int64(maxW))
			if len(ff) != len(wrapped) {
				t.Errorf("%s at %g em: first fit %d lines, go-text %d", lang, w, len(ff), len(wrapped))
				continue
			}
			for i, wl := range wrapped {
				if start := wl[0].Runes.Offset; start != ff[i].start {
					t.Errorf("%s at %g em: line %d starts at %d, go-text at %d", lang, w, i+1, ff[i].start, start)
				}
			}
		}
	}
}

// TestTotalFitBeatsFirstFit breaks the bundled bodies at a range of
// widths: total fit keeps first fit's line count and never has more
// squared slack, and has less in most cases.
func TestTotalFitBeatsFirstFit(t *testing.T) {
	e := NewEngine(fonts.Default())
	better, cases := 0, 0
	for _, lang := range []string{"en", "fr", "es", "ru"} {
		b, err := e.Shape(bundledText(t, lang, "body"), lang, Style{Role: fonts.Text})
		if err != nil {
			t.Fatal(err)
		}
		p := b.Paragraphs[0]
		for w := 10.0; w <= 40; w += 2.5 {
			maxW := int64(fixed.Int26_6(w * refSize * 64))
			ff, tf := firstFit(p, maxW), breakParagraph(p, maxW, false)
			if len(tf) != len(ff) {
				t.Errorf("%s at %g em: total fit %d lines, first fit %d", lang, w, len(tf), len(ff))
			}
			a, b := squaredSlack(p, ff, maxW), squaredSlack(p, tf, maxW)
			if b > a+1e-12 {
				t.Errorf("%s at %g em: total fit slack² %.4f > first fit %.4f", lang, w, b, a)
			}
			for _, s := range tf {
				if p.breaks.fitWidth(p, s.start, s.end, s.hyphen) > maxW {
					t.Errorf("%s at %g em: line %q overflows", lang, w, string(p.Text[s.start:s.end]))
				}
			}
			cases++
			if b < a-1e-9 {
				better++
			}
			t.Logf("%s %4.1f em: %2d lines, slack² first fit %.4f, total fit %.4f", lang, w, len(tf), a, b)
		}
	}
	if better < cases/2 {
		t.Errorf("total fit beat first fit in only %d of %d cases", better, cases)
	}
}

func lineTexts(lines []Line) []string {
	var out []string
	for _, l := range lines {
		var sb strings.Builder
		for _, r := range l.Runs {
			for _, g := range r.Glyphs {
				sb.WriteString(g.Text)
			}
		}
		out = append(out, strings.TrimSpace(sb.String()))
	}
	return out
}

func TestBalancedHeadline(t *testing.T) {
	e := NewEngine(fonts.Default())
	cases := []struct{ text, lang, want string }{
		{"Protecting children in cyberspace", "en", "Protecting children|in cyberspace"},
		{"Protéger les enfants dans le cyberespace", "fr", "Protéger les enfants|dans le cyberespace"},
	}
	for _, c := range cases {
		st := Style{Role: fonts.Display, Weight: fonts.Black}
		b, err := e.Shape(c.text, c.lang, st)
		if err != nil {
			t.Fatal(err)
		}
		one := e.Wrap(b, 1000)[0].Width
		// A width that fits all but the last word on line 1.
		first := e.Wrap(b, one*0.8)
		if len(first) != 2 {
			t.Fatalf("%s: %d lines at 80%%", c.text, len(first))
		}
		st.Balance = true
		bb, _ := e.Shape(c.text, c.lang, st)
		got := strings.Join(lineTexts(e.Wrap(bb, one*0.8)), "|")
		if got != c.want {
			t.Errorf("balanced %q as %q, want %q (unbalanced %q)", c.text, got, c.want, strings.Join(lineTexts(first), "|"))
		}
	}
}

// hyphens lists, per line, whether it ends with a hyphen the breaking drew.
func hyphens(lines []Line) []bool {
	var out []bool
	for _, l := range lines {
		// The clusters that stand for a soft hyphen, and their width.
		adv := map[int]float64{}
		soft := map[int]bool{}
		for _, r := range l.Runs {
			for _, g := range r.Glyphs {
				adv[g.Cluster] += g.Advance
				soft[g.Cluster] = soft[g.Cluster] || strings.HasSuffix(g.Text, string(shy))
			}
		}
		h := false
		for c := range soft {
			h = h || soft[c] && adv[c] > 0
		}
		out = append(out, h)
	}
	return out
}

func TestHyphenationOnlyInWords(t *testing.T) {
	e := NewEngine(fonts.Default())
	text := "Telecommunication organisations see www.itu.int/childprotection and childonlineprotection@itu.int in 12345678901234"
	b, err := e.Shape(text, "en", Style{Role: fonts.Text, Hyphenate: true})
	if err != nil {
		t.Fatal(err)
	}
	p := b.Paragraphs[0]
	for _, o := range p.breaks.opps {
		if !o.hyphen {
			continue
		}
		tok := text[strings.LastIndex(string(p.Text[:o.pos]), " ")+1:]
		if i := strings.Index(tok, " "); i >= 0 {
			tok = tok[:i]
		}
		if strings.ContainsAny(tok, "@/.0123456789") {
			t.Errorf("hyphenation point in %q", tok)
		}
	}
	lines := e.Wrap(b, 6)
	got := lineTexts(lines)
	if !strings.HasPrefix(got[0], "Tele") || !strings.HasSuffix(got[0], string(shy)) {
		t.Errorf("first line %q: want Telecommunication hyphenated", got[0])
	}
	for i, h := range hyphens(lines) {
		if h && (strings.ContainsAny(got[i], "@/0123456789")) {
			t.Errorf("line %q hyphenated", got[i])
		}
	}
	// Off unless asked.
	b2, _ := e.Shape(text, "en", Style{Role: fonts.Text})
	for _, o := range b2.Paragraphs[0].breaks.opps {
		if o.hyphen {
			t.Fatalf("hyphenation point at %d without Hyphenate", o.pos)
		}
	}
}

func TestSoftHyphenShownOnlyAtABreak(t *testing.T) {
	e := NewEngine(fonts.Default())
	text := "Super\u00adcali\u00adfragilistic word"
	b, err := e.Shape(text, "en", Style{Role: fonts.Text})
	if err != nil {
		t.Fatal(err)
	}
	wide := e.Wrap(b, 1000)
	if len(wide) != 1 || hyphens(wide)[0] {
		t.Errorf("on one line: hyphens %v", hyphens(wide))
	}
	full := wide[0].Width
	narrow := e.Wrap(b, full*0.45)
	h := hyphens(narrow)
	if len(narrow) < 2 || !h[0] {
		t.Fatalf("at 45%%: lines %q, hyphens %v", lineTexts(narrow), h)
	}
	if got := lineTexts(narrow)[0]; got != "Super\u00adcali\u00ad" && got != "Super\u00ad" {
		t.Errorf("first line %q", got)
	}
}

func shapingIterator(e *Engine, p *Paragraph) shaping.RunIterator {
	return shaping.NewSliceIterator(e.wrapCopy(p))
}

// TestHyphenGlyphComesFromTheWordsFont: the hyphen a Russian line ends
// with is U+2010 in the font of the word it breaks.
func TestHyphenGlyphComesFromTheWordsFont(t *testing.T) {
	e := NewEngine(fonts.Default())
	b, err := e.Shape("Всемирный день электросвязи и информационного общества", "ru", Style{Role: fonts.Text, Hyphenate: true})
	if err != nil {
		t.Fatal(err)
	}
	lines := e.Wrap(b, 7)
	found := 0
	for i, l := range lines {
		if !hyphens(lines[i : i+1])[0] {
			continue
		}
		for _, r := range l.Runs {
			for _, g := range r.Glyphs {
				if g.Text != string(shy) {
					continue
				}
				face, err := r.Font.NewFace()
				if err != nil {
					t.Fatal(err)
				}
				want, ok := face.NominalGlyph('\u2010')
				if !ok || uint16(want) != g.ID {
					t.Errorf("line %d: hyphen glyph %d, the font's U+2010 is %d", i+1, g.ID, want)
				}
				found++
			}
		}
	}
	if found == 0 {
		t.Fatalf("no hyphenated line in %q", lineTexts(lines))
	}
}
