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
	"sync"

	gofont "github.com/go-text/typesetting/font"
	xdraw "golang.org/x/image/draw"
	"golang.org/x/image/vector"

	"posterkit/fonts"
	"posterkit/render/scene"
)

// Limits, each with the reason for its value.
const (
	// maxPixels bounds a page's pixels: 1<<30 is above A0 with bleed at
	// 600 dpi (about 558 Mpx), and a 4 GiB RGBA image for Rasterize, which
	// holds the page whole. Write draws in bands, so its memory does not
	// grow with the area (only its time, some 10 ns a pixel); the bound
	// could rise for it to the 2^31−1 rows PNG allows.
	maxPixels = 1 << 30

	// maxWidth bounds a page's width, which sets the memory of a band:
	// bandBytes for the rows of a band, at least tileRows of them, so
	// 1<<17 px (11 m at 300 dpi) costs at most 4·2^17·32 = 16 MiB a band.
	maxWidth = 1 << 17

	// maxCarry bounds the bytes of tiles kept from one band for the next
	// (see fill): at most a tile of bandPixels per shape that crosses a
	// band's edge. Past it, tiles are rasterised again in the next band,
	// which costs time, not pixels.
	maxCarry = 32 << 20

	// maxCoord bounds item coordinates, in pixels. It is some 1.4 km at
	// 300 dpi, so nothing beyond it can be meant to be seen; below it
	// float64 geometry stays exact to far below a pixel.
	maxCoord = 1 << 24

	// bandPixels is the most pixels of a tile a large path is rasterised
	// in at a time (with maxTileSide, tiles are at most 512×512 = 1<<18).
	// It bounds memory whatever the path's size: one pass over an A2 page
	// at 300 dpi would need 180 MB of accumulator and mask.
	bandPixels = 1 << 18

	// maxTileSide bounds a tile's width and height: up to it (512 px,
	// x/image/vector's floatingPointMathThreshold) the rasteriser sums
	// coverage in fixed point. Past it, in float32, its loop resets the
	// rounding mode (LDMXCSR) every four pixels, and ran 20 times slower
	// in some builds than in others (BenchmarkEncodePoster/Default, 1.3 s
	// or 3.7 s from a change in an unrelated package).
	maxTileSide = 512

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
	if !(dpi > 0) || !(pw >= 1 && pw <= maxWidth) || !(ph >= 1 && ph <= maxPixels) || pw*ph > maxPixels {
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
// coordinates are skipped. The result depends only on s and dpi: it has
// exactly the pixels Write streams band by band.
//
// Rasterize keeps all its state per call, so it may run concurrently on
// several scenes, including scenes that share fonts. Unlike Write, it holds
// the whole page in memory.
func Rasterize(s *scene.Scene, dpi float64) (*image.RGBA, error) {
	return rasterize(s, dpi, defaultResample())
}

// rasterize is Rasterize with images scaled by resample.
func rasterize(s *scene.Scene, dpi float64, resample xdraw.Interpolator) (*image.RGBA, error) {
	r, err := newRenderer(s, dpi)
	if err != nil {
		return nil, err
	}
	defer r.release()
	r.resample = resample
	dst := image.NewRGBA(r.page)
	if err := r.drawBand(dst); err != nil {
		return nil, err
	}
	return dst, nil
}

// drawBand draws the page's items into dst, whose Rect is a band of rows of
// the page (or the whole page): the pixels are the same whatever the band,
// since coverage is computed in tiles of the page's grid (see fill), paths
// are flattened against the page, not the band, and images and glyph
// masks are sampled per pixel. Items outside the band cost a bounds test.
func (r *renderer) drawBand(dst *image.RGBA) error {
	r.dst = dst
	from := 0     // the first item to draw
	var own *band // the backdrop's band this page draws and keeps
	if r.backdrop > 0 {
		var hit bool
		if hit, own = r.backdrops.claim(r.backdropKey, r, dst); hit {
			from = r.backdrop
		}
	}
	defer func() {
		if own != nil { // an error, or a panic: the pages waiting draw it
			r.backdrops.drop(own)
		}
	}()
	if from == 0 && !dst.Rect.In(r.covered) {
		fillWhite(dst.Pix)
	}
	for i := from; i < len(r.items); i++ {
		if i == r.backdrop && own != nil {
			r.backdrops.keep(r.backdropKey, own, dst)
			own = nil
		}
		r.item, r.sub = i, 0
		if err := r.draw(r.items[i]); err != nil {
			return fmt.Errorf("raster: item %d: %w", i, err)
		}
	}
	if own != nil { // the backdrop is the whole page
		r.backdrops.keep(r.backdropKey, own, dst)
		own = nil
	}
	return nil
}

// draw draws one item into r.dst. It is the one place items are dispatched
// by kind: a drawing function clips to r.dst.Bounds() (the band) and
// flattens against r.page.
func (r *renderer) draw(it scene.Item) error {
	switch it := it.(type) {
	case *scene.Path:
		if it != nil && !it.Plain() {
			return r.drawVector(it) // strokes, gradients, even-odd (vector.go)
		}
		if it != nil {
			r.drawPath(it)
		}
	case *scene.Group:
		if it != nil {
			return r.drawVector(it)
		}
	case *scene.GlyphRun:
		if it != nil {
			return r.drawRun(it)
		}
	case *scene.Image:
		if it != nil {
			return r.drawImage(it)
		}
	case nil:
	default:
		return fmt.Errorf("unknown item type %T", it)
	}
	return nil
}

// renderer is the state of drawing one page (a Rasterize or Write call).
// It is not safe for concurrent use; its buffers are reused from item to
// item and from band to band.
type renderer struct {
	items []scene.Item // the scene's items, then its guides
	page  image.Rectangle
	dst   *image.RGBA // the band being drawn: part of page
	k     float64     // pixels per point
	// ox, oy is the image's top-left corner in scene points (the bleed
	// box's); positions are (x-ox)·k.
	ox, oy float64
	// covered is the pixels the first item covers opaquely when it is a
	// rectangle (a background): bands within it need no white under it.
	covered image.Rectangle

	*scratch
	// item is the index in items of the item being drawn, sub the glyph
	// in its run (0 for a path): they name tiles in carry.
	item, sub  int
	carry      map[carryKey]*image.Alpha
	carryBytes int

	faces      map[*fonts.Font]*gofont.Face
	glyphs     map[glyphKey]glyphEntry
	glyphBytes int

	img      imageBuffers
	resample xdraw.Interpolator // see defaultResample

	// backdrops, when set, keeps the bands of the first backdrop items,
	// which hash to backdropKey (see Backdrops); backdrop is 0 otherwise.
	backdrops   *Backdrops
	backdrop    int
	backdropKey [32]byte
}

// scratch is a renderer's buffers that grow to the largest tile and
// outline drawn: kept in scratches from page to page.
type scratch struct {
	z     vector.Rasterizer
	mask  []byte  // pixels of the reused tile mask
	tiled []byte  // pixels of rasterizeTiled's reused mask
	poly  polygon // the reused flattened outline
}

var scratches = sync.Pool{New: func() any { return new(scratch) }}

// release gives the renderer's scratch back; the renderer is not used
// after.
func (r *renderer) release() {
	scratches.Put(r.scratch)
	r.scratch = nil
}

// newRenderer checks s's size at dpi and prepares to draw it.
func newRenderer(s *scene.Scene, dpi float64) (*renderer, error) {
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
	r := &renderer{
		scratch: scratches.Get().(*scratch),
		// A PNG has no layers: guides, when the scene has them, are drawn
		// over the artwork.
		items:  append(s.Items[:len(s.Items):len(s.Items)], s.Guides...),
		page:   image.Rectangle{Max: size},
		k:      dpi / 72,
		ox:     box.X,
		oy:     box.Y,
		faces:  map[*fonts.Font]*gofont.Face{},
		glyphs: map[glyphKey]glyphEntry{},
		carry:  map[carryKey]*image.Alpha{},

		resample: defaultResample(),
	}
	if len(r.items) > 0 {
		if p, ok := r.items[0].(*scene.Path); ok && p != nil {
			r.covered = r.opaqueRect(p)
		}
	}
	return r, nil
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
	if !ok || !r.flatten(p) {
		return
	}
	r.fill(&r.poly, src)
}

// flatten flattens p into r.poly, in image pixels, culling against the
// page. It reports false for a path with a coordinate beyond maxCoord,
// which is not drawn.
func (r *renderer) flatten(p *scene.Path) bool {
	poly := &r.poly
	poly.reset(boundsRect(r.page))
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
				return false
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
	return true
}

// opaqueRect returns the pixels of the page that p covers wholly and
// opaquely if it is a rectangle along the axes, else an empty rectangle.
func (r *renderer) opaqueRect(p *scene.Path) image.Rectangle {
	src, ok := paint(p.Fill)
	if !ok || !r.flatten(p) {
		return image.Rectangle{}
	}
	if _, _, _, a := src.RGBA(); a != 0xffff {
		return image.Rectangle{}
	}
	return r.poly.inside().Intersect(r.page)
}

// fill composites poly, in image pixel coordinates, with src. Only the part
// of the page that the outline's bounds cover is rasterised, in tiles of at
// most bandPixels so that memory does not grow with the path.
//
// The tiles, at most maxTileSide a side, are laid from the top left of
// the outline's bounds on the page, whatever band is being drawn, so that
// a pixel is always rasterised in the same tile: where a tile's edges fall
// changes the last bits of coverage. A tile that straddles the band's edge
// is rasterised whole; the rows below the band are kept for the next band
// in r.carry.
func (r *renderer) fill(poly *polygon, src *image.Uniform) {
	shape := poly.bounds().Intersect(r.page)
	box := shape.Intersect(r.dst.Bounds())
	if box.Empty() {
		return
	}
	if box.In(poly.inside()) {
		// A rectangle over the whole box, such as a background: coverage is
		// full everywhere.
		r.fillBox(box, src)
		return
	}
	cols := min(shape.Dx(), maxTileSide)
	rows := max(1, min(maxTileSide, bandPixels/cols))
	// The first tile that reaches into the band.
	y := shape.Min.Y + (box.Min.Y-shape.Min.Y)/rows*rows
	for ; y < box.Max.Y; y += rows {
		for x := shape.Min.X; x < box.Max.X; x += cols {
			tile := image.Rect(x, y, min(x+cols, shape.Max.X), min(y+rows, shape.Max.Y))
			if tile.Max.X <= box.Min.X {
				continue
			}
			if tile.Min.Y >= box.Min.Y && tile.Max.Y <= box.Max.Y {
				r.composite(tile, r.rasterize(poly, tile), src)
				continue
			}
			r.fillStraddling(poly, tile, box, src)
		}
	}
}

// carryKey names a tile kept from one band to the next: the item, the
// glyph within a run (0 for a path), and the tile's first row and column.
type carryKey struct{ item, sub, y, x int }

// fillStraddling composites the part within box of a tile that crosses
// box's top or bottom edge.
func (r *renderer) fillStraddling(poly *polygon, tile, box image.Rectangle, src *image.Uniform) {
	key := carryKey{r.item, r.sub, tile.Min.Y, tile.Min.X}
	m, ok := r.carry[key]
	var mTop int // the page row of m's first row
	if ok {
		delete(r.carry, key)
		r.carryBytes -= len(m.Pix)
		mTop = box.Min.Y // kept from the band above: the rows from here down
	} else {
		m = r.rasterize(poly, tile)
		mTop = tile.Min.Y
	}
	part := tile.Intersect(box)
	off := (part.Min.Y - mTop) * m.Stride
	n := part.Dy() * m.Stride
	r.composite(part, &image.Alpha{Pix: m.Pix[off : off+n], Stride: m.Stride, Rect: image.Rect(0, 0, part.Dx(), part.Dy())}, src)
	if tile.Max.Y > box.Max.Y {
		rest := m.Pix[off+n : (tile.Max.Y-mTop)*m.Stride]
		if r.carryBytes+len(rest) <= maxCarry {
			// Copied: m's pixels are reused by the next rasterize.
			r.carry[key] = &image.Alpha{Pix: append([]byte(nil), rest...), Stride: m.Stride}
			r.carryBytes += len(rest)
		}
	}
}

// fillBox composites src over every pixel of box.
func (r *renderer) fillBox(box image.Rectangle, src *image.Uniform) {
	if _, _, _, a := src.RGBA(); a == 0xffff {
		draw.Draw(r.dst, box, src, image.Point{}, draw.Src)
		return
	}
	t := newOverTable(src)
	for y := box.Min.Y; y < box.Max.Y; y++ {
		i := r.dst.PixOffset(box.Min.X, y)
		t.over(r.dst.Pix[i : i+4*box.Dx()])
	}
}

// overTable is a translucent uniform colour composited over each channel
// value: with one source, each destination byte has one result, so a
// table of 4×256 replaces per-pixel arithmetic. It gives exactly what
// image/draw's fill with draw.Over does, (d·(0xffff−a)·0x101/0xffff + s)>>8
// for the 16-bit premultiplied source channel s and alpha a, at some three
// times its speed on BenchmarkEncodePoster's translucent shapes.
type overTable [4][256]uint8

func newOverTable(src *image.Uniform) *overTable {
	const m = 0xffff
	sr, sg, sb, sa := src.RGBA()
	a := (m - sa) * 0x101
	var t overTable
	for d := range uint32(256) {
		k := d * a / m
		t[0][d] = uint8((k + sr) >> 8)
		t[1][d] = uint8((k + sg) >> 8)
		t[2][d] = uint8((k + sb) >> 8)
		t[3][d] = uint8((k + sa) >> 8)
	}
	return &t
}

// over composites the colour over pix, RGBA pixels.
func (t *overTable) over(pix []byte) {
	for i := 0; i+4 <= len(pix); i += 4 {
		p := pix[i : i+4 : i+4]
		p[0], p[1], p[2], p[3] = t[0][p[0]], t[1][p[1]], t[2][p[2]], t[3][p[3]]
	}
}

// composite draws src through m, whose origin is at box.Min, onto the
// image. Each row is split into runs: uncovered pixels are skipped, fully
// covered ones filled, and only the partly covered ones, along the
// outline, go through draw.DrawMask. Large shapes are mostly fully
// covered: on BenchmarkRasterizeA2, compositing whole bands through the
// mask took 1.4–1.65 s, runs take 1.05–1.25 s.
func (r *renderer) composite(box image.Rectangle, m *image.Alpha, src *image.Uniform) {
	var t *overTable // for fully covered runs of a translucent colour
	if _, _, _, a := src.RGBA(); a != 0xffff {
		t = newOverTable(src)
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
				if t != nil {
					i := r.dst.PixOffset(span.Min.X, span.Min.Y)
					t.over(r.dst.Pix[i : i+4*span.Dx()])
				} else {
					draw.Draw(r.dst, span, src, image.Point{}, draw.Src)
				}
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

// rasterizeTiled is rasterize for a box of any size, in tiles of at most
// maxTileSide a side (so in the rasteriser's fixed point, as fill's tiles
// are). The mask is reused by the next call, as rasterize's is.
func (r *renderer) rasterizeTiled(poly *polygon, box image.Rectangle) *image.Alpha {
	if box.Dx() <= maxTileSide && box.Dy() <= maxTileSide {
		return r.rasterize(poly, box)
	}
	w, h := box.Dx(), box.Dy()
	if cap(r.tiled) < w*h {
		r.tiled = make([]byte, w*h)
	}
	out := &image.Alpha{Pix: r.tiled[:w*h], Stride: w, Rect: image.Rect(0, 0, w, h)}
	for y := box.Min.Y; y < box.Max.Y; y += maxTileSide {
		for x := box.Min.X; x < box.Max.X; x += maxTileSide {
			tile := image.Rect(x, y, min(x+maxTileSide, box.Max.X), min(y+maxTileSide, box.Max.Y))
			m := r.rasterize(poly, tile)
			for row := range tile.Dy() {
				copy(out.Pix[(tile.Min.Y-box.Min.Y+row)*w+tile.Min.X-box.Min.X:], m.Pix[row*m.Stride:row*m.Stride+tile.Dx()])
			}
		}
	}
	return out
}

func boundsRect(b image.Rectangle) rect {
	return rect{float64(b.Min.X), float64(b.Min.Y), float64(b.Max.X), float64(b.Max.Y)}
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
