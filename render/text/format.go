package text

import (
	"fmt"
	"strings"
)

// String spells the glyph compactly for test failures and logs:
// `gid 36 "H" x 0.000 adv 0.748 cl 0`, in em.
func (g Glyph) String() string {
	s := fmt.Sprintf("gid %d %q x %.3f adv %.3f cl %d", g.ID, g.Text, g.X, g.Advance, g.Cluster)
	if g.OffX != 0 || g.OffY != 0 {
		s += fmt.Sprintf(" off (%.3f, %.3f)", g.OffX, g.OffY)
	}
	return s
}

// String gives the line's text in visual order, run by run, with its
// width: `[Protecting children|NotoSans-Black] 9.84 em`; a right-to-left
// run is marked ← and spelt in logical order.
func (l Line) String() string {
	var b strings.Builder
	for i, r := range l.Runs {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteByte('[')
		if r.RTL {
			// Glyphs are in visual order: read them back in logical order.
			b.WriteString("←")
			for i := len(r.Glyphs) - 1; i >= 0; i-- {
				b.WriteString(r.Glyphs[i].Text)
			}
		} else {
			for _, g := range r.Glyphs {
				b.WriteString(g.Text)
			}
		}
		fmt.Fprintf(&b, "|%v]", r.Font)
	}
	fmt.Fprintf(&b, " %.2f em", l.Width)
	if l.Last {
		b.WriteString(" (last)")
	}
	return b.String()
}
