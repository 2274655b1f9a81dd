package text

import (
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

// VAlign is a frame's vertical alignment.
type VAlign uint8

const (
	Top VAlign = iota
	Middle
	Bottom
)

var valignNames = [...]string{"top", "middle", "bottom"}

func (v VAlign) String() string { return valignNames[v] }

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
	paras := 0 // paragraphs ended above the line
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
		// Justification widens the gaps after spaces or, in scripts
		// without spaces (Chinese, Thai), between clusters: whole clusters
		// move, so marks stay on their letters.
		var tatweels map[[2]int]int // per (run, glyph): tatweels before it
		if align == Justify && !line.Last && extra > 0 && len(line.kashida) > 0 {
			tatweels, extra = kashidas(line.kashida, extra, size)
		}
		var widen []bool // per glyph in visual order: a gap before it
		if align == Justify && !line.Last && extra > 0 {
			widen = justifyGaps(line, true)
			n := count(widen)
			if n == 0 {
				widen = justifyGaps(line, false)
				n = count(widen)
			}
			if n > 0 {
				gap = extra / float64(n)
				dx = 0
			}
		}
		baseline := baseline0 + float64(i)*f.LineHeight + paragraphGap(b, size, paras+1)
		if line.Last {
			paras++
		}
		shift := 0.0
		k := 0
		placed := make([]PlacedRun, 0, len(line.Runs))
		for ri, r := range line.Runs {
			pr := PlacedRun{Run: Run{Font: r.Font, RTL: r.RTL, Logical: r.Logical}, Size: size}
			for gi, g := range r.Glyphs {
				if widen != nil && widen[k] {
					shift += gap
				}
				k++
				if n := tatweels[[2]int{ri, gi}]; n > 0 {
					slot := slotAt(line.kashida, ri, gi)
					pen := x + dx + shift + (g.X-g.OffX)*size
					for j := range n {
						pr.Glyphs = append(pr.Glyphs, Glyph{ID: slot.id, X: pen + float64(j)*slot.advance*size,
							Y: baseline, Advance: slot.advance * size, Cluster: slot.cluster})
					}
					shift += float64(n) * slot.advance * size
				}
				pg := g
				pg.X = x + dx + shift + g.X*size
				pg.Y = baseline - g.Y*size
				pg.Advance = g.Advance * size
				pr.Glyphs = append(pr.Glyphs, pg)
			}
			placed = append(placed, pr)
		}
		sort.SliceStable(placed, func(a, b int) bool { return placed[a].Logical < placed[b].Logical })
		out = append(out, placed...)
	}
	return out
}

// kashidas shares extra points of a justified line among its kashida
// slots, a tatweel at a time: each slot in order of priority takes one,
// then each a second, up to maxKashidas; it returns the tatweels per
// slot and what is left for the spaces.
func kashidas(slots []kashidaSlot, extra, size float64) (map[[2]int]int, float64) {
	order := make([]int, len(slots))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return slots[order[a]].prio < slots[order[b]].prio })
	out := map[[2]int]int{}
	for round := 0; round < maxKashidas; round++ {
		for _, i := range order {
			s := slots[i]
			if w := s.advance * size; w > 0 && extra >= w {
				out[[2]int{s.run, s.glyph}]++
				extra -= w
			}
		}
	}
	return out, extra
}

func slotAt(slots []kashidaSlot, run, glyph int) kashidaSlot {
	for _, s := range slots {
		if s.run == run && s.glyph == glyph {
			return s
		}
	}
	return kashidaSlot{}
}

func isSpace(g Glyph) bool {
	for _, r := range g.Text {
		return unicode.IsSpace(r)
	}
	return false
}

// justifyGaps marks, per glyph of l in visual order, whether
// justification adds space before it: at each cluster boundary after a
// cluster with width that holds a space (spaces) or after any cluster with
// width (!spaces). Clusters never span runs.
func justifyGaps(l Line, spaces bool) []bool {
	type ref struct{ run, cluster int }
	var keys []ref
	var glyphs []Glyph
	for ri, r := range l.Runs {
		for _, g := range r.Glyphs {
			keys = append(keys, ref{ri, g.Cluster})
			glyphs = append(glyphs, g)
		}
	}
	out := make([]bool, len(glyphs))
	start := 0 // first glyph of the current cluster
	for k := 1; k <= len(glyphs); k++ {
		if k < len(glyphs) && keys[k] == keys[start] {
			continue
		}
		if k < len(glyphs) {
			adv, space := 0.0, false
			for _, g := range glyphs[start:k] {
				adv += g.Advance
				space = space || isSpace(g)
			}
			out[k] = adv > 0 && (space || !spaces)
		}
		start = k
	}
	return out
}

func count(bs []bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}

// paragraphGap is the space Style.ParagraphSpacing and ParagraphSpacingPt
// put between n paragraphs set at size: n−1 gaps, none before the first
// paragraph nor after the last.
func paragraphGap(b *Block, size float64, n int) float64 {
	if n <= 1 {
		return 0
	}
	return float64(n-1) * (b.Style.ParagraphSpacing*size + b.Style.ParagraphSpacingPt)
}
