package text

import (
	"fmt"
	"sort"
	"unicode"

	"github.com/go-text/typesetting/di"
)

// Align is a frame's horizontal alignment, in the paragraph's own direction:
// Start is the left edge for left-to-right text and the right edge for
// right-to-left text.
type Align uint8

const (
	Start Align = iota
	Center
	End
	Justify
)

var alignNames = [...]string{"start", "center", "end", "justify"}

func (a Align) String() string { return alignNames[a] }

// ParseAlign reads "start", "center", "end" or "justify".
func ParseAlign(s string) (Align, error) {
	for i, n := range alignNames {
		if s == n {
			return Align(i), nil
		}
	}
	return 0, fmt.Errorf("unknown alignment %q (want start, center, end or justify)", s)
}

// VAlign is a frame's vertical alignment.
type VAlign uint8

const (
	Top VAlign = iota
	Middle
	Bottom
)

var valignNames = [...]string{"top", "middle", "bottom"}

func (v VAlign) String() string { return valignNames[v] }

// ParseVAlign reads "top", "middle" or "bottom".
func ParseVAlign(s string) (VAlign, error) {
	for i, n := range valignNames {
		if s == n {
			return VAlign(i), nil
		}
	}
	return 0, fmt.Errorf("unknown vertical alignment %q (want top, middle or bottom)", s)
}

// PlacedRun is a run with glyph positions in points on the page: X, Y is
// each glyph's origin on the baseline, y down. Place returns the runs of
// each line in logical order (the order the text is read in), which is the
// order readers of a PDF expect them.
type PlacedRun struct {
	Run
	Size float64
}

// Place positions the lines of f in the box (x, y, w, h in points, y down)
// and returns the runs with absolute glyph positions in points.
func (f Fit) Place(b *Block, x, y, w, h float64, align Align, valign VAlign) []PlacedRun {
	size := f.Size
	top := y
	switch valign {
	case Middle:
		top = y + (h-f.Height)/2
	case Bottom:
		top = y + h - f.Height
	}
	rtl := b.Dir == di.DirectionRTL
	// CSS's half-leading model: the font's ascent+descent centred in the
	// line box.
	baseline0 := top + (f.LineHeight-(b.Ascent+b.Descent)*size)/2 + b.Ascent*size
	var out []PlacedRun
	for i, line := range f.Lines {
		width := line.Width * size
		extra := w - width
		var dx, gap float64 // line offset; extra space per justification point
		switch {
		case align == Center:
			dx = extra / 2
		case align == End && !rtl, (align == Start || align == Justify) && rtl:
			dx = extra
		}
		expand := isSpace
		if align == Justify && !line.Last && extra > 0 {
			n := countGaps(line, isSpace)
			if n == 0 {
				// Scripts without spaces (Chinese) justify between clusters.
				expand = isClusterStart
				n = countGaps(line, expand)
			}
			if n > 0 {
				gap = extra / float64(n)
				dx = 0
			}
		}
		baseline := baseline0 + float64(i)*f.LineHeight
		shift := 0.0
		placed := make([]PlacedRun, 0, len(line.Runs))
		for _, r := range line.Runs {
			pr := PlacedRun{Run: Run{Font: r.Font, RTL: r.RTL, Logical: r.Logical}, Size: size}
			for _, g := range r.Glyphs {
				pg := g
				pg.X = x + dx + shift + g.X*size
				pg.Y = baseline - g.Y*size
				pg.Advance = g.Advance * size
				pr.Glyphs = append(pr.Glyphs, pg)
				if gap > 0 && g.Advance > 0 && expand(g) {
					shift += gap
				}
			}
			placed = append(placed, pr)
		}
		sort.SliceStable(placed, func(a, b int) bool { return placed[a].Logical < placed[b].Logical })
		out = append(out, placed...)
	}
	return out
}

func isSpace(g Glyph) bool {
	for _, r := range g.Text {
		return unicode.IsSpace(r)
	}
	return false
}

func isClusterStart(g Glyph) bool { return g.Text != "" }

// countGaps counts glyphs after which justification adds space, leaving
// out the line's last glyph.
func countGaps(l Line, expand func(Glyph) bool) int {
	n, total := 0, 0
	for _, r := range l.Runs {
		total += len(r.Glyphs)
	}
	i := 0
	for _, r := range l.Runs {
		for _, g := range r.Glyphs {
			i++
			if i < total && g.Advance > 0 && expand(g) {
				n++
			}
		}
	}
	return n
}
