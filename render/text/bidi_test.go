package text

import (
	"slices"
	"strings"
	"testing"

	"posterkit/fonts"
)

// visualText is a line's text as it reads from left to right, character by
// character: the glyph texts in visual order, each right-to-left glyph's
// text reversed (a glyph carries its cluster's text in logical order).
func visualText(l Line) string {
	var b strings.Builder
	for _, r := range l.Runs {
		for _, g := range r.Glyphs {
			rs := []rune(g.Text)
			if r.RTL {
				slices.Reverse(rs)
			}
			b.WriteString(string(rs))
		}
	}
	return b.String()
}

// TestMixedDirectionLineInUAX9VisualOrder checks lines mixing Arabic, Latin
// and digits against GNU FriBidi 1.0.8 (Debian libfribidi-bin): the visual
// strings are the text indexed by the visual-to-logical map of
// `fribidi --ltr|--rtl --novisual --vtol`. Digits after an Arabic word in a
// left-to-right paragraph sit at level 2 inside the word's level 1, so they
// go to its left; go-text alone ordered them after it, with the space
// between moved to the word's far side.
func TestMixedDirectionLineInUAX9VisualOrder(t *testing.T) {
	e := NewEngine(fonts.Default())
	for _, c := range []struct {
		name, lang, text, want string
	}{
		{"ltr digits after arabic", "en", "Protecting الأطفال 2009 and", "Protecting 2009 لافطألا and"},
		{"ltr digits after arabic in RLI", "en", "Protecting \u2067الأطفال 2009\u2069 and", "Protecting \u20672009 لافطألا\u2069 and"},
		{"rtl digits and latin", "ar", "في عام 2009 يدعو ITU", "ITU وعدي 2009 ماع يف"},
		{"rtl latin words after digits", "ar", "حماية الأطفال 2009 and ITU", "and ITU 2009 لافطألا ةيامح"},
		{"rtl brackets around latin", "ar", "17 مايو 2009 (ITU)", ")ITU( 2009 ويام 17"},
	} {
		t.Run(c.name, func(t *testing.T) {
			b, err := e.Shape(c.text, c.lang, Style{Role: fonts.Text})
			if err != nil {
				t.Fatal(err)
			}
			lines := e.Wrap(b, 1000)
			if len(lines) != 1 {
				t.Fatalf("%d lines, want 1", len(lines))
			}
			if got := visualText(lines[0]); got != c.want {
				t.Errorf("visual order\n got %q\nwant %q", got, c.want)
			}
			// Positions follow the visual order.
			prev := -1.0
			for _, r := range lines[0].Runs {
				for _, g := range r.Glyphs {
					if g.X-g.OffX < prev-1e-9 {
						t.Errorf("glyph %q at %.3f em is left of the glyph before it (%.3f em)", g.Text, g.X, prev)
					}
					prev = g.X - g.OffX
				}
			}
		})
	}
}

// TestLineEndSpaceGoesToParagraphLevel wraps "Protecting الأطفال and" so
// that the first line ends in the Arabic word and its space: rule L1 puts
// the space back at the paragraph's level, at the line's right end, with no
// width, instead of left of the Arabic word.
func TestLineEndSpaceGoesToParagraphLevel(t *testing.T) {
	e := NewEngine(fonts.Default())
	b, err := e.Shape("Protecting الأطفال and", "en", Style{Role: fonts.Text})
	if err != nil {
		t.Fatal(err)
	}
	one := e.Wrap(b, 1000)[0].Width
	lines := e.Wrap(b, one-0.5) // " and" is about 2 em: it goes to line 2
	if len(lines) != 2 {
		t.Fatalf("%d lines, want 2", len(lines))
	}
	if got, want := visualText(lines[0]), "Protecting لافطألا "; got != want {
		t.Errorf("line 1 reads %q, want %q", got, want)
	}
	l := lines[0]
	sp := l.Runs[len(l.Runs)-1].Glyphs[len(l.Runs[len(l.Runs)-1].Glyphs)-1]
	if sp.Text != " " || sp.Advance != 0 || sp.X < l.Width-1e-9 {
		t.Errorf("line end space %+v, want advance 0 at the line's right end (%.3f em)", sp, l.Width)
	}
}
