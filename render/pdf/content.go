package pdf

import (
	"bytes"
	"fmt"
	"math"
	"slices"

	"posterkit/render/scene"
)

// content builds the page's content stream.
func (d *doc) content() ([]byte, error) {
	var b bytes.Buffer
	s := d.scene
	if media := (scene.Rect{W: s.Width, H: s.Height}); s.Bleed != media && s.Bleed != (scene.Rect{}) {
		// Marks around the page: artwork stops at the bleed box, as the
		// trimmed sheet will.
		fmt.Fprintf(&b, "q\n%s %s %s %s re W n\n", num(s.Bleed.X), num(s.Height-s.Bleed.Y-s.Bleed.H), num(s.Bleed.W), num(s.Bleed.H))
		d.drawTagged(&b, s.Items)
		b.WriteString("Q\n")
	} else {
		d.drawTagged(&b, s.Items)
	}
	if len(s.Marks) > 0 {
		b.WriteString("/Artifact<</Type/Page>>BDC\n") // printer's marks (structure.go)
		d.drawItems(&b, s.Marks)
		b.WriteString("EMC\n")
	}
	if len(d.scene.Guides) > 0 {
		// Guides are optional content, shown on screen and not printed.
		b.WriteString("/OC/OC1 BDC\n/Artifact<</Type/Layout>>BDC\n")
		d.drawItems(&b, d.scene.Guides)
		b.WriteString("EMC\nEMC\n")
	}
	return b.Bytes(), nil
}

func (d *doc) drawItems(b *bytes.Buffer, items []scene.Item) {
	H := d.scene.Height
	y := func(v float64) float64 { return H - v }
	for _, it := range items {
		switch it := it.(type) {
		case *scene.Group:
			d.vectorItem(b, it)
		case *scene.Path:
			if !it.Plain() {
				d.vectorItem(b, it)
				continue
			}
			if len(it.Segments) == 0 || it.Fill.Opacity <= 0 {
				continue
			}
			b.WriteString("q\n")
			d.setPaint(b, it.Fill)
			var cur scene.Point
			for _, s := range it.Segments {
				p := s.Pts
				switch s.Op {
				case scene.MoveTo:
					fmt.Fprintf(b, "%s %s m\n", num(p[0].X), num(y(p[0].Y)))
					cur = p[0]
				case scene.LineTo:
					fmt.Fprintf(b, "%s %s l\n", num(p[0].X), num(y(p[0].Y)))
					cur = p[0]
				case scene.QuadTo:
					// Raise to a cubic: c1 = p0 + 2/3 (q − p0), c2 = p1 + 2/3 (q − p1).
					c1 := scene.Point{X: cur.X + 2.0/3*(p[0].X-cur.X), Y: cur.Y + 2.0/3*(p[0].Y-cur.Y)}
					c2 := scene.Point{X: p[1].X + 2.0/3*(p[0].X-p[1].X), Y: p[1].Y + 2.0/3*(p[0].Y-p[1].Y)}
					fmt.Fprintf(b, "%s %s %s %s %s %s c\n", num(c1.X), num(y(c1.Y)), num(c2.X), num(y(c2.Y)), num(p[1].X), num(y(p[1].Y)))
					cur = p[1]
				case scene.CubicTo:
					fmt.Fprintf(b, "%s %s %s %s %s %s c\n", num(p[0].X), num(y(p[0].Y)), num(p[1].X), num(y(p[1].Y)), num(p[2].X), num(y(p[2].Y)))
					cur = p[2]
				case scene.Close:
					b.WriteString("h\n")
				}
			}
			b.WriteString("f\nQ\n")
		case *scene.Image:
			if it.Opacity <= 0 || !(it.Box.W > 0 && it.Box.H > 0) {
				continue
			}
			res := d.imageResource(it)
			b.WriteString("q\n")
			d.setGState(b, it.Opacity, false)
			fmt.Fprintf(b, "%s 0 0 %s %s %s cm /Im%d Do\nQ\n", num(it.Box.W), num(it.Box.H), num(it.Box.X), num(y(it.Box.Y+it.Box.H)), res)
		case *scene.GlyphRun:
			d.glyphRun(b, it, y)
		}
	}
}

// gstate is what an ExtGState sets: constant opacity and overprint.
type gstate struct {
	opacity   float64 // rounded to 1/1000
	overprint bool
}

// setGState selects the graphics state for opacity op and overprint,
// unless it is the default one (opaque, knock-out).
func (d *doc) setGState(b *bytes.Buffer, op float64, overprint bool) {
	if op >= 1 && !overprint {
		return
	}
	gs := gstate{math.Round(min(op, 1)*1000) / 1000, overprint}
	n, ok := d.gstates[gs]
	if !ok {
		n = fmt.Sprintf("GS%d", len(d.gsOrder)+1)
		d.gstates[gs] = n
		d.gsOrder = append(d.gsOrder, gs)
	}
	fmt.Fprintf(b, "/%s gs\n", n)
}

// setPaint sets the graphics state and the fill colour of p: its ink
// (DeviceCMYK, or a Separation for a spot colour) where it has one, else
// its sRGB colour.
func (d *doc) setPaint(b *bytes.Buffer, p scene.Paint) { d.setColour(b, p, false) }

// setColour sets the graphics state and p's colour for filling, or with
// stroke for stroking (the same operators, in capitals).
func (d *doc) setColour(b *bytes.Buffer, p scene.Paint, stroke bool) {
	d.setGState(b, p.Opacity, p.Overprint)
	k, cs, scn, rg := "k", "cs", "scn", "rg"
	if stroke {
		k, cs, scn, rg = "K", "CS", "SCN", "RG"
	}
	switch ink := p.Ink; ink.Kind {
	case scene.Process:
		fmt.Fprintf(b, "%s %s %s %s %s\n", num(ink.C), num(ink.M), num(ink.Y), num(ink.K), k)
	case scene.Spot:
		fmt.Fprintf(b, "/%s %s %s %s\n", d.separation(ink), cs, num(ink.Tint), scn)
	default:
		c := p.Color
		fmt.Fprintf(b, "%s %s %s %s\n", num(float64(c.R)/255), num(float64(c.G)/255), num(float64(c.B)/255), rg)
	}
}

// separation returns the resource name of the Separation colour space of
// a spot ink, by name: one per spot colour, whatever its tints.
func (d *doc) separation(ink scene.Ink) string {
	for i, s := range d.spots {
		if s.Name == ink.Name {
			return fmt.Sprintf("CS%d", i+1)
		}
	}
	d.spots = append(d.spots, ink)
	return fmt.Sprintf("CS%d", len(d.spots))
}

// glyphRun writes one run as a text object, unit by unit in logical
// order (for a right-to-left run, the rightmost first), so that readers
// which follow the content stream and readers which sort glyphs by
// position both read the text in order. Units going forward on one
// baseline share a TJ array whose adjustments put each exactly where the
// scene says; any other move (backwards, or off the baseline for a mark
// drawn on its own) sets the text matrix.
func (d *doc) glyphRun(b *bytes.Buffer, gr *scene.GlyphRun, y func(float64) float64) {
	if len(gr.Glyphs) == 0 || gr.Fill.Opacity <= 0 || !(gr.Size > 0) {
		return
	}
	ef := d.byFont[gr.Font]
	b.WriteString("q\n")
	d.setGState(b, gr.Fill.Opacity, gr.Fill.Overprint)
	b.WriteString("BT\n")
	d.setPaint(b, scene.Paint{Color: gr.Fill.Color, Ink: gr.Fill.Ink, Opacity: 1})
	fmt.Fprintf(b, "/%s %s Tf\n", ef.res, num(gr.Size))
	units := d.units[gr]
	if gr.RTL {
		units = slices.Clone(units)
		slices.Reverse(units)
	}
	var (
		inTJ       bool
		penX, penY float64 // where the next unit would go without adjustment
	)
	endTJ := func() {
		if inTJ {
			b.WriteString("]TJ\n")
			inTJ = false
		}
	}
	for _, u := range units {
		cid := ef.cid(u.unit)
		// The text, where the CID's ToUnicode does not say it: a glyph of
		// a CFF font drawn for several texts, a right-to-left letter with
		// marks (rtlMarks) or a right-to-left space (rtlSpace).
		actual, span := u.id.text, ef.cffFont && u.id.text != ef.text[cid]
		if u.hasActual {
			actual, span = u.actual, true
		}
		if mc := d.tags.next(gr, u.id.text, span); mc != "" { // tagged text (structure.go)
			endTJ()
			b.WriteString(mc)
		}
		if span {
			endTJ()
			fmt.Fprintf(b, "/Span<</ActualText%s>>BDC\n", textString(actual))
		}
		uy := y(u.y)
		dx := u.x - penX
		if !inTJ || math.Abs(uy-penY) > 1e-6 || dx < -1e-3 {
			endTJ()
			fmt.Fprintf(b, "1 0 0 1 %s %s Tm\n[", num(u.x), num(uy))
			inTJ = true
		} else if math.Abs(dx) > 5e-4 {
			// TJ numbers are thousandths of an em, subtracted from the pen.
			b.WriteString(num(-dx * 1000 / gr.Size))
		}
		fmt.Fprintf(b, "<%04X>", cid)
		penX, penY = u.x+ef.widths[cid]*gr.Size/1000, uy
		if span {
			endTJ()
			b.WriteString("EMC\n")
		}
	}
	endTJ()
	b.WriteString(d.tags.endRun())
	b.WriteString("ET\nQ\n")
}
