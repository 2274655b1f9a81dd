package text

// Thai and Lao are written without spaces between words, and UAX #14 gives
// their letters class SA, which go-text's line breaker treats as one long
// word: a Thai sentence could only break at its spaces. Without a word
// dictionary, posterkit breaks between Thai character clusters (TCCs,
// after Theeramunkong et al., "Character Cluster Based Thai Information
// Retrieval", 2000): never between a leading vowel and its consonant,
// never before a combining vowel or tone mark, a following vowel (ะ า ำ
// ๅ), ฯ or ๆ, nor before a consonant silenced by a thanthakhat (์). The
// break opportunities are zero-width spaces inserted before shaping (UAX
// #14 class ZW); they carry no source text, so text extracted from a PDF is
// the text as written.

// zwsp is U+200B ZERO WIDTH SPACE, a break opportunity with no width.
const zwsp = '\u200b'

// tccClass classifies a Thai or Lao letter for cluster breaking.
type tccClass uint8

const (
	tccOther    tccClass = iota // not Thai or Lao: no break inserted next to it
	tccBase                     // consonants, independent vowels, digits
	tccLeading                  // เ แ โ ใ ไ (Lao ເ ແ ໂ ໃ ໄ): attach to what follows
	tccFollow                   // combining marks, following vowels, ฯ ๆ, ์: attach to what precedes
	tccSilencer                 // ์ (thanthakhat), ໌: silences the consonant before it
)

func classify(r rune) tccClass {
	switch {
	case r == 0x0E4C || r == 0x0ECC:
		return tccSilencer
	case r >= 0x0E40 && r <= 0x0E44, r >= 0x0EC0 && r <= 0x0EC4:
		return tccLeading
	case r == 0x0E31, r >= 0x0E34 && r <= 0x0E3A, r >= 0x0E47 && r <= 0x0E4E,
		r == 0x0E30, r == 0x0E32, r == 0x0E33, r == 0x0E45, r == 0x0E2F, r == 0x0E46,
		r == 0x0EB1, r >= 0x0EB4 && r <= 0x0EBC, r >= 0x0EC8 && r <= 0x0ECD,
		r == 0x0EB0, r == 0x0EB2, r == 0x0EB3, r == 0x0EC6:
		return tccFollow
	case r >= 0x0E01 && r <= 0x0E2E, r >= 0x0E50 && r <= 0x0E59,
		r >= 0x0E81 && r <= 0x0EAE, r >= 0x0ED0 && r <= 0x0ED9, r >= 0x0EDC && r <= 0x0EDF:
		return tccBase
	}
	return tccOther
}

// insertClusterBreaks returns text with a zero-width space at every break
// opportunity between Thai or Lao clusters, and which runes it inserted.
// Text without Thai or Lao is returned as is, with a nil mask.
func insertClusterBreaks(text []rune) ([]rune, []bool) {
	var out []rune
	var inserted []bool
	for i, r := range text {
		if i > 0 && breakBefore(text, i) {
			if out == nil {
				out = append(make([]rune, 0, len(text)+len(text)/3), text[:i]...)
				inserted = make([]bool, i, cap(out))
			}
			out = append(out, zwsp)
			inserted = append(inserted, true)
		}
		if out != nil {
			out = append(out, r)
			inserted = append(inserted, false)
		}
	}
	if out == nil {
		return text, nil
	}
	return out, inserted
}

// breakBefore reports a cluster boundary between text[i-1] and text[i].
func breakBefore(text []rune, i int) bool {
	prev, cur := classify(text[i-1]), classify(text[i])
	if prev == tccOther || cur == tccOther || prev == tccLeading {
		return false
	}
	if cur == tccFollow || cur == tccSilencer {
		return false
	}
	if isDigit(text[i-1]) && isDigit(text[i]) {
		return false // a number stays whole
	}
	// A consonant silenced by ์, possibly with a vowel mark between
	// (การ์ตูน, จันทร์), belongs to the cluster before it.
	for j := i + 1; j < len(text) && j <= i+2; j++ {
		c := classify(text[j])
		if c == tccSilencer {
			return false
		}
		if c != tccFollow {
			break
		}
	}
	return true
}

// isDigit reports Thai and Lao digits.
func isDigit(r rune) bool { return r >= 0x0E50 && r <= 0x0E59 || r >= 0x0ED0 && r <= 0x0ED9 }
