package layout

import (
	"image/color"

	"posterkit/fonts"
	"posterkit/render/geom"
	"posterkit/render/scene"
	"posterkit/render/template"
	"posterkit/render/text"
)

// Printer's marks, in mm from the trim box's corner. They follow the usual
// prepress layout (as in Acrobat's and InDesign's defaults): hairline crop
// marks in line with the trim edges, standing off the trim by markGap (or
// the bleed, if larger, so that they never print into it); a registration
// target beyond the middle of each side; a tint ramp and the slug line in
// the margin. All are in the registration colour, so they print on every
// plate and show the plates' registration.
const (
	markGap    = 3.0  // mm from the trim to the start of a crop mark
	markLength = 5.0  // mm
	markLine   = 0.25 // pt: the hairline of prepress marks
	markRoom   = 5.0  // mm beyond the crop marks for targets and the slug
	slugSize   = 6.0  // pt
	targetR    = 2.0  // mm: registration target radius
	patchW     = 6.0  // mm: colour-bar patch
	patchH     = 3.0  // mm
	hairMM     = markLine / scene.MM
	rampFirstX = 10.0 // mm right of the page's middle
	slugX      = 8.0  // mm right of the trim's left edge, clear of the crop mark
)

// rampTints are the colour bar's tints of the registration colour: a
// press operator reads dot gain from them on every plate.
var rampTints = [...]float64{1, 0.75, 0.5, 0.25, 0.1}

// markOffset is where crop marks start: markGap from the trim, but never
// inside the bleed.
func markOffset(t *template.Template) float64 { return max(markGap, t.Bleed) }

// markMargin is the distance from the trim to the media box's edge when
// there are marks.
func markMargin(t *template.Template) float64 { return markOffset(t) + markLength + markRoom }

// addMarks puts the marks of t's page into s.Marks; c converts mm.
func addMarks(s *scene.Scene, t *template.Template, c mm, slug string, eng *text.Engine) error {
	reg := scene.Paint{Color: colorOfRegistration(), Ink: scene.Registration(), Opacity: 1}
	o, l, w, h := markOffset(t), markLength, t.Width, t.Height
	// line draws a horizontal or vertical hairline: as wide as a hairline
	// across, exactly as long as asked (butt ends, so a crop mark stops at
	// the bleed's edge and not a hair inside it).
	line := func(x0, y0, x1, y1 float64) {
		r := geom.Rect{X: min(x0, x1), Y: min(y0, y1), W: abs(x1 - x0), H: abs(y1 - y0)}
		if r.W == 0 {
			r.X, r.W = r.X-hairMM/2, hairMM
		} else {
			r.Y, r.H = r.Y-hairMM/2, hairMM
		}
		s.Marks = append(s.Marks, scene.Rectangle(c.rect(r), reg))
	}
	// Crop marks: two at each corner, in line with the trim edges.
	for _, x := range []float64{0, w} {
		for _, y := range []float64{0, h} {
			dx, dy := -1.0, -1.0
			if x > 0 {
				dx = 1
			}
			if y > 0 {
				dy = 1
			}
			line(x+dx*o, y, x+dx*(o+l), y)
			line(x, y+dy*o, x, y+dy*(o+l))
		}
	}
	// Registration targets: a ring and a cross, beyond the middle of each
	// side, the cross's end half a millimetre past the crop marks' start.
	mid := o + targetR + 1.5
	for _, p := range []geom.Point{{X: w / 2, Y: -mid}, {X: w / 2, Y: h + mid}, {X: -mid, Y: h / 2}, {X: w + mid, Y: h / 2}} {
		ring := c.rect(geom.Rect{X: p.X - targetR, Y: p.Y - targetR, W: 2 * targetR, H: 2 * targetR})
		outer := scene.Ellipse(ring.X+ring.W/2, ring.Y+ring.H/2, ring.W/2, ring.H/2, reg)
		inner := scene.Ellipse(ring.X+ring.W/2, ring.Y+ring.H/2, ring.W/2-markLine, ring.H/2-markLine, reg)
		outer.Segments = append(outer.Segments, reversed(inner.Segments)...)
		s.Marks = append(s.Marks, outer)
		line(p.X-targetR-1, p.Y, p.X+targetR+1, p.Y)
		line(p.X, p.Y-targetR-1, p.X, p.Y+targetR+1)
	}
	// The colour bar: a ramp of the registration colour above the top edge.
	for i, tint := range rampTints {
		p := reg
		p.Ink.Tint = tint
		p.Color = colorOfTint(tint)
		r := geom.Rect{X: w/2 + rampFirstX + float64(i)*patchW, Y: -o - patchH, W: patchW, H: patchH}
		s.Marks = append(s.Marks, scene.Rectangle(c.rect(r), p))
	}
	if slug == "" {
		return nil
	}
	block, err := eng.Shape(slug, "en", text.Style{Role: fonts.Text, Weight: fonts.Regular, Leading: 1.2})
	if err != nil {
		return err
	}
	fit := eng.Layout(block, slugSize, 1e4) // one line
	at := c.rect(geom.Rect{X: slugX, Y: h + o + l/2 - 1, W: w, H: 0})
	for _, pr := range fit.Place(block, at.X, at.Y, 1e4, fit.Height, text.Start, text.Top) {
		s.Marks = append(s.Marks, glyphRun(pr, reg))
	}
	return nil
}

// reversed returns a closed subpath's segments drawn the other way round,
// so that under the non-zero rule it cuts a hole in the one it follows.
func reversed(segs []scene.Segment) []scene.Segment {
	var pts []scene.Point
	for _, sg := range segs {
		if sg.Op == scene.MoveTo || sg.Op == scene.CubicTo {
			n := sg.Op.Points()
			pts = append(pts, sg.Pts[:n]...)
		}
	}
	// pts: start, then (c1, c2, end) per cubic.
	out := []scene.Segment{{Op: scene.MoveTo, Pts: [3]scene.Point{pts[len(pts)-1]}}}
	for i := len(pts) - 1; i >= 3; i -= 3 {
		out = append(out, scene.Segment{Op: scene.CubicTo, Pts: [3]scene.Point{pts[i-1], pts[i-2], pts[i-3]}})
	}
	return append(out, scene.Segment{Op: scene.Close})
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// colorOfRegistration and colorOfTint preview the registration colour on
// screen: black, and its tints as greys (marks lie outside the bleed box
// a PNG shows, so only PDF viewers show them).
func colorOfRegistration() color.NRGBA { return colorOfTint(1) }

func colorOfTint(t float64) color.NRGBA {
	v := uint8(255 - 255*t + 0.5)
	return color.NRGBA{R: v, G: v, B: v, A: 255}
}
