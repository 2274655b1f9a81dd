// Package scene holds what layout produces and backends draw: a page with its
// trim and bleed geometry and an ordered list of paths, images and glyph runs,
// all positioned in points. Nothing in it is specific to PNG or PDF; backends
// only draw a Scene and never lay out.
package scene

import (
	"fmt"
	"image"
	"image/color"

	"posterkit/fonts"
	"posterkit/render/geom"
)

// MM is one millimetre in points (1 pt = 1/72 in).
const MM = 72 / 25.4

// Rect is an axis-aligned rectangle in points.
type Rect = geom.Rect

// Scene is one page. Coordinates are points with the origin at the top-left
// corner of the media box (the trim box grown by the bleed), y down.
type Scene struct {
	Width, Height float64 // media box: the bleed box, and the marks' margin when there are marks
	Trim          Rect    // the finished page
	Bleed         Rect    // how far artwork may run: the media box unless there are marks
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
	// Marks are printer's marks (crop marks, registration targets, colour
	// bar, slug) outside the bleed box, drawn over everything in print;
	// a PNG, which shows the bleed box, leaves them out.
	Marks []Item
}

// Item is one element of a scene: *Path, *Image, *GlyphRun or *Group.
type Item interface{ isItem() }

// Paint is a fill: an opaque colour and an opacity applied when compositing.
type Paint struct {
	// Color is the sRGB colour: what a PNG shows, and what a PDF writes
	// unless Ink is set; for an Ink, its preview.
	Color   color.NRGBA // alpha ignored; use Opacity
	Opacity float64     // 0..1
	// Ink, when its Kind is not NoInk, is the colour in print: process
	// CMYK or a spot colour. A PDF writes it instead of Color.
	Ink Ink
	// Overprint leaves the inks under this paint where it has none (PDF
	// overprint mode 1), as black text on a colour should: then no white
	// rim shows if the plates are slightly out of register.
	Overprint bool
	// Gradient, when set, paints a gradient instead of Color (see
	// vector.go); Opacity still applies on top of its stops' opacities.
	Gradient *Gradient
}

// InkKind says what an Ink is.
type InkKind uint8

const (
	NoInk   InkKind = iota // the paint is its sRGB Color
	Process                // process CMYK
	Spot                   // a spot colour (a separation of its own)
)

// Ink is a print colour.
type Ink struct {
	Kind       InkKind
	C, M, Y, K float64 // 0..1: process values, or a spot colour's CMYK alternate at full tint
	Name       string  // a spot colour's name; "All" is the registration colour, on every plate
	Tint       float64 // a spot colour's tint, 0..1
}

// Registration is the ink of crop and registration marks: the
// separation "All", which prints on every plate.
func Registration() Ink { return Ink{Kind: Spot, Name: "All", C: 1, M: 1, Y: 1, K: 1, Tint: 1} }

// The geometry of scene items, in points (see package geom).
type (
	Point   = geom.Point
	Segment = geom.Segment
	Op      = geom.Op
)

// Path operators.
const (
	MoveTo  = geom.MoveTo
	LineTo  = geom.LineTo
	QuadTo  = geom.QuadTo
	CubicTo = geom.CubicTo
	Close   = geom.Close
)

// Path is a filled outline, and a stroked one when Stroke is set. A
// Fill with Opacity 0 paints nothing (a stroke-only path).
type Path struct {
	geom.Path
	Fill   Paint
	Rule   FillRule // NonZero unless set
	Stroke *Stroke  // nil: no stroke
}

// Image is a raster image drawn into Box. Data is the file as read (PNG or
// JPEG) so a PDF can pass JPEG through; backends decode it themselves.
type Image struct {
	Box     Rect
	Format  string // "png" or "jpeg"
	Data    []byte
	Name    string // for reports: the asset's path
	Opacity float64
	// CMYK, when set, is the image as print inks (the output is CMYK and
	// the file is not): a PDF draws it, with Alpha as its soft mask, in
	// place of Data. A PNG always draws Data.
	CMYK  *image.CMYK
	Alpha *image.Alpha // nil when the image is opaque
	Alt   string       // what the image shows, for readers that cannot see it; "" for decoration
}

// GlyphRun is a run of glyphs of one font at one size and colour.
type GlyphRun struct {
	Font   *fonts.Font
	Size   float64 // points per em
	Fill   Paint
	Glyphs []Glyph // in visual order, left to right
	// RTL marks a run whose text reads right to left; Glyphs are still in
	// visual order, so logical order is the reverse.
	RTL  bool
	Text TextRole // the frame the run belongs to, for tagged PDF
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

// Rectangle returns a closed rectangular path.
func Rectangle(r Rect, fill Paint) *Path { return &Path{Path: geom.Rectangle(r), Fill: fill} }

// Ellipse returns a closed elliptical path of four cubic Béziers.
func Ellipse(cx, cy, rx, ry float64, fill Paint) *Path {
	return &Path{Path: geom.Ellipse(cx, cy, rx, ry), Fill: fill}
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

func (p Paint) String() string {
	c := p.Color
	s := fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B)
	switch p.Ink.Kind {
	case Process:
		s = fmt.Sprintf("cmyk(%g,%g,%g,%g)", 100*p.Ink.C, 100*p.Ink.M, 100*p.Ink.Y, 100*p.Ink.K)
	case Spot:
		s = fmt.Sprintf("spot(%q %g%%)", p.Ink.Name, 100*p.Ink.Tint)
	}
	if p.Opacity != 1 {
		s += fmt.Sprintf("@%g", p.Opacity)
	}
	if p.Overprint {
		s += " overprint"
	}
	return s
}

func (g Glyph) String() string {
	s := fmt.Sprintf("gid %d at (%.2f, %.2f) adv %.2f cluster %d", g.ID, g.X, g.Y, g.Advance, g.Cluster)
	if g.Text != "" {
		s += fmt.Sprintf(" %q", g.Text)
	}
	if g.Offset != (Point{}) {
		s += fmt.Sprintf(" offset (%.2f, %.2f)", g.Offset.X, g.Offset.Y)
	}
	return s
}

func (p *Path) String() string {
	return fmt.Sprintf("path of %d segments, bounds %v, fill %v", len(p.Segments), p.Bounds(), p.Fill)
}

func (im *Image) String() string {
	return fmt.Sprintf("%s image %q in %v, opacity %g", im.Format, im.Name, im.Box, im.Opacity)
}

func (gr *GlyphRun) String() string {
	dir, text := "ltr", ""
	if gr.RTL {
		dir = "rtl"
	}
	for _, g := range gr.Glyphs {
		text += g.Text
	}
	return fmt.Sprintf("%s %g pt %s, %d glyphs %q, fill %v", gr.Font, gr.Size, dir, len(gr.Glyphs), text, gr.Fill)
}
