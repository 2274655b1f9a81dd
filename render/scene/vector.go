package scene

import (
	"fmt"
	"image/color"
	"math"

	"posterkit/render/geom"
)

// The items and paints vector artwork (an imported SVG) needs beyond
// filled outlines: strokes, gradients, fill rules, and groups that clip,
// fade or transform what they hold. Backends draw them as the
// specifications they come from say: SVG 1.1 painting
// (https://www.w3.org/TR/SVG11/painting.html) and PDF's equivalents.

// Matrix is an affine transform [A B C D E F]: a point (x, y) maps to
// (A·x + C·y + E, B·x + D·y + F), as in SVG's matrix() and PDF's cm. The
// zero Matrix is not the identity; use Identity.
type Matrix struct{ A, B, C, D, E, F float64 }

// Identity is the transform that changes nothing.
var Identity = Matrix{A: 1, D: 1}

// Mul returns the transform that applies n first, then m (m·n).
func (m Matrix) Mul(n Matrix) Matrix {
	return Matrix{
		A: m.A*n.A + m.C*n.B, B: m.B*n.A + m.D*n.B,
		C: m.A*n.C + m.C*n.D, D: m.B*n.C + m.D*n.D,
		E: m.A*n.E + m.C*n.F + m.E, F: m.B*n.E + m.D*n.F + m.F,
	}
}

// Apply maps p.
func (m Matrix) Apply(p Point) Point {
	return Point{X: m.A*p.X + m.C*p.Y + m.E, Y: m.B*p.X + m.D*p.Y + m.F}
}

// Det is the determinant: 0 for a transform that flattens the plane.
func (m Matrix) Det() float64 { return m.A*m.D - m.B*m.C }

// Invert returns the inverse, or false if m is singular or not finite.
func (m Matrix) Invert() (Matrix, bool) {
	d := m.Det()
	if d == 0 || math.IsNaN(d) || math.IsInf(d, 0) {
		return Matrix{}, false
	}
	return Matrix{
		A: m.D / d, B: -m.B / d, C: -m.C / d, D: m.A / d,
		E: (m.C*m.F - m.D*m.E) / d, F: (m.B*m.E - m.A*m.F) / d,
	}, true
}

// Scale is the transform's mean linear scale, √|det|: how much a length
// grows on average, which is what a flattening tolerance needs.
func (m Matrix) Scale() float64 { return math.Sqrt(math.Abs(m.Det())) }

func (m Matrix) String() string {
	return fmt.Sprintf("matrix(%g %g %g %g %g %g)", m.A, m.B, m.C, m.D, m.E, m.F)
}

// Translate returns a translation.
func Translate(x, y float64) Matrix { return Matrix{A: 1, D: 1, E: x, F: y} }

// ScaleXY returns a scaling about the origin.
func ScaleXY(sx, sy float64) Matrix { return Matrix{A: sx, D: sy} }

// TransformPath returns p mapped by m.
func TransformPath(p geom.Path, m Matrix) geom.Path {
	out := geom.Path{Segments: make([]Segment, len(p.Segments))}
	for i, s := range p.Segments {
		for j := range s.Op.Points() {
			s.Pts[j] = m.Apply(s.Pts[j])
		}
		out.Segments[i] = s
	}
	return out
}

// FillRule says which points a path's outline encloses
// (https://www.w3.org/TR/SVG11/painting.html#FillRuleProperty).
type FillRule uint8

const (
	NonZero FillRule = iota // inside if the winding number is not zero
	EvenOdd                 // inside if the winding number is odd
)

func (r FillRule) String() string {
	if r == EvenOdd {
		return "evenodd"
	}
	return "nonzero"
}

// LineCap is the shape at the open ends of a stroke and its dashes.
type LineCap uint8

const (
	ButtCap   LineCap = iota // squared off at the end point
	RoundCap                 // a half disc beyond the end point
	SquareCap                // a half square beyond the end point
)

// LineJoin is the shape where two stroked segments meet.
type LineJoin uint8

const (
	MiterJoin LineJoin = iota // sharp, beveled past the miter limit
	RoundJoin                 // a disc around the corner
	BevelJoin                 // the corner cut straight
)

// Stroke is the outline drawn along a path, centred on it
// (https://www.w3.org/TR/SVG11/painting.html#StrokeProperties). A PDF
// keeps it as a stroke (w, J, j, M, d); a PNG outlines it and fills the
// outline with the non-zero rule.
type Stroke struct {
	Paint      Paint
	Width      float64 // in the path's units; > 0
	Cap        LineCap
	Join       LineJoin
	MiterLimit float64 // ratio of miter length to width, ≥ 1 (SVG's default is 4)
	// Dashes alternates dash and gap lengths, starting with a dash; nil
	// for a solid stroke. An odd list repeats to make it even, as SVG says.
	Dashes     []float64
	DashOffset float64 // how far into the pattern the path starts
}

// SpreadMethod says what a gradient paints outside its first and last
// stops (https://www.w3.org/TR/SVG11/pservers.html#LinearGradientElementSpreadMethodAttribute).
type SpreadMethod uint8

const (
	Pad     SpreadMethod = iota // the end colours continue
	Reflect                     // the gradient repeats, mirrored every other time
	Repeat                      // the gradient repeats
)

// GradientKind is linear or radial.
type GradientKind uint8

const (
	Linear GradientKind = iota
	Radial
)

// Gradient is a smooth colour ramp. Its geometry is in gradient space,
// which Transform maps to the painted item's space (SVG's
// gradientTransform with objectBoundingBox units already folded in).
type Gradient struct {
	Kind GradientKind
	// Linear: the ramp runs from (X1, Y1) at offset 0 to (X2, Y2) at 1.
	X1, Y1, X2, Y2 float64
	// Radial: offset 0 is the focal circle (FX, FY, FR), offset 1 the
	// circle (CX, CY, R); between them the circles interpolate (a PDF
	// type 3 shading, which is SVG 2's radial gradient).
	CX, CY, R, FX, FY, FR float64
	Stops                 []Stop // offsets ascending in 0..1; at least one
	Spread                SpreadMethod
	Transform             Matrix
}

// Stop is one colour on a gradient's ramp.
type Stop struct {
	Offset  float64     // 0..1
	Color   color.NRGBA // sRGB; alpha ignored, use Opacity
	Opacity float64     // 0..1
	// Ink, when its Kind is Process, is the stop as print inks: a PDF then
	// shades in DeviceCMYK, if every stop has one.
	Ink Ink
}

// Group is a list of items drawn together: in their own coordinates
// (Transform maps them to the group's parent), through an optional clip,
// and composited as one with Opacity, as SVG's g with opacity and
// clip-path is. A group with Opacity 1 and no Clip draws exactly as its
// items would alone.
type Group struct {
	Items     []Item
	Transform Matrix  // the items' space to the parent's; Identity when none
	Clip      *Clip   // nil: nothing clipped
	Opacity   float64 // 0..1, applied to the group as a whole
	Alt       string  // what the group shows (a Figure in tagged PDF); "": artwork
}

// Clip is a clipping region: the union of Shapes, each in the group's
// item space (before Transform is applied, as the items are), intersected
// with Clip when that is set (SVG's clip-path on a clipPath).
type Clip struct {
	Shapes []ClipShape
	Clip   *Clip
}

// ClipShape is one outline of a clip with its rule.
type ClipShape struct {
	geom.Path
	Rule FillRule
}

func (*Group) isItem() {}

func (g *Group) String() string {
	return fmt.Sprintf("group of %d items, %v, opacity %g, clip %v", len(g.Items), g.Transform, g.Opacity, g.Clip != nil)
}

// Plain reports whether p is a path the original backends drew before
// strokes, rules and gradients existed: a non-zero fill of a flat colour.
// Backends draw such paths exactly as before, so existing output stays
// byte for byte the same.
func (p *Path) Plain() bool {
	return p.Stroke == nil && p.Rule == NonZero && p.Fill.Gradient == nil
}
