package hyphen

import (
	"strings"
	"testing"
)

// TestHyphenationMatchesReferences checks words whose hyphenation is
// published: the TeXbook's (appendix H, with Knuth's patterns, which
// hyph-en-us extends), each exceptions file's own words, and Spanish,
// French and Russian syllable division as their academies' rules give it.
func TestHyphenationMatchesReferences(t *testing.T) {
	cases := []struct{ lang, want string }{
		{"en", "hy-phen-ation"},
		{"en", "su-per-cal-ifrag-ilis-tic-ex-pi-ali-do-cious"}, // The TeXbook, p. 453
		{"en", "Pro-tect-ing"},
		{"en", "chil-dren"},
		{"en", "in-for-ma-tion"},
		{"en-GB", "ta-ble"},
		{"es", "te-le-co-mu-ni-ca-ción"}, // RAE: sílabas te-le-co-mu-ni-ca-ción
		{"es", "pro-te-ger"},
		{"es", "ni-ños"},
		{"fr", "té-lé-com-mu-ni-ca-tions"},
		{"fr", "pro-té-ger"},
		{"ru", "те-ле-ком-му-ни-ка-ций"},
		{"ru", "За-щи-та"},
	}
	for _, c := range cases {
		p := For(c.lang)
		if p == nil {
			t.Fatalf("no patterns for %s", c.lang)
		}
		word := strings.ReplaceAll(c.want, "-", "")
		if got := p.Hyphenate(word); got != c.want {
			t.Errorf("%s: %s hyphenated as %s, want %s", c.lang, word, got, c.want)
		}
	}
}

// TestExceptionListsAreHonoured runs every word of the shipped exceptions
// lists (hyph-*.hyp.txt) through Points.
func TestExceptionListsAreHonoured(t *testing.T) {
	for _, tag := range []string{"en-us", "ru"} {
		data, err := files.ReadFile("patterns/hyph-" + tag + ".hyp.txt")
		if err != nil {
			t.Fatal(err)
		}
		p, err := load(tag)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, want := range strings.Fields(string(data)) {
			word := strings.ReplaceAll(want, "-", "")
			if len([]rune(word)) < MinWord {
				continue
			}
			// The exceptions are written without the hyphenmin rule:
			// apply it to the expectation.
			w, pts := splitException(want)
			exp := (&Patterns{}).render([]rune(w), clip(pts, len([]rune(w)), p.Left, p.Right))
			if got := p.Hyphenate(word); got != exp {
				t.Errorf("%s: %s hyphenated as %s, want %s", tag, word, got, exp)
			}
			n++
		}
		if n < 10 {
			t.Errorf("%s: only %d exceptions tested", tag, n)
		}
	}
}

func TestHyphenminsComeFromTheFiles(t *testing.T) {
	for _, c := range []struct {
		lang        string
		left, right int
	}{{"en", 2, 3}, {"fr", 2, 2}, {"es", 2, 2}, {"ru", 2, 2}} {
		p := For(c.lang)
		if p.Left != c.left || p.Right != c.right {
			t.Errorf("%s: hyphenmins %d/%d, want %d/%d", c.lang, p.Left, p.Right, c.left, c.right)
		}
	}
}

func TestNoHyphenationOutsideWords(t *testing.T) {
	en := For("en")
	for _, w := range []string{"2009", "1234567", "www.itu.int", "itu.int/cop", "info@itu.int", "H2O2O2", "ABC-DEF", "word", "self-protection"} {
		if pts := en.Points([]rune(w)); len(pts) > 0 {
			t.Errorf("%q got break points %v", w, pts)
		}
	}
	if For("ar") != nil || For("zh") != nil {
		t.Error("patterns for a language that has none")
	}
}
