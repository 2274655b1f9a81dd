package text

import (
	"math"

	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"
)

// Copy-fitting tries about ten sizes and keeps one. Building every trial's
// lines (a Glyph with its text per glyph) cost some 3 kB per byte of input,
// so trials are only measured: extent is what copy-fitting needs of a
// layout, and lines are built once, at the size chosen.

// extent is a block's line count and widest line at one size.
type extent struct {
	lines      int
	lineHeight float64 // points
	height     float64 // points: lines × line height
	maxWidth   float64 // points: the widest line
}

// fits reports what Fit.Fits reports for a Fit with this extent.
func (x extent) fits(w, h float64, maxLines int) bool {
	return fits(x.maxWidth, x.height, x.lines, w, h, maxLines)
}

// fits reports whether lines lines, the widest maxWidth points wide and
// together height points tall, fit a box of w × h points in at most
// maxLines lines (0: no limit).
func fits(maxWidth, height float64, lines int, w, h float64, maxLines int) bool {
	const eps = 1e-6
	return maxWidth <= w+eps && height <= h+eps && (maxLines <= 0 || lines <= maxLines)
}

// measure returns the extent of e.Layout(b, size, boxWidth) without
// building its lines. A line's width is the sum of its advances: they are
// whole 26.6 units at refSize, so float64(sum)*toEm equals placeLine's sum
// of float64(advance)*toEm exactly.
func (e *Engine) measure(b *Block, size, boxWidth float64) extent {
	x := extent{lineHeight: b.Style.Leading * size}
	width := boxWidth / size
	for _, p := range b.Paragraphs {
		if len(p.Runs) == 0 {
			x.lines++ // an empty line, 0 wide
			continue
		}
		_, maxW := wrapConfig(b, width)
		spans := breakParagraph(p, int64(maxW), b.Style.Balance)
		for _, s := range spans {
			x.maxWidth = max(x.maxWidth, float64(p.breaks.width(p, s.start, s.end, s.hyphen))*toEm*size)
		}
		x.lines += len(spans)
	}
	x.height = float64(x.lines)*x.lineHeight + paragraphGap(b, size, len(b.Paragraphs))
	return x
}

// wrapConfig is how go-text's LineWrapper would wrap b's paragraphs width
// em wide; Wrap and measure take its width, and the tests its first fit.
func wrapConfig(b *Block, width float64) (shaping.WrapConfig, fixed.Int26_6) {
	// placeLine trims each line's trailing whitespace itself (rule L1).
	cfg := shaping.WrapConfig{Direction: b.Dir, BreakPolicy: shaping.Never, DisableTrailingWhitespaceTrim: true}
	// Widths are 26.6 fixed point at refSize: clamp to int32, which
	// holds 32,000 em, more than any frame.
	maxW := fixed.Int26_6(math.Floor(min(max(width, 0), 30000) * refSize * 64))
	return cfg, maxW
}

// wrapCopy returns a copy of p's runs for go-text's line wrapper (the
// tests' first-fit reference), which zeroes
// trailing spaces in place, so the shaped paragraph can be wrapped again at
// another size. The copies live in the engine's buffers and are
// overwritten by the next call: the wrapped lines must be used before.
func (e *Engine) wrapCopy(p *Paragraph) []shaping.Output {
	e.runBuf = append(e.runBuf[:0], p.Runs...)
	n := 0
	for _, r := range p.Runs {
		n += len(r.Glyphs)
	}
	if cap(e.glyphBuf) < n {
		e.glyphBuf = make([]shaping.Glyph, 0, n)
	}
	e.glyphBuf = e.glyphBuf[:0]
	for i, r := range p.Runs {
		start := len(e.glyphBuf)
		e.glyphBuf = append(e.glyphBuf, r.Glyphs...)
		e.runBuf[i].Glyphs = e.glyphBuf[start:len(e.glyphBuf):len(e.glyphBuf)]
	}
	return e.runBuf
}
