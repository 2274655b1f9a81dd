package text

import (
	"fmt"
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/go-text/typesetting/shaping"
)

// MaxText is the most characters (Unicode code points) a frame's text may
// have. A poster frame holds a few hundred: the longest of the bundled
// poster is the Spanish body, 735 characters. 20,000 characters are a
// small book's chapter; shaping and copy-fitting that many of Latin, Arabic
// and Chinese takes about 0.2 s, allocates 10 MB and holds at most about
// 6 MB at once (BenchmarkShapeMemory, about 170 bytes per input byte).
// Without a limit a megabyte of text took a gigabyte. Shape refuses longer
// text with a *TooLong.
const MaxText = 20000

// maxParagraphAdvance is the widest a paragraph may be on one line, in the
// 26.6 fixed-point units of refSize the engine shapes at: go-text keeps a
// run's advance, and the line wrapper a line's, in an int32
// (fixed.Int26_6). At 1024 px/em × 64 units/px = 65,536 units/em that is
// (2³¹ − 1) / 65,536, just under 32,768 em. Past it the sum wraps negative
// and the wrapper puts the whole paragraph on one line that "fits"
// (a 69,000-character paragraph came out as one line 165,780 mm too wide).
//
// In characters: the widest glyph of the bundled fonts is U+FDFD (﷽) in Noto
// Kufi Arabic Black, 12.3 em, so 2,660 of it pass the limit; ideographs
// are 1 em (32,768 characters) and Latin text about 0.5 em (about 65,000).
// Under MaxText only very wide glyphs, letter spacing or a font brought
// with --font get there, so Shape checks the shaped advance itself rather
// than a character count.
const maxParagraphAdvance = math.MaxInt32

// TooLong is the error for text beyond the engine's limits: more than
// MaxText characters (Paragraph is 0), or a paragraph too wide on one line
// to be wrapped (Paragraph is its number, from 1, and Em its width).
type TooLong struct {
	Chars     int     // characters of the text, or of the paragraph
	Limit     int     // MaxText, or 0 for a paragraph too wide
	Paragraph int     // 1-based; 0 for the whole text
	Em        float64 // the paragraph's width on one line, in em
}

func (e *TooLong) Error() string {
	if e.Paragraph == 0 {
		return fmt.Sprintf("text: the text has %s characters; a frame holds at most %s",
			thousands(e.Chars), thousands(e.Limit))
	}
	return fmt.Sprintf("text: paragraph %d (%s characters) is %s em long on one line; a paragraph can be at most %s em (go-text's fixed-point limit): split it",
		e.Paragraph, thousands(e.Chars), thousands(int(e.Em)), thousands(maxParagraphAdvance/(refSize*64)))
}

// thousands formats n with commas between groups of three digits.
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	out := make([]byte, 0, len(s)+len(s)/3)
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}

// checkLength refuses text of more than MaxText characters, counting
// without converting it.
func checkLength(text string) error {
	// Text of at most MaxText bytes has at most MaxText characters.
	if len(text) <= MaxText {
		return nil
	}
	if n := utf8.RuneCountInString(text); n > MaxText {
		return &TooLong{Chars: n, Limit: MaxText}
	}
	return nil
}

// checkAdvance refuses a shaped paragraph wider than maxParagraphAdvance on
// one line, summing its advances in 64 bits: go-text's own sums are int32
// and may already have wrapped. n is the paragraph's number, from 1.
func checkAdvance(p *Paragraph, n int) error {
	var sum int64
	for _, out := range p.Runs {
		sum += advance(out)
	}
	if sum > maxParagraphAdvance || -sum > maxParagraphAdvance {
		return &TooLong{Chars: len(p.Text) - count(p.Inserted), Paragraph: n, Em: float64(sum) * toEm}
	}
	return nil
}

// advance is the sum of a run's glyph advances, in 64 bits.
func advance(out shaping.Output) int64 {
	var sum int64
	for _, g := range out.Glyphs {
		sum += int64(g.Advance)
	}
	return sum
}
