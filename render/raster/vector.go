package raster

import (
	"image"
	"image/color"
	"math"
	"slices"

	xdraw "golang.org/x/image/draw"
	"golang.org/x/image/math/f64"

	"posterkit/render/scene"
)

// Vector artwork: paths with a fill rule, a stroke or a gradient, and
// groups that transform, clip and fade (see scene/vector.go). They are
// drawn by a scanline rasteriser of their own, which knows both fill
// rules, onto premultiplied RGBA; a group that clips or fades is drawn
// offscreen and composited through its clip's coverage.

// Limits, each with its reason.
const (
	// subScanlines is the vertical supersampling per pixel row; coverage
	// along each sub-scanline is exact. 16 gives 17 levels on a nearly
	// horizontal edge, below what the eye sees on an anti-aliased edge.
	subScanlines = 16

	// vecTolerance is the largest distance, in pixels, between a curve
	// and the lines that replace it (as flatness for plain paths, but
	// looser since strokes multiply the edges).
	vecTolerance = 0.1

	// maxVecDepth bounds nested groups; each may hold an offscreen layer
	// of its bounds. Importers nest far less (package svg allows 64).
	maxVecDepth = 64

	// maxVecEdges bounds the edges of one flattened outline: 4 million
	// edges are 128 MB, far beyond artwork (a detailed map is some 10^5).
	maxVecEdges = 1 << 22
)

// drawVector draws a Group or a non-Plain Path onto the page.
func (r *renderer) drawVector(it scene.Item) error {
	m := scene.Matrix{A: r.k, D: r.k, E: -r.ox * r.k, F: -r.oy * r.k}
	r.sub = 0
	return r.vecItem(r.dst, it, m, 0)
}

// plainOnPage draws a plain path (a non-zero fill of one colour) that
// lies straight on the page — no offscreen layer between — through the
// renderer's own fill, as if it were a top-level path: SVG artwork is
// mostly such paths, and the fill's tiles are several times faster than
// the vector coverage. m is the item space's pixel transform. Each such
// path of the item gets its own sub-index, so its tiles carry from band
// to band like a glyph's.
func (r *renderer) plainOnPage(dst *image.RGBA, p *scene.Path, m scene.Matrix) bool {
	if dst != r.dst || !p.Plain() || !(r.k > 0) {
		return false
	}
	// From pixels back to scene points: x = px/k + ox.
	s := scene.Matrix{A: m.A / r.k, B: m.B / r.k, C: m.C / r.k, D: m.D / r.k, E: m.E/r.k + r.ox, F: m.F/r.k + r.oy}
	r.sub++
	r.drawPath(&scene.Path{Path: scene.TransformPath(p.Path, s), Fill: p.Fill})
	return true
}

// clipCovers reports whether c clips nothing of box: one axis-aligned
// rectangle (an SVG viewport's clip) that holds the whole band.
func clipCovers(c *scene.Clip, m scene.Matrix, box image.Rectangle) bool {
	if c == nil || c.Clip != nil || len(c.Shapes) != 1 || m.B != 0 || m.C != 0 {
		return false
	}
	segs := c.Shapes[0].Segments
	if len(segs) != 5 || segs[0].Op != scene.MoveTo || segs[4].Op != scene.Close {
		return false
	}
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for i, sg := range segs[:4] {
		if i > 0 && sg.Op != scene.LineTo {
			return false
		}
		q := m.Apply(sg.Pts[0])
		x0, y0, x1, y1 = min(x0, q.X), min(y0, q.Y), max(x1, q.X), max(y1, q.Y)
	}
	// Axis-aligned: every corner on the box's edges.
	for _, sg := range segs[:4] {
		q := m.Apply(sg.Pts[0])
		if (q.X != x0 && q.X != x1) || (q.Y != y0 && q.Y != y1) {
			return false
		}
	}
	// A thousandth of a pixel is below any coverage the 8-bit output
	// shows; without it a viewport that is the page, computed in floating
	// point, would fall a hair short of the page's edge.
	const eps = 1e-3
	return x0 <= float64(box.Min.X)+eps && y0 <= float64(box.Min.Y)+eps && x1 >= float64(box.Max.X)-eps && y1 >= float64(box.Max.Y)-eps
}

func (r *renderer) vecItem(dst *image.RGBA, it scene.Item, m scene.Matrix, depth int) error {
	switch it := it.(type) {
	case *scene.Path:
		if it != nil {
			r.vecPath(dst, it, m)
		}
	case *scene.Group:
		if it != nil {
			return r.vecGroup(dst, it, m, depth)
		}
	case *scene.Image:
		if it != nil {
			return r.vecImage(dst, it, m)
		}
	case *scene.GlyphRun:
		if it != nil && m.B == 0 && m.C == 0 && m.A == r.k && m.D == r.k && dst == r.dst {
			return r.drawRun(it)
		}
	}
	return nil
}

func (r *renderer) vecPath(dst *image.RGBA, p *scene.Path, m scene.Matrix) {
	if len(p.Segments) == 0 || r.plainOnPage(dst, p, m) {
		return
	}
	if p.Fill.Opacity > 0 {
		if src, ok := paintSource(p.Fill, m); ok {
			var e edgeList
			e.addPath(p.Segments, m, vecTolerance)
			e.fill(dst, p.Rule, src)
		}
	}
	if s := p.Stroke; s != nil && s.Width > 0 && s.Paint.Opacity > 0 {
		if src, ok := paintSource(s.Paint, m); ok {
			var e edgeList
			scale := m.Scale()
			if !(scale > 0) {
				return
			}
			strokePath(&e, p.Segments, s, m, vecTolerance/scale)
			e.fill(dst, scene.NonZero, src)
		}
	}
}

func (r *renderer) vecGroup(dst *image.RGBA, g *scene.Group, m scene.Matrix, depth int) error {
	if depth >= maxVecDepth || !(g.Opacity > 0) || len(g.Items) == 0 {
		return nil
	}
	t := g.Transform
	if t == (scene.Matrix{}) {
		t = scene.Identity
	}
	m = m.Mul(t)
	clip := g.Clip
	if clipCovers(clip, m, dst.Bounds()) {
		clip = nil // a viewport around the whole band clips nothing
	}
	if g.Opacity >= 1 && clip == nil {
		for _, it := range g.Items {
			if err := r.vecItem(dst, it, m, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	box := dst.Bounds()
	var mask []float32
	if g.Clip != nil {
		var ok bool
		box, mask, ok = clipMask(g.Clip, m, box)
		if !ok {
			return nil
		}
	}
	layer := image.NewRGBA(box)
	for _, it := range g.Items {
		if err := r.vecItem(layer, it, m, depth+1); err != nil {
			return err
		}
	}
	compositeLayer(dst, layer, mask, float32(min(g.Opacity, 1)))
	return nil
}

// clipMask returns the coverage of clip within box, trimmed to the
// clip's bounds, or false if it covers nothing.
func clipMask(c *scene.Clip, m scene.Matrix, box image.Rectangle) (image.Rectangle, []float32, bool) {
	var levels [][]scene.ClipShape
	for ; c != nil && len(levels) < maxVecDepth; c = c.Clip {
		levels = append(levels, c.Shapes)
	}
	// The bounds of the first level trim the box.
	var edges []edgeList
	for _, shapes := range levels {
		for _, s := range shapes {
			var e edgeList
			e.addPath(s.Segments, m, vecTolerance)
			edges = append(edges, e)
		}
	}
	b := image.Rectangle{}
	i := 0
	for _, s := range levels[0] {
		_ = s
		b = b.Union(edges[i].bounds())
		i++
	}
	box = box.Intersect(b)
	if box.Empty() {
		return box, nil, false
	}
	w := box.Dx()
	mask := make([]float32, w*box.Dy())
	tmp := make([]float32, len(mask))
	i = 0
	for l, shapes := range levels {
		clear(tmp)
		for _, s := range shapes {
			e := edges[i]
			i++
			e.coverage(box, s.Rule, func(y int, cov []float32) {
				row := tmp[(y-box.Min.Y)*w:][:w]
				for x, v := range cov {
					row[x] = max(row[x], v)
				}
			})
		}
		if l == 0 {
			copy(mask, tmp)
		} else {
			for j := range mask {
				mask[j] *= tmp[j]
			}
		}
	}
	return box, mask, true
}

// compositeLayer draws layer over dst through mask (nil: full) and a
// constant opacity.
func compositeLayer(dst, layer *image.RGBA, mask []float32, opacity float32) {
	box := layer.Rect.Intersect(dst.Rect)
	w := layer.Rect.Dx()
	for y := box.Min.Y; y < box.Max.Y; y++ {
		for x := box.Min.X; x < box.Max.X; x++ {
			li := layer.PixOffset(x, y)
			s := layer.Pix[li : li+4 : li+4]
			if s[3] == 0 {
				continue
			}
			k := opacity
			if mask != nil {
				k *= mask[(y-layer.Rect.Min.Y)*w+x-layer.Rect.Min.X]
				if k <= 0 {
					continue
				}
			}
			di := dst.PixOffset(x, y)
			d := dst.Pix[di : di+4 : di+4]
			sa := float32(s[3]) * k / 255
			inv := 1 - sa
			for c := range 4 {
				d[c] = clamp8(float32(s[c])*k + float32(d[c])*inv)
			}
		}
	}
}

func clamp8(v float32) uint8 {
	if v <= 0 {
		return 0
	}
	if v >= 255 {
		return 255
	}
	return uint8(v + 0.5)
}

// vecImage draws an image into its box under m.
func (r *renderer) vecImage(dst *image.RGBA, im *scene.Image, m scene.Matrix) error {
	a := im.Opacity
	if !(a > 0) || !(im.Box.W > 0 && im.Box.H > 0) {
		return nil
	}
	format, err := checkImage(im)
	if err != nil {
		return err
	}
	src, err := decodeImage(im, format)
	if err != nil {
		return err
	}
	sr := src.Bounds()
	// Image pixels → the box → device pixels.
	box := scene.Matrix{A: im.Box.W / float64(sr.Dx()), D: im.Box.H / float64(sr.Dy()), E: im.Box.X, F: im.Box.Y}
	d := m.Mul(box).Mul(scene.Translate(-float64(sr.Min.X), -float64(sr.Min.Y)))
	if !(math.Abs(d.E) < maxCoord && math.Abs(d.F) < maxCoord && d.Det() != 0) {
		return nil
	}
	s2d := f64.Aff3{d.A, d.C, d.E, d.B, d.D, d.F}
	var opts *xdraw.Options
	if a < 1 {
		opts = &xdraw.Options{DstMask: image.NewUniform(color.Alpha16{A: uint16(math.Round(a * 0xffff))})}
	}
	r.resample.Transform(dst, s2d, src, sr, xdraw.Over, opts)
	return nil
}

// A paint source gives the premultiplied colour (0..1) at a device pixel
// centre.
type source struct {
	solid [4]float32 // when at is nil
	at    func(x, y float64) [4]float32
}

// paintSource returns the source for p drawn under m, or false if it
// paints nothing.
func paintSource(p scene.Paint, m scene.Matrix) (source, bool) {
	a := float32(min(p.Opacity, 1))
	if !(a > 0) {
		return source{}, false
	}
	g := p.Gradient
	if g == nil || len(g.Stops) == 0 {
		c := p.Color
		return source{solid: [4]float32{float32(c.R) / 255 * a, float32(c.G) / 255 * a, float32(c.B) / 255 * a, a}}, true
	}
	gt := g.Transform
	if gt == (scene.Matrix{}) {
		gt = scene.Identity
	}
	inv, ok := m.Mul(gt).Invert()
	if !ok {
		return source{}, false
	}
	lut := rampLUT(g.Stops, a)
	var tAt func(q scene.Point) (float64, bool)
	switch g.Kind {
	case scene.Linear:
		dx, dy := g.X2-g.X1, g.Y2-g.Y1
		l := dx*dx + dy*dy
		if l == 0 {
			// SVG: a zero-length vector paints the last stop's colour.
			last := lut[len(lut)-1]
			return source{solid: last}, true
		}
		tAt = func(q scene.Point) (float64, bool) { return ((q.X-g.X1)*dx + (q.Y-g.Y1)*dy) / l, true }
	default:
		cdx, cdy := g.CX-g.FX, g.CY-g.FY
		dr := g.R - g.FR
		a := cdx*cdx + cdy*cdy - dr*dr
		tAt = func(q scene.Point) (float64, bool) {
			px, py := q.X-g.FX, q.Y-g.FY
			b := px*cdx + py*cdy + g.FR*dr
			c := px*px + py*py - g.FR*g.FR
			if math.Abs(a) < 1e-12 {
				if b == 0 {
					return 0, false
				}
				return c / (2 * b), true
			}
			disc := b*b - a*c
			if disc < 0 {
				return 0, false
			}
			sq := math.Sqrt(disc)
			t := (b + sq) / a
			if g.FR+t*dr < 0 || (a < 0 && t < 0) {
				t = (b - sq) / a
				if g.FR+t*dr < 0 {
					return 0, false
				}
			}
			return t, true
		}
	}
	n := float64(len(lut) - 1)
	spread := g.Spread
	return source{at: func(x, y float64) [4]float32 {
		t, ok := tAt(inv.Apply(scene.Point{X: x, Y: y}))
		if !ok || math.IsNaN(t) {
			return [4]float32{}
		}
		switch spread {
		case scene.Repeat:
			t -= math.Floor(t)
		case scene.Reflect:
			t = math.Abs(t)
			t = math.Mod(t, 2)
			if t > 1 {
				t = 2 - t
			}
		}
		t = min(max(t, 0), 1)
		return lut[int(t*n+0.5)]
	}}, true
}

// rampLUT samples the stops at 1024 offsets, premultiplied, with
// opacity a: finer than 8-bit colour steps for any ramp.
func rampLUT(stops []scene.Stop, a float32) [][4]float32 {
	lut := make([][4]float32, 1024)
	col := func(s scene.Stop) [4]float32 {
		return [4]float32{float32(s.Color.R) / 255, float32(s.Color.G) / 255, float32(s.Color.B) / 255, float32(s.Opacity)}
	}
	for i := range lut {
		t := float64(i) / float64(len(lut)-1)
		var c [4]float32
		switch {
		case t <= stops[0].Offset:
			c = col(stops[0])
		case t >= stops[len(stops)-1].Offset:
			c = col(stops[len(stops)-1])
		default:
			j := 1
			for j < len(stops)-1 && stops[j].Offset < t {
				j++
			}
			s0, s1 := stops[j-1], stops[j]
			f := float32(0)
			if s1.Offset > s0.Offset {
				f = float32((t - s0.Offset) / (s1.Offset - s0.Offset))
			}
			c0, c1 := col(s0), col(s1)
			for k := range c {
				c[k] = c0[k] + (c1[k]-c0[k])*f
			}
		}
		al := c[3] * a
		lut[i] = [4]float32{c[0] * al, c[1] * al, c[2] * al, al}
	}
	return lut
}

// edge is one line of a flattened outline in device pixels, y0 < y1;
// dir is +1 where the outline runs down, −1 where it runs up.
type edge struct {
	x0, y0, x1, y1 float64
	dir            int8
}

// edgeList is a flattened outline.
type edgeList struct {
	edges    []edge
	overflow bool // more than maxVecEdges: drawn as nothing
	start    vec  // of the open contour
	pen      vec
	open     bool
}

func (e *edgeList) line(a, b vec) {
	if e.overflow || a.y == b.y {
		return
	}
	if len(e.edges) >= maxVecEdges || !a.valid() || !b.valid() {
		e.overflow = true
		return
	}
	if a.y < b.y {
		e.edges = append(e.edges, edge{a.x, a.y, b.x, b.y, 1})
	} else {
		e.edges = append(e.edges, edge{b.x, b.y, a.x, a.y, -1})
	}
}

func (e *edgeList) moveTo(a vec) {
	e.closeContour()
	e.start, e.pen, e.open = a, a, true
}

func (e *edgeList) lineTo(a vec) {
	e.line(e.pen, a)
	e.pen = a
}

func (e *edgeList) closeContour() {
	if e.open {
		e.line(e.pen, e.start)
	}
	e.pen = e.start
	e.open = false
}

// addPath flattens segs mapped by m, every contour closed (a fill).
func (e *edgeList) addPath(segs []scene.Segment, m scene.Matrix, tol float64) {
	flattenPath(segs, m, tol, func(pts []vec, closed bool) {
		if len(pts) == 0 {
			return
		}
		e.moveTo(pts[0])
		for _, p := range pts[1:] {
			e.lineTo(p)
		}
		e.closeContour()
	})
}

// addPolygon adds a closed polygon.
func (e *edgeList) addPolygon(pts []vec) {
	if len(pts) < 3 {
		return
	}
	e.moveTo(pts[0])
	for _, p := range pts[1:] {
		e.lineTo(p)
	}
	e.closeContour()
}

func (e *edgeList) bounds() image.Rectangle {
	if len(e.edges) == 0 || e.overflow {
		return image.Rectangle{}
	}
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, g := range e.edges {
		x0, x1 = min(x0, g.x0, g.x1), max(x1, g.x0, g.x1)
		y0, y1 = min(y0, g.y0), max(y1, g.y1)
	}
	return image.Rect(int(math.Floor(x0)), int(math.Floor(y0)), int(math.Ceil(x1))+1, int(math.Ceil(y1))+1)
}

// fill composites src through the outline's coverage onto dst.
func (e *edgeList) fill(dst *image.RGBA, rule scene.FillRule, src source) {
	box := e.bounds().Intersect(dst.Rect)
	if box.Empty() {
		return
	}
	e.coverage(box, rule, func(y int, cov []float32) {
		i0 := dst.PixOffset(box.Min.X, y)
		for x, c := range cov {
			if c <= 0 {
				continue
			}
			c = min(c, 1)
			s := src.solid
			if src.at != nil {
				s = src.at(float64(box.Min.X+x)+0.5, float64(y)+0.5)
			}
			if s[3] <= 0 {
				continue
			}
			d := dst.Pix[i0+4*x : i0+4*x+4 : i0+4*x+4]
			inv := 1 - s[3]*c
			for k := range 4 {
				d[k] = clamp8(s[k]*c*255 + float32(d[k])*inv)
			}
		}
	})
}

// coverage calls row for each pixel row of box with the outline's
// coverage of its pixels (0..1), under rule. cov is reused.
func (e *edgeList) coverage(box image.Rectangle, rule scene.FillRule, row func(y int, cov []float32)) {
	if e.overflow || len(e.edges) == 0 || box.Empty() {
		return
	}
	edges := e.edges
	slices.SortFunc(edges, func(a, b edge) int {
		if a.y0 < b.y0 {
			return -1
		}
		if a.y0 > b.y0 {
			return 1
		}
		return 0
	})
	w := box.Dx()
	cov := make([]float32, w)
	diff := make([]float32, w+1) // full-pixel spans, as differences
	type crossing struct {
		x   float64
		dir int8
	}
	var active []int
	var xs []crossing
	next := 0
	bx0, bx1 := float64(box.Min.X), float64(box.Max.X)
	const wgt = 1.0 / subScanlines
	for y := box.Min.Y; y < box.Max.Y; y++ {
		clear(cov)
		clear(diff)
		any := false
		for s := range subScanlines {
			sy := float64(y) + (float64(s)+0.5)/subScanlines
			for next < len(edges) && edges[next].y0 <= sy {
				active = append(active, next)
				next++
			}
			xs = xs[:0]
			keep := active[:0]
			for _, i := range active {
				g := &edges[i]
				if g.y1 <= sy {
					continue
				}
				keep = append(keep, i)
				if g.y0 > sy {
					continue
				}
				x := g.x0 + (sy-g.y0)/(g.y1-g.y0)*(g.x1-g.x0)
				xs = append(xs, crossing{x, g.dir})
			}
			active = keep
			if len(xs) < 2 {
				continue
			}
			slices.SortFunc(xs, func(a, b crossing) int {
				if a.x < b.x {
					return -1
				}
				if a.x > b.x {
					return 1
				}
				return 0
			})
			wind := 0
			for i := 0; i < len(xs)-1; i++ {
				wind += int(xs[i].dir)
				in := wind != 0
				if rule == scene.EvenOdd {
					in = wind%2 != 0
				}
				if !in {
					continue
				}
				xa, xb := max(xs[i].x, bx0), min(xs[i+1].x, bx1)
				if xb <= xa {
					continue
				}
				any = true
				xa -= bx0
				xb -= bx0
				ia, ib := int(xa), int(xb)
				if ia == ib {
					cov[ia] += float32((xb - xa) * wgt)
					continue
				}
				cov[ia] += float32((float64(ia+1) - xa) * wgt)
				diff[ia+1] += wgt
				diff[ib] -= wgt
				if ib < w {
					cov[ib] += float32((xb - float64(ib)) * wgt)
				}
			}
		}
		if !any {
			continue
		}
		run := float32(0)
		for x := range w {
			run += diff[x]
			cov[x] += run
		}
		row(y, cov)
	}
}

// flattenPath calls contour for each subpath of segs mapped by m and
// flattened to within tol: its points, and whether it was closed.
func flattenPath(segs []scene.Segment, m scene.Matrix, tol float64, contour func(pts []vec, closed bool)) {
	var pts []vec
	var pen, start vec
	open := false
	emit := func(closed bool) {
		if open {
			contour(pts, closed)
		}
		pts = pts[:0]
		open = false
	}
	tp := func(p scene.Point) vec { q := m.Apply(p); return vec{q.X, q.Y} }
	begin := func() {
		if !open {
			pts = append(pts[:0], pen)
			start = pen
			open = true
		}
	}
	for _, s := range segs {
		switch s.Op {
		case scene.MoveTo:
			emit(false)
			pen = tp(s.Pts[0])
			start = pen
			pts = append(pts[:0], pen)
			open = true
		case scene.LineTo:
			begin()
			pen = tp(s.Pts[0])
			pts = append(pts, pen)
		case scene.QuadTo:
			begin()
			c, a := tp(s.Pts[0]), tp(s.Pts[1])
			pts = flattenCubic(pts, pen, lerp(pen, c, 2.0/3), lerp(a, c, 2.0/3), a, tol)
			pen = a
		case scene.CubicTo:
			begin()
			c1, c2, a := tp(s.Pts[0]), tp(s.Pts[1]), tp(s.Pts[2])
			pts = flattenCubic(pts, pen, c1, c2, a, tol)
			pen = a
		case scene.Close:
			if open {
				emit(true)
			}
			pen = start
		}
		if len(pts) > maxVecEdges {
			return
		}
	}
	emit(false)
}

// flattenCubic appends the cubic p0…p3 (p0 already in pts) as lines
// within tol, in as many equal parameter steps as its second
// differences need.
func flattenCubic(pts []vec, p0, p1, p2, p3 vec, tol float64) []vec {
	ddx := max(math.Abs(p0.x-2*p1.x+p2.x), math.Abs(p1.x-2*p2.x+p3.x))
	ddy := max(math.Abs(p0.y-2*p1.y+p2.y), math.Abs(p1.y-2*p2.y+p3.y))
	dd := math.Hypot(ddx, ddy)
	// Wang's formula: n ≥ √(3·dd / (4·tol)) steps keep the error in tol.
	n := int(math.Ceil(math.Sqrt(0.75 * dd / tol)))
	n = min(max(n, 1), 1<<12)
	if math.IsNaN(dd) {
		n = 1
	}
	for i := 1; i <= n; i++ {
		t := float64(i) / float64(n)
		u := 1 - t
		a, b, c, d := u*u*u, 3*u*u*t, 3*u*t*t, t*t*t
		pts = append(pts, vec{a*p0.x + b*p1.x + c*p2.x + d*p3.x, a*p0.y + b*p1.y + c*p2.y + d*p3.y})
	}
	return pts
}
