package text

import (
	"testing"

	"posterkit/fonts"
)

func always(int, int) bool { return true }

// TestKashidaPlaceFollowsArabicPriorities checks the place each word
// takes its tatweels, marked with ـ in want.
func TestKashidaPlaceFollowsArabicPriorities(t *testing.T) {
	cases := []struct{ word, want string }{
		{"السياسات", "السياسـات"},       // 2: after a medial seen, the last of the two
		{"الاتحاد", "الاتحـاد"},         // 3: before a final dal
		{"آمنة", "آمنـة"},               // 3: before a final teh marbuta
		{"الأطفال", "الأطفـال"},         // 4: before alef, the last of equals
		{"مقرري", "مقـرري"},             // 7: before reh (never before the final yeh)
		{"الخط", "الخـط"},               // 4: before a final tah
		{"كتب", "كتـب"},                 // 7: before the last letter
		{"في", "في"},                    // none: only a final yeh to stretch before
		{"لا", "لا"},                    // none: lam-alef
		{"ود", "ود"},                    // none: waw does not join to the left
		{"مي\u200cكنم", "مي\u200cكنـم"}, // never across ZWNJ: the place is in the second word
		{"بـاب", "بـاب"},                // 1: after the author's tatweel
	}
	for _, c := range cases {
		text := []rune(c.word)
		got := c.word
		// Words end at ZWNJ, as prepareKashida splits them.
		start := 0
		for k := 0; k <= len(text); k++ {
			if k < len(text) && text[k] != 0x200C {
				continue
			}
			if at, _ := wordKashida(text, start, k, always); at >= 0 && text[at] != 0x0640 {
				got = string(text[:at+1]) + "ـ" + string(text[at+1:])
			}
			start = k + 1
		}
		if got != c.want {
			t.Errorf("%s: kashida as %s, want %s", c.word, got, c.want)
		}
	}
}

// TestNoKashidaWhereForbidden justifies Arabic paragraphs full of the
// forbidden places and checks every tatweel drawn.
func TestNoKashidaWhereForbidden(t *testing.T) {
	e := NewEngine(fonts.Default())
	text := bundledText(t, "ar", "body") + " في الدولي لا الاتصالات مي\u200cكنم وردود داري"
	b, err := e.Shape(text, "ar", Style{Role: fonts.Text})
	if err != nil {
		t.Fatal(err)
	}
	p := b.Paragraphs[0]
	size, w := 20.0, 250.0
	fit := e.Layout(b, size, w)
	placed := fit.Place(b, 0, 0, w, 1000, Justify, Top)
	n := 0
	for _, r := range placed {
		for _, g := range r.Glyphs {
			tw, ok := p.tatweel[e.faces[r.Font]]
			if g.Text != "" || !ok || uint16(tw.GlyphID) != g.ID {
				continue
			}
			n++
			c := g.Cluster
			// The letter it follows, and the next letter.
			k := c + 1
			for k < len(p.Text) {
				if typ, _, _ := joinProps(p.Text[k]); typ != 'T' {
					break
				}
				k++
			}
			if k >= len(p.Text) {
				t.Errorf("tatweel after the paragraph's last letter")
				continue
			}
			prev, next := p.Text[c], p.Text[k]
			pt, pg, _ := joinProps(prev)
			_, ng, _ := joinProps(next)
			if pt != 'D' && pt != 'C' {
				t.Errorf("tatweel after %q, which does not join to the left", prev)
			}
			if pg == jgLam && ng == jgAlef {
				t.Errorf("tatweel inside lam-alef at %d", c)
			}
			if next == 0x200C || prev == 0x200C || next == ' ' {
				t.Errorf("tatweel across %q", next)
			}
			end := k + 1
			for end < len(p.Text) {
				if typ, _, _ := joinProps(p.Text[end]); typ != 'T' {
					break
				}
				end++
			}
			if isYehLike(ng) && (end == len(p.Text) || p.Text[end] == ' ' || p.Text[end] == '.' || p.Text[end] == '،') && pg != jgSeen && pg != jgSad {
				t.Errorf("tatweel before a final yeh: %q", string(p.Text[max(0, c-3):min(len(p.Text), end+1)]))
			}
		}
	}
	if n == 0 {
		t.Fatal("no tatweel drawn in a justified Arabic paragraph")
	}
	t.Logf("%d tatweels", n)
}
