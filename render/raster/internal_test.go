package raster

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"

	"posterkit/fonts"
)

// oneByteWriter makes physWriter meet every chunk boundary mid-write.
type oneByteWriter struct{ w *physWriter }

func (o oneByteWriter) Write(b []byte) (int, error) {
	for i := range b {
		if _, err := o.w.Write(b[i : i+1]); err != nil {
			return i, err
		}
	}
	return len(b), nil
}

func TestPhysWriterHandlesAnySplit(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 3, 2))
	fillWhite(img.Pix)
	var plain bytes.Buffer
	if err := png.Encode(&plain, img); err != nil {
		t.Fatal(err)
	}
	var whole, split bytes.Buffer
	phys := physChunk(11811)
	if _, err := (&physWriter{w: &whole, sig: len(pngSignature), phys: phys}).Write(plain.Bytes()); err != nil {
		t.Fatal(err)
	}
	if _, err := (oneByteWriter{&physWriter{w: &split, sig: len(pngSignature), phys: phys}}).Write(plain.Bytes()); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(whole.Bytes(), split.Bytes()) {
		t.Fatal("byte-by-byte writes give a different file")
	}
	// Signature and IHDR (8 + 25 bytes), then pHYs, then the rest.
	want := append(append(append([]byte(nil), plain.Bytes()[:33]...), phys...), plain.Bytes()[33:]...)
	if !bytes.Equal(whole.Bytes(), want) {
		t.Error("pHYs not inserted right after IHDR")
	}
}

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
		dst := image.NewRGBA(image.Rect(0, 0, 500, 1000))
		fillWhite(dst.Pix)
		r := newRenderer(dst, dpi)
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
