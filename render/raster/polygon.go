package raster

import (
	"image"
	"math"

	"golang.org/x/image/vector"
)

// Flattening limits.
const (
	// flatness is the largest distance, in pixels, between a curve and the
	// lines that replace it: 1/20 px changes no edge pixel by more than
	// about 13/255.
	flatness = 0.05

	// maxSplit bounds the halving of one curve: at most 1<<16 lines. Curves
	// of any sensible size are flat well before; the bound is for absurd
	// input.
	maxSplit = 16
)

type vec struct{ x, y float64 }

func (v vec) valid() bool {
	return math.Abs(v.x) <= maxCoord && math.Abs(v.y) <= maxCoord // false for NaN
}

func (v vec) add(w vec) vec            { return vec{v.x + w.x, v.y + w.y} }
func mid(a, b vec) vec                 { return vec{(a.x + b.x) / 2, (a.y + b.y) / 2} }
func lerp(a, b vec, t float64) vec     { return vec{a.x + (b.x-a.x)*t, a.y + (b.y-a.y)*t} }
func (v vec) clamp(r rect) vec         { return vec{min(max(v.x, r.x0), r.x1), min(max(v.y, r.y0), r.y1)} }
func (v vec) sub(p image.Point) vec    { return vec{v.x - float64(p.X), v.y - float64(p.Y)} }
func (v vec) offset(p image.Point) vec { return vec{v.x + float64(p.X), v.y + float64(p.Y)} }

// rect is a rectangle in pixels, x0 ≤ x1 and y0 ≤ y1.
type rect struct{ x0, y0, x1, y1 float64 }

// noClip is a clip rectangle that culls nothing.
var noClip = rect{math.Inf(-1), math.Inf(-1), math.Inf(1), math.Inf(1)}

// polygon is an outline flattened to closed contours of straight edges, in
// pixels. It is built by the path methods and reused: reset empties it and
// keeps its storage. Not safe for concurrent use.
type polygon struct {
	pts  []vec
	ends []int // contour i is pts[ends[i-1]:ends[i]]

	// clip is where the outline will be drawn. Curve pieces wholly on the
	// far side of one of its edges cannot change coverage inside it and
	// are replaced by their chord instead of being flattened.
	clip rect

	start, pen vec
	open       bool // pts holds a contour after the last end
}

func (p *polygon) reset(clip rect) {
	p.pts, p.ends = p.pts[:0], p.ends[:0]
	p.clip = clip
	p.start, p.pen, p.open = vec{}, vec{}, false
}

func (p *polygon) moveTo(a vec) {
	p.close()
	p.start, p.pen = a, a
}

// begin opens a contour at the pen if none is open: a drawing operator
// after Close continues from the closed contour's start, as in PostScript.
func (p *polygon) begin() {
	if !p.open {
		p.pts = append(p.pts, p.pen)
		p.start = p.pen
		p.open = true
	}
}

func (p *polygon) lineTo(a vec) {
	p.begin()
	p.pts = append(p.pts, a)
	p.pen = a
}

func (p *polygon) quadTo(c, a vec) {
	// Degree elevation: the same curve as a cubic.
	p.begin()
	c1 := lerp(p.pen, c, 2.0/3)
	c2 := lerp(a, c, 2.0/3)
	p.cubic(p.pen, c1, c2, a, 0)
	p.pen = a
}

func (p *polygon) cubeTo(c1, c2, a vec) {
	p.begin()
	p.cubic(p.pen, c1, c2, a, 0)
	p.pen = a
}

// close ends the open contour; its closing edge is implied.
func (p *polygon) close() {
	if p.open {
		p.ends = append(p.ends, len(p.pts))
		p.open = false
	}
	p.pen = p.start
}

// cubic appends the flattened cubic Bézier p0…p3 (p0 is already in pts),
// halving it until each piece is flat or outside the clip.
func (p *polygon) cubic(p0, p1, p2, p3 vec, depth int) {
	if depth >= maxSplit || p.culled(p0, p1, p2, p3) || flat(p0, p1, p2, p3) {
		p.pts = append(p.pts, p3)
		return
	}
	// de Casteljau at t = ½.
	a, b, c := mid(p0, p1), mid(p1, p2), mid(p2, p3)
	d, e := mid(a, b), mid(b, c)
	m := mid(d, e)
	p.cubic(p0, a, d, m, depth+1)
	p.cubic(m, e, c, p3, depth+1)
}

// culled reports whether all control points lie beyond one edge of the
// clip. The curve is then in that outer half-plane too, where it and its
// chord clamp to the same boundary segment (see feed), so the chord draws
// the same coverage.
func (p *polygon) culled(p0, p1, p2, p3 vec) bool {
	c := p.clip
	return max(p0.x, p1.x, p2.x, p3.x) <= c.x0 || min(p0.x, p1.x, p2.x, p3.x) >= c.x1 ||
		max(p0.y, p1.y, p2.y, p3.y) <= c.y0 || min(p0.y, p1.y, p2.y, p3.y) >= c.y1
}

// flat reports whether the cubic is within flatness of its chord, by
// Roger Willcocks' bound: 16·d² ≤ max(ux², vx²) + max(uy², vy²).
func flat(p0, p1, p2, p3 vec) bool {
	ux, uy := 3*p1.x-2*p0.x-p3.x, 3*p1.y-2*p0.y-p3.y
	vx, vy := 3*p2.x-p0.x-2*p3.x, 3*p2.y-p0.y-2*p3.y
	return max(ux*ux, vx*vx)+max(uy*uy, vy*vy) <= 16*flatness*flatness
}

// bounds returns the pixels the polygon may touch.
func (p *polygon) bounds() image.Rectangle {
	if len(p.pts) == 0 {
		return image.Rectangle{}
	}
	b := rect{p.pts[0].x, p.pts[0].y, p.pts[0].x, p.pts[0].y}
	for _, v := range p.pts[1:] {
		b.x0, b.x1 = min(b.x0, v.x), max(b.x1, v.x)
		b.y0, b.y1 = min(b.y0, v.y), max(b.y1, v.y)
	}
	// Points are within ±maxCoord, so the conversions cannot overflow.
	return image.Rect(int(math.Floor(b.x0)), int(math.Floor(b.y0)), int(math.Ceil(b.x1)), int(math.Ceil(b.y1)))
}

// translate moves every point by d.
func (p *polygon) translate(d image.Point) {
	for i := range p.pts {
		p.pts[i] = p.pts[i].offset(d)
	}
}

// feed sends the polygon's edges within box to z, whose origin is box.Min.
//
// Each edge is split where it crosses the lines through box's sides and
// each piece's ends are clamped into box. Clamping is affine on each of the
// nine regions the lines make, so a clamped piece is exactly the piece
// pushed onto box; for points inside box that keeps the winding number, and
// so the coverage, of the unclipped polygon. The rasteriser then only sees
// coordinates within its bounds, whatever the input's size.
func (p *polygon) feed(z *vector.Rasterizer, box image.Rectangle) {
	c := boundsRect(box)
	f := feeder{z: z, clip: c, origin: box.Min}
	start := 0
	for _, end := range p.ends {
		pts := p.pts[start:end]
		start = end
		if len(pts) < 2 {
			continue
		}
		f.moveTo(pts[0])
		for i := 1; i < len(pts); i++ {
			f.edge(pts[i-1], pts[i])
		}
		f.edge(pts[len(pts)-1], pts[0])
	}
}

type feeder struct {
	z      *vector.Rasterizer
	clip   rect
	origin image.Point
}

func (f *feeder) moveTo(a vec) {
	a = a.clamp(f.clip).sub(f.origin)
	f.z.MoveTo(float32(a.x), float32(a.y))
}

func (f *feeder) lineTo(a vec) {
	a = a.clamp(f.clip).sub(f.origin)
	f.z.LineTo(float32(a.x), float32(a.y))
}

func (f *feeder) edge(a, b vec) {
	c := f.clip
	inside := func(v vec) bool { return v.x >= c.x0 && v.x <= c.x1 && v.y >= c.y0 && v.y <= c.y1 }
	if inside(a) && inside(b) {
		f.lineTo(b)
		return
	}
	// Parameters where the edge crosses x = x0, x1 and y = y0, y1, sorted.
	var ts [4]float64
	n := 0
	cross := func(a, b, v float64) {
		if (a < v && b > v) || (a > v && b < v) {
			ts[n] = (v - a) / (b - a)
			n++
		}
	}
	cross(a.x, b.x, c.x0)
	cross(a.x, b.x, c.x1)
	cross(a.y, b.y, c.y0)
	cross(a.y, b.y, c.y1)
	for i := 1; i < n; i++ {
		for j := i; j > 0 && ts[j] < ts[j-1]; j-- {
			ts[j], ts[j-1] = ts[j-1], ts[j]
		}
	}
	for _, t := range ts[:n] {
		f.lineTo(lerp(a, b, t))
	}
	f.lineTo(b)
}

// rect returns the polygon as a rectangle, if it is one contour of four
// sides along the axes (a fifth point may repeat the first).
func (p *polygon) rect() (rect, bool) {
	if len(p.ends) != 1 {
		return rect{}, false
	}
	pts := p.pts[:p.ends[0]]
	if n := len(pts); n == 5 && pts[4] == pts[0] {
		pts = pts[:4]
	}
	if len(pts) != 4 {
		return rect{}, false
	}
	for i, a := range pts {
		c := pts[(i+1)%4]
		if a.x != c.x && a.y != c.y {
			return rect{}, false
		}
	}
	r := rect{min(pts[0].x, pts[2].x), min(pts[0].y, pts[2].y), max(pts[0].x, pts[2].x), max(pts[0].y, pts[2].y)}
	// Axis-parallel sides through opposite corners pts[0], pts[2] make
	// that rectangle only if pts[1] and pts[3] are its other corners.
	if (pts[1].x != r.x0 && pts[1].x != r.x1) || (pts[1].y != r.y0 && pts[1].y != r.y1) || pts[1] == pts[3] {
		return rect{}, false
	}
	return r, true
}

// inside returns the pixels wholly inside the polygon if it is a rectangle
// (see rect), else an empty rectangle.
func (p *polygon) inside() image.Rectangle {
	r, ok := p.rect()
	if !ok {
		return image.Rectangle{}
	}
	// Points are within ±maxCoord, so the conversions cannot overflow.
	in := image.Rect(int(math.Ceil(r.x0)), int(math.Ceil(r.y0)), int(math.Floor(r.x1)), int(math.Floor(r.y1)))
	if in.Dx() <= 0 || in.Dy() <= 0 { // image.Rect would swap the sides
		return image.Rectangle{}
	}
	return in
}
