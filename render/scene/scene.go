// Package scene holds what layout produces and backends draw: a page with its
// trim and bleed geometry and an ordered list of paths, images and glyph runs,
// all positioned in points. Nothing in it is specific to PNG or PDF; backends
// only draw a Scene and never lay out.
package scene

import (
	"fmt"
	"image/color"

	"posterkit/fonts"
)

// MM is one millimetre in points (1 pt = 1/72 in).
const MM = 72 / 25.4

// Rect is an axis-aligned rectangle in points.
type Rect struct{ X, Y, W, H float64 }

func (r Rect) String() string { return fmt.Sprintf("[%.2f %.2f %.2f %.2f]", r.X, r.Y, r.W, r.H) }

// Scene is one page. Coordinates are points with the origin at the top-left
// corner of the media box (the trim box grown by the bleed), y down.
type Scene struct {
	Width, Height float64 // media box: trim plus bleed on every side
	Trim          Rect    // the finished page
	Bleed         Rect    // equal to the media box: artwork may run this far
	Lang          string  // BCP 47 code of the text, "" for a page without text
	Title         string
	Items         []Item // drawn in order, first is bottom-most
	// Guides are non-printing items drawn over Items: shown on screen, left
	// out of print (a PDF's optional content), such as the outlines and
	// sizes of a blank poster's text frames. A scene without them carries
	// no trace of the frames.
	Guides []Item
	// GuidesName names the guides for viewers' layer lists.
	GuidesName string
}

// Item is one element of a scene: *Path, *Image or *GlyphRun.
type Item interface{ isItem() }

// Paint is a fill: an opaque colour and an opacity applied when compositing.
type Paint struct {
	Color   color.NRGBA // alpha ignored; use Opacity
	Opacity float64     // 0..1
}

// Op is a path operator.
type Op uint8

const (
	MoveTo  Op = iota // 1 point
	LineTo            // 1 point
	QuadTo            // 2 points: control, end
	CubicTo           // 3 points: control, control, end
	Close             // 0 points
)

// Point is a position in points.
type Point struct{ X, Y float64 }

// Segment is one path operation with its points.
type Segment struct {
	Op  Op
	Pts [3]Point
}

// Path is a filled outline, non-zero winding.
type Path struct {
	Segments []Segment
	Fill     Paint
}

// Image is a raster image drawn into Box. Data is the file as read (PNG or
// JPEG) so a PDF can pass JPEG through; backends decode it themselves.
type Image struct {
	Box     Rect
	Format  string // "png" or "jpeg"
	Data    []byte
	Name    string // for reports: the asset's path
	Opacity float64
}

// GlyphRun is a run of glyphs of one font at one size and colour.
type GlyphRun struct {
	Font   *fonts.Font
	Size   float64 // points per em
	Fill   Paint
	Glyphs []Glyph // in visual order, left to right
	// RTL marks a run whose text reads right to left; Glyphs are still in
	// visual order, so logical order is the reverse.
	RTL bool
}

// Glyph is one glyph, positioned absolutely: X, Y is the pen position on the
// baseline with the shaper's offsets already applied.
type Glyph struct {
	ID   uint16
	X, Y float64
	// Text is the source text this glyph stands for: the whole cluster's text
	// on one glyph of the cluster (the first in logical order), "" on the
	// others, so concatenating Text in logical order gives the source back.
	Text string
	// Advance is the glyph's advance in points, for backends that place
	// glyphs by advance (PDF widths).
	Advance float64
	// Offset is the shaper's offset (a mark's placement) included in X, Y:
	// the pen stood at X-Offset.X, Y-Offset.Y.
	Offset Point
	// Cluster identifies the glyph's cluster (HarfBuzz's cluster: the index
	// of its first character in the paragraph). Adjacent glyphs with the
	// same Cluster stand together for their text, like a base letter and
	// the dots Noto Kufi Arabic draws as separate glyphs.
	Cluster int
}

func (*Path) isItem()     {}
func (*Image) isItem()    {}
func (*GlyphRun) isItem() {}

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

// Rectangle returns a closed rectangular path.
func Rectangle(r Rect, fill Paint) *Path {
	p := &Path{Fill: fill}
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
func Ellipse(cx, cy, rx, ry float64, fill Paint) *Path {
	p := &Path{Fill: fill}
	kx, ky := kappa*rx, kappa*ry
	p.MoveTo(cx+rx, cy)
	p.CubicTo(cx+rx, cy+ky, cx+kx, cy+ry, cx, cy+ry)
	p.CubicTo(cx-kx, cy+ry, cx-rx, cy+ky, cx-rx, cy)
	p.CubicTo(cx-rx, cy-ky, cx-kx, cy-ry, cx, cy-ry)
	p.CubicTo(cx+kx, cy-ry, cx+rx, cy-ky, cx+rx, cy)
	p.Close()
	return p
}

// Frame returns a closed rectangular ring of width w drawn inside r: an
// outline made of a fill (the outer rectangle clockwise, the inner one
// anticlockwise, so the non-zero rule leaves the middle empty).
func Frame(r Rect, w float64, fill Paint) *Path {
	p := Rectangle(r, fill)
	x0, y0, x1, y1 := r.X+w, r.Y+w, r.X+r.W-w, r.Y+r.H-w
	if x1 <= x0 || y1 <= y0 {
		return p
	}
	p.MoveTo(x0, y0)
	p.LineTo(x0, y1)
	p.LineTo(x1, y1)
	p.LineTo(x1, y0)
	p.Close()
	return p
}
