package text

import (
	"errors"
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"posterkit/fonts"
)

func TestTextOverTheFrameLimitIsRefused(t *testing.T) {
	e := NewEngine(fonts.Default())
	for _, c := range []struct {
		name, text string
		chars      int
		msg        string
	}{
		{"one character over", strings.Repeat("a", MaxText+1), MaxText + 1,
			"text: the text has 20,001 characters; a frame holds at most 20,000"},
		{"Arabic, counted in characters", strings.Repeat("حماية ", 25000/6) + "حماية", 25000/6*6 + 5,
			"text: the text has 25,001 characters; a frame holds at most 20,000"},
		// The paragraph that came out as "0 lines too many … a line
		// 165780 mm too wide": its advance wrapped past int32.
		{"the 69,000-character paragraph", string([]rune(strings.Repeat("Protecting children in cyberspace. ", 69000/35+1))[:69000]), 69000,
			"text: the text has 69,000 characters; a frame holds at most 20,000"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := e.Shape(c.text, "en", Style{Role: fonts.Text})
			var tl *TooLong
			if !errors.As(err, &tl) {
				t.Fatalf("want a *TooLong, got %v", err)
			}
			if tl.Chars != c.chars || tl.Limit != MaxText || tl.Paragraph != 0 {
				t.Errorf("got %+v, want %d characters over a limit of %d", *tl, c.chars, MaxText)
			}
			if err.Error() != c.msg {
				t.Errorf("got %q\nwant %q", err, c.msg)
			}
			if _, err := e.ShapeRun(byName(t, "NotoSans-Regular"), RunSpec{Text: c.text}); !errors.As(err, &tl) {
				t.Errorf("ShapeRun: want a *TooLong, got %v", err)
			}
		})
	}
}

// TestTextAtTheFrameLimitShapesAndFits shapes and copy-fits MaxText
// characters of mixed Latin, Arabic and Chinese: every character comes out
// once, no line is wider than the box, and the size is the largest that
// fits. (BenchmarkShapeMemory measures its time and memory.)
func TestTextAtTheFrameLimitShapesAndFits(t *testing.T) {
	e := NewEngine(fonts.Default())
	txt := mixedText(MaxText)
	if n := utf8.RuneCountInString(txt); n != MaxText || len(txt) <= MaxText {
		t.Fatalf("%d characters in %d bytes, want %d multi-byte characters", n, len(txt), MaxText)
	}
	b, err := e.Shape(txt, "en", Style{Role: fonts.Text})
	if err != nil {
		t.Fatal(err)
	}
	const w, h = 400.0, 12000.0
	fit, err := e.CopyFit(b, w, h, 0, 6, 72)
	if err != nil {
		t.Fatal(err)
	}
	if fit.Size <= 6 || fit.Size >= 72 {
		t.Fatalf("copy-fit chose %.1f pt: the box should fit between the sizes", fit.Size)
	}
	if e.Layout(b, fit.Size+sizeStep, w).Fits(w, h, 0) {
		t.Errorf("%.1f pt fits too, larger than the chosen %.1f pt", fit.Size+sizeStep, fit.Size)
	}
	var got strings.Builder
	for _, l := range fit.Lines {
		if l.Width*fit.Size > w+1e-6 {
			t.Errorf("a line is %.1f pt wide in a %.0f pt box", l.Width*fit.Size, w)
		}
		for _, r := range l.Runs {
			for _, g := range r.Glyphs {
				got.WriteString(g.Text)
			}
		}
	}
	if a, b := runeCounts(got.String()), runeCounts(strings.ReplaceAll(txt, "\n", "")); !equalCounts(a, b) {
		t.Errorf("the lines' glyph texts hold other characters than the text")
	}
}

func runeCounts(s string) map[rune]int {
	m := map[rune]int{}
	for _, r := range s {
		m[r]++
	}
	return m
}

func equalCounts(a, b map[rune]int) bool {
	if len(a) != len(b) {
		return false
	}
	for r, n := range a {
		if b[r] != n {
			return false
		}
	}
	return true
}

// TestParagraphWiderThanTheWrapperCanSumIsRefused puts n copies of
// U+FDFD, 12.3 em in Noto Kufi Arabic Black, in one paragraph: the most
// whose advance an int32 holds at refSize shape and wrap to their true
// width; one more is refused, where go-text's sums would wrap negative.
func TestParagraphWiderThanTheWrapperCanSumIsRefused(t *testing.T) {
	e := NewEngine(fonts.Default())
	st := Style{Role: fonts.Display, Weight: fonts.Black}
	one, err := e.Shape("\uFDFD", "ar", st)
	if err != nil {
		t.Fatal(err)
	}
	if f := one.Paragraphs[0].Font[0].Name; f != "NotoKufiArabic-Black" {
		t.Fatalf("U+FDFD is in %s, want NotoKufiArabic-Black", f)
	}
	adv := advance(one.Paragraphs[0].Runs[0])
	if em := float64(adv) * toEm; em < 12 || em > 13 {
		t.Fatalf("U+FDFD is %.3f em wide, want about 12.3", em)
	}
	most := int(math.MaxInt32 / adv) // 2,659
	t.Run("at the limit", func(t *testing.T) {
		b, err := e.Shape("Protecting children\n"+strings.Repeat("\uFDFD", most), "ar", st)
		if err != nil {
			t.Fatal(err)
		}
		if got := advance(b.Paragraphs[1].Runs[0]); got != int64(most)*adv || len(b.Paragraphs[1].Runs) != 1 {
			t.Fatalf("the paragraph shaped to %d units in %d runs, want %d in one", got, len(b.Paragraphs[1].Runs), int64(most)*adv)
		}
		// No break between the copies: one line as wide as all of them.
		lines := e.Wrap(b, 100)
		want := float64(int64(most)*adv) * toEm
		if len(lines) != 2 || lines[1].Width != want {
			t.Fatalf("%d lines, the second %.1f em wide; want 2, the second %.1f em", len(lines), lines[1].Width, want)
		}
		_, err = e.CopyFit(b, 500, 500, 0, 10, 20)
		var ov *Overflow
		if !errors.As(err, &ov) || ov.ExtraLines() != 0 || math.Abs(ov.Width-want*10) > 1e-6 {
			t.Fatalf("want an overflow by the line's true width %.0f pt, got %v", want*10, err)
		}
	})
	t.Run("one over", func(t *testing.T) {
		_, err := e.Shape("Protecting children\n"+strings.Repeat("\uFDFD", most+1), "ar", st)
		var tl *TooLong
		if !errors.As(err, &tl) {
			t.Fatalf("want a *TooLong, got %v", err)
		}
		if tl.Paragraph != 2 || tl.Chars != most+1 || tl.Limit != 0 {
			t.Errorf("got %+v, want paragraph 2 of %d characters", *tl, most+1)
		}
		const msg = "text: paragraph 2 (2,660 characters) is 32,779 em long on one line; a paragraph can be at most 32,767 em (go-text's fixed-point limit): split it"
		if err.Error() != msg {
			t.Errorf("got %q\nwant %q", err, msg)
		}
	})
	t.Run("letter spacing", func(t *testing.T) {
		// 19,000 characters, under MaxText, each 2.6 em with the spacing.
		_, err := e.Shape(strings.Repeat("o", 19000), "en", Style{Role: fonts.Text, LetterSpacing: 2})
		var tl *TooLong
		if !errors.As(err, &tl) || tl.Paragraph != 1 || tl.Chars != 19000 {
			t.Fatalf("want a *TooLong for paragraph 1, got %v", err)
		}
	})
}

// TestOverflowNamesWhatDoesNotFit: an overflow always says what is wrong,
// and never "0 lines too many".
func TestOverflowNamesWhatDoesNotFit(t *testing.T) {
	e := NewEngine(fonts.Default())
	for _, c := range []struct {
		name, text string
		w, h       float64
		maxLines   int
		want       []string
		extra      int
	}{
		{"a word too wide", "Telecommunication", 50, 500, 0, []string{"has a line", "mm too wide"}, 0},
		{"too many lines", "Protecting children in cyberspace", 200, 500, 1, []string{"needs 3 lines, 1 allowed", "2 lines too many"}, 2},
		{"too tall", "Protecting children in cyberspace", 200, 40, 0, []string{"mm too tall", "2 lines too many (3 needed, 1 fit)"}, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			b, err := e.Shape(c.text, "en", Style{Role: fonts.Text})
			if err != nil {
				t.Fatal(err)
			}
			_, err = e.CopyFit(b, c.w, c.h, c.maxLines, 30, 30)
			var ov *Overflow
			if !errors.As(err, &ov) {
				t.Fatalf("want an overflow, got %v", err)
			}
			msg := err.Error()
			if ov.ExtraLines() != c.extra || strings.Contains(msg, "0 lines too many") || strings.HasSuffix(msg, ": ") {
				t.Errorf("%d lines too many: %q", ov.ExtraLines(), msg)
			}
			for _, s := range c.want {
				if !strings.Contains(msg, s) {
					t.Errorf("%q does not say %q", msg, s)
				}
			}
		})
	}
}
