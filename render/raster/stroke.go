package raster

import (
	"math"

	"posterkit/render/scene"
)

// The stroker outlines a stroke as a union of simple convex pieces, one
// quadrilateral per flattened segment, a wedge or disc per join and a
// rectangle or disc per cap, all wound the same way so that the non-zero
// rule fills their union: no offset curves to intersect, and no piece
// can cancel another.

// maxDashes bounds the dashes of one path: past it (a hairline dash
// pattern along a very long path) the stroke is drawn solid, which is
// what it looks like at that density anyway.
const maxDashes = 1 << 18

// strokePath adds the outline of s along segs, in the path's own space
// flattened within tol, mapped by m, to e.
func strokePath(e *edgeList, segs []scene.Segment, s *scene.Stroke, m scene.Matrix, tol float64) {
	st := stroker{e: e, m: m, hw: s.Width / 2, tol: tol, cap: s.Cap, join: s.Join, limit: max(s.MiterLimit, 1)}
	dashes := dashPattern(s.Dashes)
	flattenPath(segs, scene.Identity, tol, func(pts []vec, closed bool) {
		pts = dedup(pts, closed)
		if len(dashes) > 0 && len(pts) > 1 {
			if st.dashed(pts, closed, dashes, s.DashOffset) {
				return
			}
		}
		st.polyline(pts, closed)
	})
}

// dashPattern returns an even dash list, or nil for a solid stroke (no
// list, a negative length, or lengths summing to zero, as SVG says).
func dashPattern(d []float64) []float64 {
	if len(d) == 0 {
		return nil
	}
	sum := 0.0
	for _, v := range d {
		if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
			return nil
		}
		sum += v
	}
	if !(sum > 0) {
		return nil
	}
	if len(d)%2 == 1 {
		d = append(append([]float64(nil), d...), d...)
	}
	return d
}

func dedup(pts []vec, closed bool) []vec {
	out := pts[:0:0]
	for i, p := range pts {
		if i > 0 && p == out[len(out)-1] {
			continue
		}
		out = append(out, p)
	}
	if closed && len(out) > 1 && out[0] == out[len(out)-1] {
		out = out[:len(out)-1]
	}
	return out
}

type stroker struct {
	e     *edgeList
	m     scene.Matrix
	hw    float64 // half the width
	tol   float64
	cap   scene.LineCap
	join  scene.LineJoin
	limit float64
	n     int // dashes drawn
}

// dashed strokes the dashes of one contour; false if there are too many
// to draw (the caller strokes it solid).
func (st *stroker) dashed(pts []vec, closed bool, dashes []float64, offset float64) bool {
	total := 0.0
	for _, d := range dashes {
		total += d
	}
	if closed {
		pts = append(pts, pts[0])
	}
	length := 0.0
	for i := 1; i < len(pts); i++ {
		length += dist(pts[i-1], pts[i])
	}
	if length/total*float64(len(dashes)) > maxDashes {
		return false
	}
	// Where in the pattern the contour starts.
	phase := math.Mod(offset, total)
	if phase < 0 {
		phase += total
	}
	k := 0
	for phase >= dashes[k] {
		phase -= dashes[k]
		k = (k + 1) % len(dashes)
	}
	left := dashes[k] - phase // of the current dash or gap
	on := k%2 == 0
	var cur []vec
	if on {
		cur = append(cur, pts[0])
	}
	for i := 1; i < len(pts); i++ {
		a, b := pts[i-1], pts[i]
		seg := dist(a, b)
		pos := 0.0
		for seg-pos > left {
			pos += left
			p := lerp(a, b, pos/seg)
			if on {
				cur = append(cur, p)
				st.polyline(cur, false)
				cur = cur[:0]
			} else {
				cur = append(cur[:0], p)
			}
			on = !on
			k = (k + 1) % len(dashes)
			left = dashes[k]
		}
		left -= seg - pos
		if on {
			cur = append(cur, b)
		}
	}
	if on && len(cur) > 1 {
		st.polyline(cur, false)
	}
	return true
}

func dist(a, b vec) float64 { return math.Hypot(b.x-a.x, b.y-a.y) }

// polyline strokes one contour.
func (st *stroker) polyline(pts []vec, closed bool) {
	if len(pts) == 0 {
		return
	}
	if len(pts) == 1 || (closed && len(pts) == 2 && pts[0] == pts[1]) {
		// A zero-length subpath shows its caps (SVG 1.1 11.4).
		p := pts[0]
		switch st.cap {
		case scene.RoundCap:
			st.disc(p)
		case scene.SquareCap:
			h := st.hw
			st.poly([]vec{{p.x - h, p.y - h}, {p.x + h, p.y - h}, {p.x + h, p.y + h}, {p.x - h, p.y + h}})
		}
		return
	}
	n := len(pts)
	segs := n - 1
	if closed {
		segs = n
	}
	for i := range segs {
		a, b := pts[i], pts[(i+1)%n]
		nx, ny := st.normal(a, b)
		st.poly([]vec{{a.x + nx, a.y + ny}, {b.x + nx, b.y + ny}, {b.x - nx, b.y - ny}, {a.x - nx, a.y - ny}})
	}
	for i := range n {
		if !closed && (i == 0 || i == n-1) {
			continue
		}
		st.joinAt(pts[(i+n-1)%n], pts[i], pts[(i+1)%n])
	}
	if !closed {
		st.capAt(pts[1], pts[0])
		st.capAt(pts[n-2], pts[n-1])
	}
}

// normal returns the unit left normal of a→b scaled by the half width.
func (st *stroker) normal(a, b vec) (float64, float64) {
	dx, dy := b.x-a.x, b.y-a.y
	l := math.Hypot(dx, dy)
	if l == 0 {
		return 0, 0
	}
	return -dy / l * st.hw, dx / l * st.hw
}

// capAt adds the cap at end b of the segment from a.
func (st *stroker) capAt(a, b vec) {
	switch st.cap {
	case scene.RoundCap:
		st.disc(b)
	case scene.SquareCap:
		nx, ny := st.normal(a, b)
		// The segment's direction scaled by the half width is the
		// normal turned back.
		dx, dy := ny, -nx
		st.poly([]vec{{b.x + nx, b.y + ny}, {b.x + nx + dx, b.y + ny + dy}, {b.x - nx + dx, b.y - ny + dy}, {b.x - nx, b.y - ny}})
	}
}

// joinAt adds the join at p between a→p and p→b.
func (st *stroker) joinAt(a, p, b vec) {
	n0x, n0y := st.normal(a, p)
	n1x, n1y := st.normal(p, b)
	d0x, d0y := p.x-a.x, p.y-a.y
	d1x, d1y := b.x-p.x, b.y-p.y
	cross := d0x*d1y - d0y*d1x
	dot := d0x*d1x + d0y*d1y
	if cross == 0 && dot >= 0 {
		return // straight on
	}
	s := -1.0
	if cross < 0 {
		s = 1
	}
	o0 := vec{p.x + s*n0x, p.y + s*n0y}
	o1 := vec{p.x + s*n1x, p.y + s*n1y}
	theta := math.Atan2(math.Abs(cross), dot) // the turn
	// A turn whose outer wedge differs from a bevel by less than the
	// tolerance is beveled, whatever the join: curves flatten into many
	// such vertices.
	small := st.hw*(1-math.Cos(theta/2)) < st.tol
	switch {
	case small || st.join == scene.BevelJoin:
		st.poly([]vec{p, o0, o1})
	case st.join == scene.RoundJoin:
		st.disc(p)
	default:
		ratio := 1 / math.Cos(theta/2) // miter length over width
		if ratio > st.limit || math.IsInf(ratio, 0) {
			st.poly([]vec{p, o0, o1})
			return
		}
		mx, my := n0x+n1x, n0y+n1y
		l2 := mx*mx + my*my
		k := 2 * st.hw * st.hw / l2
		tip := vec{p.x + s*mx*k, p.y + s*my*k}
		st.poly([]vec{p, o0, tip, o1})
	}
}

// disc adds a circle of the half width around p.
func (st *stroker) disc(p vec) {
	r := st.hw
	n := 8
	if r > st.tol {
		n = int(math.Ceil(math.Pi / math.Acos(1-st.tol/r)))
	}
	n = min(max(n, 8), 1024)
	pts := make([]vec, n)
	for i := range n {
		a := 2 * math.Pi * float64(i) / float64(n)
		// The polygon circumscribes the circle slightly less than it
		// inscribes it: radius to the mean of both.
		pts[i] = vec{p.x + r*math.Cos(a), p.y + r*math.Sin(a)}
	}
	st.poly(pts)
}

// poly adds a convex piece, wound positively, mapped to the device.
func (st *stroker) poly(pts []vec) {
	area := 0.0
	for i := range pts {
		a, b := pts[i], pts[(i+1)%len(pts)]
		area += a.x*b.y - b.x*a.y
	}
	if area == 0 {
		return
	}
	out := make([]vec, len(pts))
	for i, p := range pts {
		q := st.m.Apply(scene.Point{X: p.x, Y: p.y})
		out[i] = vec{q.X, q.Y}
	}
	if area < 0 {
		for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
			out[i], out[j] = out[j], out[i]
		}
	}
	st.e.addPolygon(out)
}
