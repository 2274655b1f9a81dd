// Package geom holds unit-free plane geometry shared by the template (in
// millimetres) and the scene (in points): points, rectangles, path
// segments and the paths of simple shapes. It knows nothing of units,
// paint or drawing.
package geom

import "fmt"

// Rect is an axis-aligned rectangle: X, Y its top-left corner, y down.
type Rect struct{ X, Y, W, H float64 }

func (r Rect) String() string { return fmt.Sprintf("[%.2f %.2f %.2f %.2f]", r.X, r.Y, r.W, r.H) }

// Op is a path operator.
type Op uint8

const (
	MoveTo  Op = iota // 1 point
	LineTo            // 1 point
	QuadTo            // 2 points: control, end
	CubicTo           // 3 points: control, control, end
	Close             // 0 points
)

// Point is a position.
type Point struct{ X, Y float64 }

// Segment is one path operation with its points.
type Segment struct {
	Op  Op
	Pts [3]Point
}

// Path is an outline: subpaths of segments, each starting with MoveTo.
type Path struct {
	Segments []Segment
}

func (o Op) String() string {
	switch o {
	case MoveTo:
		return "M"
	case LineTo:
		return "L"
	case QuadTo:
		return "Q"
	case CubicTo:
		return "C"
	case Close:
		return "Z"
	}
	return fmt.Sprintf("Op(%d)", uint8(o))
}

// String spells the segment as SVG path data: "C 1 2 3 4 5 6".
func (s Segment) String() string {
	str := s.Op.String()
	for _, p := range s.Pts[:s.Op.Points()] {
		str += fmt.Sprintf(" %g %g", p.X, p.Y)
	}
	return str
}

// Builder helpers for paths.

// MoveTo starts a new subpath.
func (p *Path) MoveTo(x, y float64) { p.add(MoveTo, Point{x, y}) }

// LineTo adds a line.
func (p *Path) LineTo(x, y float64) { p.add(LineTo, Point{x, y}) }

// QuadTo adds a quadratic Bézier.
func (p *Path) QuadTo(cx, cy, x, y float64) { p.add(QuadTo, Point{cx, cy}, Point{x, y}) }

// CubicTo adds a cubic Bézier.
func (p *Path) CubicTo(c1x, c1y, c2x, c2y, x, y float64) {
	p.add(CubicTo, Point{c1x, c1y}, Point{c2x, c2y}, Point{x, y})
}

// Close closes the current subpath.
func (p *Path) Close() { p.add(Close) }

func (p *Path) add(op Op, pts ...Point) {
	s := Segment{Op: op}
	copy(s.Pts[:], pts)
	p.Segments = append(p.Segments, s)
}

// Bounds returns the bounding box of the path's points (control points
// included, so it may be slightly larger than the curve).
func (p *Path) Bounds() Rect {
	first := true
	var x0, y0, x1, y1 float64
	for _, s := range p.Segments {
		for _, pt := range s.Pts[:s.Op.Points()] {
			if first {
				x0, y0, x1, y1 = pt.X, pt.Y, pt.X, pt.Y
				first = false
				continue
			}
			x0, y0 = min(x0, pt.X), min(y0, pt.Y)
			x1, y1 = max(x1, pt.X), max(y1, pt.Y)
		}
	}
	return Rect{x0, y0, x1 - x0, y1 - y0}
}

// Points is the number of points op takes.
func (o Op) Points() int {
	switch o {
	case MoveTo, LineTo:
		return 1
	case QuadTo:
		return 2
	case CubicTo:
		return 3
	}
	return 0
}

// Rectangle returns r as a closed path, clockwise on the page (y down).
func Rectangle(r Rect) Path {
	var p Path
	p.MoveTo(r.X, r.Y)
	p.LineTo(r.X+r.W, r.Y)
	p.LineTo(r.X+r.W, r.Y+r.H)
	p.LineTo(r.X, r.Y+r.H)
	p.Close()
	return p
}

// kappa is the control-point distance for a quarter circle of radius 1
// drawn with one cubic Bézier.
const kappa = 0.5522847498307936

// Ellipse returns a closed elliptical path of four cubic Béziers.
func Ellipse(cx, cy, rx, ry float64) Path {
	var p Path
	kx, ky := kappa*rx, kappa*ry
	p.MoveTo(cx+rx, cy)
	p.CubicTo(cx+rx, cy+ky, cx+kx, cy+ry, cx, cy+ry)
	p.CubicTo(cx-kx, cy+ry, cx-rx, cy+ky, cx-rx, cy)
	p.CubicTo(cx-rx, cy-ky, cx-kx, cy-ry, cx, cy-ry)
	p.CubicTo(cx+kx, cy-ry, cx+rx, cy-ky, cx+rx, cy)
	p.Close()
	return p
}
