package raster

import (
	"fmt"
	"image"
	"image/draw"
	"math"

	gofont "github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"
	"github.com/go-text/typesetting/font/opentype/tables"

	"posterkit/fonts"
	"posterkit/render/scene"
)

// subpixel is the number of glyph positions per pixel, on each axis, that
// get their own mask: a glyph's origin is rounded to 1/4 px.
const subpixel = 4

// glyphKey names one glyph mask. Size is in points; the resolution is fixed
// for a Rasterize call.
type glyphKey struct {
	font   *fonts.Font
	id     uint16
	size   float64
	fx, fy uint8 // subpixel offset of the origin, in 1/subpixel px
}

// glyphEntry is a cached glyph: its coverage with Rect relative to the
// glyph's origin pixel, nil for a glyph that draws nothing, or big for a
// glyph too large to cache, which is filled as a path each time.
type glyphEntry struct {
	mask *image.Alpha
	big  bool
}

// face returns the renderer's face for f, made on first use: faces carry a
// cache that is not safe for concurrent use, so each Rasterize call has its
// own.
func (r *renderer) face(f *fonts.Font) (*gofont.Face, error) {
	if face, ok := r.faces[f]; ok {
		return face, nil
	}
	face, err := f.OutlineFace(sceneGlyphs(r.items, f, nil, 0))
	if err != nil {
		return nil, fmt.Errorf("raster: %w", err)
	}
	r.faces[f] = face
	return face, nil
}

// drawRun draws a glyph run's outlines.
func (r *renderer) drawRun(run *scene.GlyphRun) error {
	src, ok := paint(run.Fill)
	if !ok || len(run.Glyphs) == 0 {
		return nil
	}
	if run.Font == nil {
		return ErrNoFont
	}
	face, err := r.face(run.Font)
	if err != nil {
		return err
	}
	upem := float64(face.Upem())
	// Sizes whose em would exceed maxCoord pixels are skipped like huge
	// coordinates; the test is written so that NaN is skipped too.
	if !(run.Size > 0 && run.Size*r.k <= maxCoord) || upem == 0 {
		return nil
	}
	scale := run.Size / upem * r.k // pixels per font unit
	for i, g := range run.Glyphs {
		r.sub = i // names the glyph's tiles if it is filled as a path
		org := vec{(g.X - r.ox) * r.k, (g.Y - r.oy) * r.k}
		if !org.valid() {
			continue
		}
		ix, fx := quantise(org.x)
		iy, fy := quantise(org.y)
		pos := image.Pt(ix, iy)
		key := glyphKey{run.Font, g.ID, run.Size, fx, fy}
		e, ok := r.glyphs[key]
		if !ok {
			e = r.glyph(face, key, scale, pos, src)
		}
		if e.big {
			r.bigGlyph(face, key, scale, pos, src)
			continue
		}
		if e.mask != nil {
			r.stamp(e.mask, pos, src)
		}
	}
	return nil
}

// quantise splits a pixel coordinate into a whole pixel and a subpixel
// offset in 1/subpixel px.
func quantise(v float64) (int, uint8) {
	q := math.Round(v * subpixel)
	i := math.Floor(q / subpixel)
	return int(i), uint8(q - i*subpixel)
}

// stamp composites a glyph mask whose Rect is relative to pos.
func (r *renderer) stamp(m *image.Alpha, pos image.Point, src *image.Uniform) {
	dr := m.Rect.Add(pos).Intersect(r.dst.Bounds())
	if dr.Empty() {
		return
	}
	draw.DrawMask(r.dst, dr, src, image.Point{}, m, dr.Min.Sub(pos), draw.Over)
}

// glyph rasterises the glyph of key, caches it if there is room, and draws
// it if it was not cached (a cached entry is drawn by the caller).
func (r *renderer) glyph(face *gofont.Face, key glyphKey, scale float64, pos image.Point, src *image.Uniform) glyphEntry {
	if key.size*r.k > 4*maxGlyphMask {
		// Even small marks of such a font are big; skip flattening the
		// whole outline, unclipped, just to find that out.
		e := glyphEntry{big: true}
		r.glyphs[key] = e
		return e
	}
	r.outline(face, key, scale, noClip)
	gb := r.poly.bounds()
	if gb.Empty() {
		r.glyphs[key] = glyphEntry{}
		return glyphEntry{}
	}
	if gb.Dx() > maxGlyphMask || gb.Dy() > maxGlyphMask {
		e := glyphEntry{big: true}
		r.glyphs[key] = e
		return e
	}
	m := r.rasterizeTiled(&r.poly, gb)
	m.Rect = gb // the same pixels, addressed relative to the origin pixel
	if n := len(m.Pix); r.glyphBytes+n <= maxGlyphCache {
		m = &image.Alpha{Pix: append([]byte(nil), m.Pix...), Stride: m.Stride, Rect: m.Rect}
		r.glyphBytes += n
		e := glyphEntry{mask: m}
		r.glyphs[key] = e
		return e
	}
	r.stamp(m, pos, src)
	return glyphEntry{} // drawn already; the caller draws nothing more
}

// bigGlyph fills a glyph too large to cache as a path clipped to the page
// (not the band: see drawBand).
func (r *renderer) bigGlyph(face *gofont.Face, key glyphKey, scale float64, pos image.Point, src *image.Uniform) {
	clip := boundsRect(r.page.Sub(pos))
	r.outline(face, key, scale, clip)
	r.poly.translate(pos)
	r.fill(&r.poly, src)
}

// outline flattens the glyph of key into r.poly, in pixels relative to its
// origin pixel, y down.
func (r *renderer) outline(face *gofont.Face, key glyphKey, scale float64, clip rect) {
	poly := &r.poly
	poly.reset(clip)
	off := vec{float64(key.fx) / subpixel, float64(key.fy) / subpixel}
	pt := func(p gofont.SegmentPoint) vec {
		return vec{float64(p.X)*scale + off.x, -float64(p.Y)*scale + off.y}
	}
	for _, s := range segments(face, key.id) {
		switch s.Op {
		case ot.SegmentOpMoveTo:
			poly.moveTo(pt(s.Args[0]))
		case ot.SegmentOpLineTo:
			poly.lineTo(pt(s.Args[0]))
		case ot.SegmentOpQuadTo:
			poly.quadTo(pt(s.Args[0]), pt(s.Args[1]))
		case ot.SegmentOpCubeTo:
			poly.cubeTo(pt(s.Args[0]), pt(s.Args[1]), pt(s.Args[2]))
		}
	}
	poly.close()
}

// segments returns the outline of glyph id: its own, or for a bitmap, SVG
// or colour glyph the outline the font gives as fallback, or nil.
func segments(face *gofont.Face, id uint16) []gofont.Segment {
	switch d := face.GlyphData(gofont.GID(id)).(type) {
	case gofont.GlyphOutline:
		return d.Segments
	case gofont.GlyphSVG:
		return d.Outline.Segments
	case gofont.GlyphBitmap:
		if d.Outline != nil {
			return d.Outline.Segments
		}
	case gofont.GlyphColor:
		// A COLR base glyph keeps an outline for renderers without colour.
		if o, ok := face.GlyphDataOutline(tables.GlyphID(id)); ok {
			return o.Segments
		}
	}
	return nil
}

// sceneGlyphs appends the glyphs of f that items draw, groups included
// as deep as the vector renderer follows them (maxVecDepth).
func sceneGlyphs(items []scene.Item, f *fonts.Font, gids []uint16, depth int) []uint16 {
	for _, it := range items {
		switch it := it.(type) {
		case *scene.GlyphRun:
			if it != nil && it.Font == f {
				for _, g := range it.Glyphs {
					gids = append(gids, g.ID)
				}
			}
		case *scene.Group:
			if it != nil && depth < maxVecDepth {
				gids = sceneGlyphs(it.Items, f, gids, depth+1)
			}
		}
	}
	return gids
}
