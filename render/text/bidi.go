package text

import (
	"github.com/go-text/typesetting/unicodedata"
	"golang.org/x/text/unicode/bidi"
)

// The engine resolves bidi embedding levels itself (UAX #9,
// https://www.unicode.org/reports/tr9/) with bidi_core.go and
// bidi_bracket.go, golang.org/x/text/unicode/bidi's port of the Unicode
// reference implementation, because neither that package's API nor go-text
// hands out levels: bidi.Ordering reports runs by direction only, merging
// levels 0 and 2, and go-text's Segmenter and LineWrapper inherit that, so a
// left-to-right paragraph's "الأطفال 2009 and" became one right-to-left run
// followed by one left-to-right run "2009 and", and the wrapper ordered the
// line as if every right-to-left run sat at level 1. x/text's preparation
// also never pairs brackets (it gives "(" and ")" different pair values), so
// rule N0 never applied; paragraphLevels pairs them by Bidi_Paired_Bracket.

// paragraphLevels returns the embedding level of each rune of text after
// UAX #9 rules P2–I2, and the paragraph level: para is 0 (left to right),
// 1 (right to left) or implicitLevel for rules P2–P3. Characters removed by
// rule X9 (embedding controls, BN) take the level of the character before
// them. A paragraph separator (class B) inside text ends a paragraph (rule
// P1); the next one is resolved on its own with the same para, and the
// level returned is the first paragraph's.
func paragraphLevels(text []rune, para level) ([]level, level) {
	levels := make([]level, 0, len(text))
	first := para
	for start := 0; start < len(text); {
		end := start
		for end < len(text) {
			p, _ := bidi.LookupRune(text[end])
			end++
			if p.Class() == bidi.B {
				break
			}
		}
		lv, pl := resolveLevels(text[start:end], para)
		if start == 0 {
			first = pl
		}
		levels = append(levels, lv...)
		start = end
	}
	if first == implicitLevel {
		first = 0
	}
	return levels, first
}

// resolveLevels runs the reference algorithm on one paragraph (at most one
// B, at its end).
func resolveLevels(text []rune, para level) ([]level, level) {
	types := make([]bidi.Class, len(text))
	pairTypes := make([]bracketType, len(text))
	pairValues := make([]rune, len(text))
	for i, r := range text {
		p, _ := bidi.LookupRune(r)
		types[i] = p.Class()
		if !p.IsBracket() {
			continue
		}
		// BD16 pairs an opening bracket with the closing one whose
		// Bidi_Paired_Bracket it is, comparing canonical equivalents
		// (U+2329 〈 and U+3008 〈): both get the opener's canonical form.
		// Every Bidi_Paired_Bracket is also the character's
		// Bidi_Mirroring_Glyph (BidiBrackets.txt).
		open := r
		pairTypes[i] = bpOpen
		if !p.IsOpeningBracket() {
			pairTypes[i] = bpClose
			m, ok := unicodedata.LookupMirrorChar(r)
			if !ok {
				pairTypes[i] = bpNone
				continue
			}
			open = m
		}
		if a, b, ok := unicodedata.Decompose(open); ok && b == 0 {
			open = a
		}
		pairValues[i] = open
	}
	p, err := newParagraph(types, pairTypes, pairValues, para)
	if err != nil {
		// Only empty text or a misplaced B get here; both are excluded
		// by the caller. Keep the paragraph level rather than fail.
		lv := make([]level, len(text))
		for i := range lv {
			lv[i] = max(para, 0)
		}
		return lv, para
	}
	return p.resultLevels, p.embeddingLevel
}

// lineLevels applies rule L1 to one line: text and levels are the line's
// runes and their paragraph levels, para the paragraph level. Segment and
// paragraph separators, and whitespace (with isolate and embedding
// controls and BN) before them or at the end of the line, go back to the
// paragraph level. It returns a new slice.
func lineLevels(text []rune, levels []level, para level) []level {
	out := append([]level(nil), levels...)
	trailing := true // in whitespace that runs to the end of the line or a separator
	for i := len(text) - 1; i >= 0; i-- {
		p, _ := bidi.LookupRune(text[i])
		c := p.Class()
		switch {
		case c == bidi.B || c == bidi.S:
			out[i] = para
			trailing = true
		case trailing && isWhitespace(c):
			out[i] = para
		default:
			trailing = false
		}
	}
	return out
}

// trailingWhitespace returns the index in text where the whitespace that
// ends it starts (len(text) if it ends in something else), as rule L1
// counts whitespace.
func trailingWhitespace(text []rune) int {
	i := len(text)
	for i > 0 {
		p, _ := bidi.LookupRune(text[i-1])
		if !isWhitespace(p.Class()) {
			break
		}
		i--
	}
	return i
}

// visualOrder returns, for items (characters or runs) of one line in
// logical order with the given levels, the logical index of each item from
// left to right (rule L2).
func visualOrder(levels []level) []int { return computeReordering(levels) }
