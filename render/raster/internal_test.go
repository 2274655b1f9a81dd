package raster

import (
	"image"
	"image/color"
	"testing"

	"posterkit/fonts"
	"posterkit/render/scene"
)

func TestBigGlyphPathMatchesMask(t *testing.T) {
	// A glyph filled as a clipped path, in bands, covers the same pixels as
	// its cached mask would.
	f := fonts.Default().Family(fonts.NotoSans, fonts.Regular)
	p, err := f.Parsed()
	if err != nil {
		t.Fatal(err)
	}
	gid, _ := p.NominalGlyph('g')
	const dpi, size = 72.0, 1000.0
	src := image.NewUniform(color.Black)
	var bands int
	draw := func(big bool) *image.RGBA {
		r, err := newRenderer(&scene.Scene{Width: 500, Height: 1000}, dpi)
		if err != nil {
			t.Fatal(err)
		}
		dst := image.NewRGBA(r.page)
		fillWhite(dst.Pix)
		r.dst = dst
		face, err := r.face(f)
		if err != nil {
			t.Fatal(err)
		}
		key := glyphKey{font: f, id: uint16(gid), size: size, fx: 1, fy: 3}
		scale := size / float64(face.Upem()) * r.k
		pos := image.Pt(-30, 750) // partly off the page
		if big {
			r.bigGlyph(face, key, scale, pos, src)
			box := r.poly.bounds().Intersect(dst.Rect)
			bands = (box.Dy() + bandPixels/box.Dx() - 1) / (bandPixels / box.Dx())
		} else {
			r.stamp(r.glyph(face, key, scale, pos, src).mask, pos, src)
		}
		return dst
	}
	mask, path := draw(false), draw(true)
	if bands < 2 {
		t.Errorf("path filled in %d band; the test wants several", bands)
	}
	ink := 0
	for i := range mask.Pix {
		// The rasteriser sums coverage in float32 along its whole buffer,
		// and the two buffers differ in shape, so rounding differs a little.
		if d := int(mask.Pix[i]) - int(path.Pix[i]); d < -3 || d > 3 {
			t.Fatalf("pixel (%d,%d): mask %d, path %d", i/4%500, i/4/500, mask.Pix[i], path.Pix[i])
		}
		if mask.Pix[i] < 128 {
			ink++
		}
	}
	if ink == 0 {
		t.Fatal("glyph drew nothing on the page")
	}
}
