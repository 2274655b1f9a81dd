package pdf

import (
	"bytes"
	"fmt"
	"math"
	"strings"

	"posterkit/render/scene"
)

// Vector artwork: strokes, fill rules, gradients and groups (see
// scene/vector.go). These are drawn in the scene's own coordinates (y
// down) under one flip of the page's, so the transforms of groups and
// gradients go into the file as they are.

// Limits, each with its reason.
const (
	// maxSpreadPeriods bounds how many times a reflected or repeated
	// gradient's stops are written out: a repeat every 1/256 of the
	// painted area is finer than any design asks for; beyond it the
	// gradient pads.
	maxSpreadPeriods = 256
	// maxGroupDepth bounds nested groups, as transparency groups nest
	// forms: importers nest far less (package svg allows 64).
	maxGroupDepth = 256
)

// vectorRes holds the resources vector items add: shading patterns and
// transparency-group forms, written with the page's resources.
type vectorRes struct {
	patterns []string // pattern dictionaries, /P1, /P2…; their shadings inline
	forms    []form   // /Fm1, /Fm2…
}

type form struct {
	bbox    scene.Rect
	content []byte
}

// vectorItem draws a Group, or a Path that is not Plain, at the top level
// of the page.
func (d *doc) vectorItem(b *bytes.Buffer, it scene.Item) {
	H := d.scene.Height
	flip := scene.Matrix{A: 1, D: -1, F: H}
	fmt.Fprintf(b, "q\n1 0 0 -1 0 %s cm\n", num(H))
	d.drawVector(b, it, flip, 0)
	b.WriteString("Q\n")
}

// drawVector draws it in the current coordinates, which ctm maps to the
// default space of the content stream being written (patterns are
// placed in that space).
func (d *doc) drawVector(b *bytes.Buffer, it scene.Item, ctm scene.Matrix, depth int) {
	switch it := it.(type) {
	case *scene.Path:
		d.vectorPath(b, it, ctm)
	case *scene.Group:
		d.group(b, it, ctm, depth)
	case *scene.Image:
		if it.Opacity <= 0 || !(it.Box.W > 0 && it.Box.H > 0) {
			return
		}
		res := d.imageResource(it)
		b.WriteString("q\n")
		d.setGState(b, it.Opacity, false)
		fmt.Fprintf(b, "%s 0 0 %s %s %s cm /Im%d Do\nQ\n", num(it.Box.W), num(-it.Box.H), num(it.Box.X), num(it.Box.Y+it.Box.H), res)
	}
	// Glyph runs inside groups are not drawn: their fonts are gathered
	// from the page's items only, and no importer puts them there.
}

func (d *doc) vectorPath(b *bytes.Buffer, p *scene.Path, ctm scene.Matrix) {
	if len(p.Segments) == 0 {
		return
	}
	if p.Fill.Opacity > 0 {
		b.WriteString("q\n")
		d.vectorPaint(b, p.Fill, ctm, false, p.Bounds())
		writePath(b, p.Path.Segments)
		if p.Rule == scene.EvenOdd {
			b.WriteString("f*\nQ\n")
		} else {
			b.WriteString("f\nQ\n")
		}
	}
	if s := p.Stroke; s != nil && s.Width > 0 && s.Paint.Opacity > 0 {
		b.WriteString("q\n")
		bounds := p.Bounds()
		bounds = scene.Rect{X: bounds.X - s.Width, Y: bounds.Y - s.Width, W: bounds.W + 2*s.Width, H: bounds.H + 2*s.Width}
		d.vectorPaint(b, s.Paint, ctm, true, bounds)
		fmt.Fprintf(b, "%s w %d J %d j %s M\n", num(s.Width), s.Cap, s.Join, num(max(1, s.MiterLimit)))
		if len(s.Dashes) > 0 {
			b.WriteString("[")
			for i, v := range s.Dashes {
				if i > 0 {
					b.WriteString(" ")
				}
				b.WriteString(num(v))
			}
			fmt.Fprintf(b, "] %s d\n", num(s.DashOffset))
		}
		writePath(b, p.Path.Segments)
		b.WriteString("S\nQ\n")
	}
}

// vectorPaint selects p for filling (or stroking): its graphics state
// and colour, or a shading pattern for a gradient over bounds.
func (d *doc) vectorPaint(b *bytes.Buffer, p scene.Paint, ctm scene.Matrix, stroke bool, bounds scene.Rect) {
	if g := p.Gradient; g != nil && len(g.Stops) > 0 {
		// Stop opacities are the same for the whole ramp or averaged
		// (a soft mask per gradient is not written yet).
		op := 0.0
		for _, s := range g.Stops {
			op += s.Opacity
		}
		d.setGState(b, p.Opacity*op/float64(len(g.Stops)), p.Overprint)
		n := d.pattern(g, ctm, bounds)
		if stroke {
			fmt.Fprintf(b, "/Pattern CS /P%d SCN\n", n)
		} else {
			fmt.Fprintf(b, "/Pattern cs /P%d scn\n", n)
		}
		return
	}
	d.setColour(b, p, stroke)
}

// group draws g: its transform, its clip, and its items, through a
// transparency group when it is not opaque.
func (d *doc) group(b *bytes.Buffer, g *scene.Group, ctm scene.Matrix, depth int) {
	if depth >= maxGroupDepth || !(g.Opacity > 0) || len(g.Items) == 0 {
		return
	}
	b.WriteString("q\n")
	m := g.Transform
	if m == (scene.Matrix{}) {
		m = scene.Identity
	}
	if m != scene.Identity {
		fmt.Fprintf(b, "%s %s %s %s %s %s cm\n", num6(m.A), num6(m.B), num6(m.C), num6(m.D), num(m.E), num(m.F))
		ctm = ctm.Mul(m)
	}
	for c := g.Clip; c != nil; c = c.Clip {
		if len(c.Shapes) == 0 {
			// An empty clip shows nothing.
			b.WriteString("0 0 m h W n\n")
			continue
		}
		rule := "W"
		for _, s := range c.Shapes {
			writePath(b, s.Path.Segments)
			if s.Rule == scene.EvenOdd && len(c.Shapes) == 1 {
				rule = "W*"
			}
		}
		// Several shapes are one clip path: their union under the
		// non-zero rule, exact unless shapes of opposite direction
		// overlap.
		b.WriteString(rule + " n\n")
	}
	if g.Opacity >= 1 {
		for _, it := range g.Items {
			d.drawVector(b, it, ctm, depth+1)
		}
		b.WriteString("Q\n")
		return
	}
	// A transparency group: the items composite with each other first,
	// then fade together (ISO 32000-1 11.4.7).
	var fb bytes.Buffer
	var bounds scene.Rect
	first := true
	for _, it := range g.Items {
		d.drawVector(&fb, it, scene.Identity, depth+1)
		if r, ok := itemBounds(it, 0); ok {
			if first {
				bounds, first = r, false
			} else {
				bounds = union(bounds, r)
			}
		}
	}
	// Patterns inside the form are placed in the form's space, which is
	// the space at Do: drawn with ctm = Identity above, so they are.
	d.vec.forms = append(d.vec.forms, form{bbox: grow(bounds, 1), content: fb.Bytes()})
	d.setGState(b, g.Opacity, false)
	fmt.Fprintf(b, "/Fm%d Do\nQ\n", len(d.vec.forms))
}

// itemBounds returns a bounding box of it in its own space, strokes
// included, or false if it draws nothing measurable.
func itemBounds(it scene.Item, depth int) (scene.Rect, bool) {
	switch it := it.(type) {
	case *scene.Path:
		if len(it.Segments) == 0 {
			return scene.Rect{}, false
		}
		r := it.Bounds()
		if it.Stroke != nil {
			// A miter can reach MiterLimit·Width/2 beyond the path.
			w := it.Stroke.Width / 2 * max(it.Stroke.MiterLimit, 1.5)
			r = grow(r, w)
		}
		return r, true
	case *scene.Image:
		return it.Box, true
	case *scene.Group:
		if depth > maxGroupDepth {
			return scene.Rect{}, false
		}
		var out scene.Rect
		ok := false
		for _, c := range it.Items {
			r, k := itemBounds(c, depth+1)
			if !k {
				continue
			}
			if !ok {
				out, ok = r, true
			} else {
				out = union(out, r)
			}
		}
		if !ok {
			return scene.Rect{}, false
		}
		m := it.Transform
		if m == (scene.Matrix{}) {
			m = scene.Identity
		}
		return transformRect(out, m), true
	}
	return scene.Rect{}, false
}

func transformRect(r scene.Rect, m scene.Matrix) scene.Rect {
	pts := [4]scene.Point{{X: r.X, Y: r.Y}, {X: r.X + r.W, Y: r.Y}, {X: r.X, Y: r.Y + r.H}, {X: r.X + r.W, Y: r.Y + r.H}}
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, p := range pts {
		q := m.Apply(p)
		x0, y0, x1, y1 = min(x0, q.X), min(y0, q.Y), max(x1, q.X), max(y1, q.Y)
	}
	return scene.Rect{X: x0, Y: y0, W: x1 - x0, H: y1 - y0}
}

func union(a, b scene.Rect) scene.Rect {
	x0, y0 := min(a.X, b.X), min(a.Y, b.Y)
	x1, y1 := max(a.X+a.W, b.X+b.W), max(a.Y+a.H, b.Y+b.H)
	return scene.Rect{X: x0, Y: y0, W: x1 - x0, H: y1 - y0}
}

func grow(r scene.Rect, d float64) scene.Rect {
	return scene.Rect{X: r.X - d, Y: r.Y - d, W: r.W + 2*d, H: r.H + 2*d}
}

// num6 formats a matrix's linear part with more precision than num: a
// rotation's sines need it where positions do not.
func num6(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "0"
	}
	s := fmt.Sprintf("%.6f", v)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" || s == "" {
		return "0"
	}
	return s
}

// writePath writes segments as path construction operators, quadratic
// curves raised to cubics.
func writePath(b *bytes.Buffer, segs []scene.Segment) {
	var cur, start scene.Point
	for _, s := range segs {
		p := s.Pts
		switch s.Op {
		case scene.MoveTo:
			fmt.Fprintf(b, "%s %s m\n", num(p[0].X), num(p[0].Y))
			cur, start = p[0], p[0]
		case scene.LineTo:
			fmt.Fprintf(b, "%s %s l\n", num(p[0].X), num(p[0].Y))
			cur = p[0]
		case scene.QuadTo:
			c1 := scene.Point{X: cur.X + 2.0/3*(p[0].X-cur.X), Y: cur.Y + 2.0/3*(p[0].Y-cur.Y)}
			c2 := scene.Point{X: p[1].X + 2.0/3*(p[0].X-p[1].X), Y: p[1].Y + 2.0/3*(p[0].Y-p[1].Y)}
			fmt.Fprintf(b, "%s %s %s %s %s %s c\n", num(c1.X), num(c1.Y), num(c2.X), num(c2.Y), num(p[1].X), num(p[1].Y))
			cur = p[1]
		case scene.CubicTo:
			fmt.Fprintf(b, "%s %s %s %s %s %s c\n", num(p[0].X), num(p[0].Y), num(p[1].X), num(p[1].Y), num(p[2].X), num(p[2].Y))
			cur = p[2]
		case scene.Close:
			b.WriteString("h\n")
			cur = start
		}
	}
}

// pattern adds a shading pattern for g placed by ctm and returns its
// number. bounds, in the painted item's space, is the area the gradient
// must cover, which decides how often a reflected or repeated one runs.
func (d *doc) pattern(g *scene.Gradient, ctm scene.Matrix, bounds scene.Rect) int {
	gm := g.Transform
	if gm == (scene.Matrix{}) {
		gm = scene.Identity
	}
	m := ctm.Mul(gm)
	// The range of offsets t the painted area reaches, in gradient space.
	t0, t1 := 0.0, 1.0
	if inv, ok := gm.Invert(); ok && g.Spread != scene.Pad {
		r := transformRect(bounds, inv)
		corners := [4]scene.Point{{X: r.X, Y: r.Y}, {X: r.X + r.W, Y: r.Y}, {X: r.X, Y: r.Y + r.H}, {X: r.X + r.W, Y: r.Y + r.H}}
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, c := range corners {
			var t float64
			if g.Kind == scene.Linear {
				dx, dy := g.X2-g.X1, g.Y2-g.Y1
				if l := dx*dx + dy*dy; l > 0 {
					t = ((c.X-g.X1)*dx + (c.Y-g.Y1)*dy) / l
				}
			} else if g.R > 0 {
				t = math.Hypot(c.X-g.FX, c.Y-g.FY) / g.R * 1.01
				lo = 0
			}
			lo, hi = min(lo, t), max(hi, t)
		}
		if g.Kind == scene.Radial {
			lo = 0
		}
		lo, hi = math.Floor(lo), math.Ceil(hi)
		if hi-lo <= maxSpreadPeriods && hi > lo {
			t0, t1 = lo, hi
		}
	}
	fn := stopFunction(g.Stops)
	if t0 != 0 || t1 != 1 {
		var fns, bnds, enc strings.Builder
		for k := t0; k < t1; k++ {
			fns.WriteString(fn)
			if k > t0 {
				fmt.Fprintf(&bnds, "%s ", num6(k))
			}
			if g.Spread == scene.Reflect && int(math.Abs(k))%2 == 1 {
				enc.WriteString("1 0 ")
			} else {
				enc.WriteString("0 1 ")
			}
		}
		fn = fmt.Sprintf("<</FunctionType 3/Domain[%s %s]/Functions[%s]/Bounds[%s]/Encode[%s]>>", num6(t0), num6(t1), fns.String(), strings.TrimSpace(bnds.String()), strings.TrimSpace(enc.String()))
	}
	space := "/DeviceRGB"
	if cmykStops(g.Stops) {
		space = "/DeviceCMYK"
	}
	var sh string
	if g.Kind == scene.Linear {
		x0, y0 := g.X1+t0*(g.X2-g.X1), g.Y1+t0*(g.Y2-g.Y1)
		x1, y1 := g.X1+t1*(g.X2-g.X1), g.Y1+t1*(g.Y2-g.Y1)
		sh = fmt.Sprintf("<</ShadingType 2/ColorSpace%s/Coords[%s %s %s %s]/Domain[%s %s]/Function %s/Extend[true true]>>",
			space, num6(x0), num6(y0), num6(x1), num6(y1), num6(t0), num6(t1), fn)
	} else {
		cx, cy := g.FX+t1*(g.CX-g.FX), g.FY+t1*(g.CY-g.FY)
		r := g.FR + t1*(g.R-g.FR)
		sh = fmt.Sprintf("<</ShadingType 3/ColorSpace%s/Coords[%s %s %s %s %s %s]/Domain[%s %s]/Function %s/Extend[true true]>>",
			space, num6(g.FX), num6(g.FY), num6(max(g.FR, 0)), num6(cx), num6(cy), num6(r), num6(t0), num6(t1), fn)
	}
	d.vec.patterns = append(d.vec.patterns, fmt.Sprintf("<</Type/Pattern/PatternType 2/Matrix[%s %s %s %s %s %s]/Shading %s>>",
		num6(m.A), num6(m.B), num6(m.C), num6(m.D), num6(m.E), num6(m.F), sh))
	return len(d.vec.patterns)
}

// stopFunction returns the PDF function of offset → RGB for stops: a
// type 2 (exponential, N = 1) function between each pair of stops,
// stitched by a type 3 one, constant beyond the first and last stops.
func stopFunction(stops []scene.Stop) string {
	cmyk := cmykStops(stops)
	rgb := func(s scene.Stop) string {
		if cmyk {
			return fmt.Sprintf("[%s %s %s %s]", num6(s.Ink.C), num6(s.Ink.M), num6(s.Ink.Y), num6(s.Ink.K))
		}
		return fmt.Sprintf("[%s %s %s]", num6(float64(s.Color.R)/255), num6(float64(s.Color.G)/255), num6(float64(s.Color.B)/255))
	}
	lin := func(a, b scene.Stop) string {
		return fmt.Sprintf("<</FunctionType 2/Domain[0 1]/C0%s/C1%s/N 1>>", rgb(a), rgb(b))
	}
	// Pieces: [0, s0], [s0, s1], …, [sn, 1], the outer ones constant.
	type piece struct {
		a, b scene.Stop
		end  float64
	}
	var pieces []piece
	prev := scene.Stop{Offset: 0, Color: stops[0].Color}
	for _, s := range stops {
		if s.Offset > prev.Offset {
			pieces = append(pieces, piece{prev, s, s.Offset})
		}
		prev = s
		prev.Offset = max(prev.Offset, s.Offset)
	}
	last := stops[len(stops)-1]
	if prev.Offset < 1 {
		pieces = append(pieces, piece{last, last, 1})
	}
	if len(pieces) == 0 {
		return lin(last, last)
	}
	if len(pieces) == 1 {
		return lin(pieces[0].a, pieces[0].b)
	}
	var fns, bnds, enc strings.Builder
	for i, p := range pieces {
		fns.WriteString(lin(p.a, p.b))
		if i < len(pieces)-1 {
			fmt.Fprintf(&bnds, "%s ", num6(p.end))
		}
		enc.WriteString("0 1 ")
	}
	return fmt.Sprintf("<</FunctionType 3/Domain[0 1]/Functions[%s]/Bounds[%s]/Encode[%s]>>", fns.String(), strings.TrimSpace(bnds.String()), strings.TrimSpace(enc.String()))
}

// writeVectorResources writes the patterns and forms and adds them to
// the page's resources: patterns as /Pattern, forms into the open
// /XObject dictionary (xobjects). resources is the object number of the
// resource dictionary the forms share with the page.
func (d *doc) writePatterns(res *strings.Builder) {
	if len(d.vec.patterns) == 0 {
		return
	}
	res.WriteString("/Pattern<<")
	for i, p := range d.vec.patterns {
		n := d.ow.alloc()
		d.ow.obj(n, p)
		fmt.Fprintf(res, "/P%d %d 0 R", i+1, n)
	}
	res.WriteString(">>")
}

// writeForms writes the transparency-group forms into the open /XObject
// dictionary; they share the page's resource dictionary, object resNo.
func (d *doc) writeForms(res *strings.Builder, resNo int) {
	for i, f := range d.vec.forms {
		n := d.ow.alloc()
		b := f.bbox
		d.ow.stream(n, fmt.Sprintf("/Type/XObject/Subtype/Form/BBox[%s %s %s %s]/Group<</Type/Group/S/Transparency>>/Resources %d 0 R",
			num(b.X), num(b.Y), num(b.X+b.W), num(b.Y+b.H), resNo), f.content, true)
		fmt.Fprintf(res, "/Fm%d %d 0 R", i+1, n)
	}
}

// cmykStops reports whether every stop is a process ink: the gradient
// then shades in DeviceCMYK (print output).
func cmykStops(stops []scene.Stop) bool {
	for _, st := range stops {
		if st.Ink.Kind != scene.Process {
			return false
		}
	}
	return len(stops) > 0
}
