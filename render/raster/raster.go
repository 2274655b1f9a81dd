// Package raster draws a scene.Scene into an RGBA image and writes it as a PNG
// that records its resolution. It only draws what the scene holds: layout,
// font choice and colour management belong to the packages that build scenes.
package raster

import (
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"

	gofont "github.com/go-text/typesetting/font"
	xdraw "golang.org/x/image/draw"
	"golang.org/x/image/vector"

	"posterkit/fonts"
	"posterkit/render/scene"
)

// Limits, each with the reason for its value.
const (
	// maxPixels bounds the output image: 1<<30 pixels is a 4 GiB RGBA
	// buffer, above A0 with bleed at 600 dpi (about 558 Mpx).
	maxPixels = 1 << 30

	// maxCoord bounds item coordinates, in pixels. It is some 1.4 km at
	// 300 dpi, so nothing beyond it can be meant to be seen; below it
	// float64 geometry stays exact to far below a pixel.
	maxCoord = 1 << 24

	// bandPixels is the size of the strip a large path is rasterised in at
	// a time. It bounds memory whatever the path's size (one pass over an
	// A2 page at 300 dpi would need 180 MB of accumulator and mask) and the
	// drift of the rasteriser's float32 running sum, which runs along its
	// whole buffer. On BenchmarkRasterizeA2, 1<<16 … 1<<22 are within the
	// noise of each other.
	bandPixels = 1 << 18

	// maxGlyphMask is the largest glyph, in pixels on a side, that is
	// rasterised on its own and cached; larger glyphs (display sizes at
	// high resolution) are filled like paths, clipped to the page.
	maxGlyphMask = 1024

	// maxGlyphCache bounds the bytes of cached glyph masks per Rasterize
	// call. Text on a poster needs a few MB; past the bound glyphs are
	// still drawn, just not kept.
	maxGlyphCache = 64 << 20
)

// ErrSize is returned by Rasterize and Write for a page size or resolution
// that is not finite and positive, or too large to allocate.
var ErrSize = errors.New("raster: page size or resolution out of range")

// ErrNoFont is returned by Rasterize for a glyph run without a font.
var ErrNoFont = errors.New("raster: glyph run without a font")

// PixelSize returns the size in pixels of a page of w×h points at dpi:
// round(w·dpi/72) × round(h·dpi/72).
func PixelSize(w, h, dpi float64) (image.Point, error) {
	pw, ph := math.Round(w*dpi/72), math.Round(h*dpi/72)
	// Written so that NaN fails every comparison and is rejected.
	if !(dpi > 0) || !(pw >= 1 && pw <= maxPixels) || !(ph >= 1 && ph <= maxPixels) || pw*ph > maxPixels {
		return image.Point{}, fmt.Errorf("%w: %g×%g pt at %g dpi", ErrSize, w, h, dpi)
	}
	return image.Pt(int(pw), int(ph)), nil
}

// Rasterize draws s at dpi (pixels per inch) and returns an opaque RGBA
// image of its bleed box (trim plus bleed) on a white background, of the
// size PixelSize gives.
//
// Items are drawn in order, anti-aliased. Items that lie partly or wholly
// off the page are clipped; items with non-finite or absurdly large
// coordinates are skipped. The result depends only on s and dpi.
//
// Rasterize keeps all its state per call, so it may run concurrently on
// several scenes, including scenes that share fonts.
func Rasterize(s *scene.Scene, dpi float64) (*image.RGBA, error) {
	return rasterize(s, dpi, defaultResample())
}

// rasterize is Rasterize with images scaled by resample.
func rasterize(s *scene.Scene, dpi float64, resample xdraw.Interpolator) (*image.RGBA, error) {
	if s == nil {
		return nil, errors.New("raster: nil scene")
	}
	// The image is the bleed box: the media box, unless the scene has
	// printer's marks around it, which a PNG leaves out.
	box := s.Bleed
	if box == (scene.Rect{}) { // a scene that names no bleed box
		box = scene.Rect{W: s.Width, H: s.Height}
	}
	size, err := PixelSize(box.W, box.H, dpi)
	if err != nil {
		return nil, err
	}
	dst := image.NewRGBA(image.Rectangle{Max: size})
	fillWhite(dst.Pix)
	r := newRenderer(dst, dpi)
	r.resample = resample
	r.ox, r.oy = box.X, box.Y
	// A PNG has no layers: guides, when the scene has them, are drawn over
	// the artwork.
	for i, it := range append(s.Items[:len(s.Items):len(s.Items)], s.Guides...) {
		var err error
		switch it := it.(type) {
		case *scene.Path:
			if it != nil && !it.Plain() {
				err = r.drawVector(it)
			} else if it != nil {
				r.drawPath(it)
			}
		case *scene.Group:
			err = r.drawVector(it)
		case *scene.GlyphRun:
			if it != nil {
				err = r.drawRun(it)
			}
		case *scene.Image:
			if it != nil {
				err = r.drawImage(it)
			}
		case nil:
		default:
			err = fmt.Errorf("raster: item %d: unknown item type %T", i, it)
		}
		if err != nil {
			return nil, err
		}
	}
	return dst, nil
}

// fillWhite sets every byte of pix to 0xff, doubling the copied span so
// that the fill runs at memory speed.
func fillWhite(pix []byte) {
	if len(pix) == 0 {
		return
	}
	pix[0] = 0xff
	for n := 1; n < len(pix); n *= 2 {
		copy(pix[n:], pix[:n])
	}
}

// renderer is the state of one Rasterize call. It is not safe for
// concurrent use; its buffers are reused from item to item.
type renderer struct {
	dst *image.RGBA
	k   float64 // pixels per point
	// ox, oy is the image's top-left corner in scene points (the bleed
	// box's); positions are (x-ox)·k.
	ox, oy float64

	z    vector.Rasterizer
	mask []byte  // pixels of the reused band mask
	poly polygon // the reused flattened outline

	faces      map[*fonts.Font]*gofont.Face
	glyphs     map[glyphKey]glyphEntry
	glyphBytes int

	img      imageBuffers
	resample xdraw.Interpolator // see defaultResample
}

func newRenderer(dst *image.RGBA, dpi float64) *renderer {
	return &renderer{
		dst:    dst,
		k:      dpi / 72,
		faces:  map[*fonts.Font]*gofont.Face{},
		glyphs: map[glyphKey]glyphEntry{},

		resample: defaultResample(),
	}
}

// paint returns the compositing source for p, or false if p draws nothing.
func paint(p scene.Paint) (*image.Uniform, bool) {
	a := p.Opacity
	if !(a > 0) { // also NaN
		return nil, false
	}
	a16 := uint16(math.Round(min(a, 1) * 0xffff))
	if a16 == 0 {
		return nil, false
	}
	c := p.Color
	return image.NewUniform(color.NRGBA64{
		R: uint16(c.R) * 0x101, G: uint16(c.G) * 0x101, B: uint16(c.B) * 0x101, A: a16,
	}), true
}

// drawPath fills a path with the non-zero rule.
func (r *renderer) drawPath(p *scene.Path) {
	src, ok := paint(p.Fill)
	if !ok {
		return
	}
	poly := &r.poly
	poly.reset(boundsRect(r.dst.Bounds()))
	pt := func(q scene.Point) (vec, bool) {
		v := vec{(q.X - r.ox) * r.k, (q.Y - r.oy) * r.k}
		return v, v.valid()
	}
	for _, seg := range p.Segments {
		var v [3]vec
		n := seg.Op.Points()
		for i := range n {
			var ok bool
			if v[i], ok = pt(seg.Pts[i]); !ok {
				return
			}
		}
		switch seg.Op {
		case scene.MoveTo:
			poly.moveTo(v[0])
		case scene.LineTo:
			poly.lineTo(v[0])
		case scene.QuadTo:
			poly.quadTo(v[0], v[1])
		case scene.CubicTo:
			poly.cubeTo(v[0], v[1], v[2])
		case scene.Close:
			poly.close()
		}
	}
	poly.close()
	r.fill(poly, src)
}

// fill composites poly, in image pixel coordinates, with src. Only the part
// of the image that the outline's bounds cover is rasterised, in bands of at
// most bandPixels so that memory does not grow with the path.
func (r *renderer) fill(poly *polygon, src *image.Uniform) {
	box := poly.bounds().Intersect(r.dst.Bounds())
	if box.Empty() {
		return
	}
	rows := max(1, bandPixels/box.Dx())
	for y := box.Min.Y; y < box.Max.Y; y += rows {
		band := image.Rect(box.Min.X, y, box.Max.X, min(y+rows, box.Max.Y))
		r.composite(band, r.rasterize(poly, band), src)
	}
}

// composite draws src through m, whose origin is at box.Min, onto the
// image. Each row is split into runs: uncovered pixels are skipped, fully
// covered ones filled, and only the partly covered ones, along the
// outline, go through draw.DrawMask. Large shapes are mostly fully
// covered: on BenchmarkRasterizeA2, compositing whole bands through the
// mask took 1.4–1.65 s, runs take 1.05–1.25 s.
func (r *renderer) composite(box image.Rectangle, m *image.Alpha, src *image.Uniform) {
	fillOp := draw.Over
	if _, _, _, a := src.RGBA(); a == 0xffff {
		fillOp = draw.Src
	}
	w := box.Dx()
	for y := range box.Dy() {
		row := m.Pix[y*m.Stride : y*m.Stride+w]
		for x := 0; x < w; {
			v := row[x]
			end := x + 1
			if v == 0 || v == 0xff {
				end = x + run(row[x:], v)
			} else {
				for end < w && row[end] != 0 && row[end] != 0xff {
					end++
				}
			}
			span := image.Rect(box.Min.X+x, box.Min.Y+y, box.Min.X+end, box.Min.Y+y+1)
			switch v {
			case 0:
			case 0xff:
				draw.Draw(r.dst, span, src, image.Point{}, fillOp)
			default:
				draw.DrawMask(r.dst, span, src, image.Point{}, m, image.Pt(x, y), draw.Over)
			}
			x = end
		}
	}
}

// run returns how many bytes at the start of b equal v, b[0] included,
// comparing eight at a time while it can.
func run(b []byte, v byte) int {
	v8 := uint64(v) * 0x0101010101010101
	n := 0
	for n+8 <= len(b) && binary.LittleEndian.Uint64(b[n:]) == v8 {
		n += 8
	}
	for n < len(b) && b[n] == v {
		n++
	}
	return max(n, 1)
}

// rasterize returns the coverage of poly within box as a mask whose origin
// is box.Min. The mask's pixels are reused by the next call.
func (r *renderer) rasterize(poly *polygon, box image.Rectangle) *image.Alpha {
	w, h := box.Dx(), box.Dy()
	r.z.Reset(w, h)
	r.z.DrawOp = draw.Src // every mask pixel is written, so no clearing
	poly.feed(&r.z, box)
	if n := w * h; cap(r.mask) < n {
		r.mask = make([]byte, n)
	}
	m := &image.Alpha{Pix: r.mask[:w*h], Stride: w, Rect: image.Rect(0, 0, w, h)}
	r.z.Draw(m, m.Rect, image.Opaque, image.Point{})
	return m
}

func boundsRect(b image.Rectangle) rect {
	return rect{float64(b.Min.X), float64(b.Min.Y), float64(b.Max.X), float64(b.Max.Y)}
}
