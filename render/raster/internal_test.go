package raster

import (
	"hash/adler32"
	"image"
	"image/color"
	"math/rand/v2"
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
		defer r.release()
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
			rows := max(1, min(maxTileSide, bandPixels/min(box.Dx(), maxTileSide)))
			bands = (box.Dy() + rows - 1) / rows
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
		// The mask's tiles start at the glyph's corner, the path's at the
		// page's edge, so rounding differs a little where they part.
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

func TestAdlerAndUpFilterMatchTheLibrary(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{0, 1, 7, 8, 9, 5551, 5552, 5553, 100_000} {
		for _, zeros := range []bool{false, true} {
			b := make([]byte, n)
			for i := range b {
				if !zeros || rng.IntN(50) == 0 {
					b[i] = uint8(rng.IntN(256))
				}
			}
			if got, want := adler32Sum(b), adler32.Checksum(b); got != want {
				t.Errorf("adler32Sum of %d bytes (sparse %v) = %08x, want %08x", n, zeros, got, want)
			}
			for _, k := range []int{0, min(1, n), n / 3, n} {
				if got, want := adler32Combine(adler32.Checksum(b[:k]), adler32.Checksum(b[k:]), int64(n-k)), adler32.Checksum(b); got != want {
					t.Errorf("adler32Combine at %d of %d = %08x, want %08x", k, n, got, want)
				}
			}
		}
	}
	for _, w := range []int{1, 2, 3, 4, 5, 101} {
		cur, prev := make([]byte, 4*w), make([]byte, 4*w)
		for i := range cur {
			cur[i], prev[i] = uint8(rng.IntN(256)), uint8(rng.IntN(256))
		}
		for _, p := range [][]byte{nil, prev} {
			out := make([]byte, 1+3*w)
			upFilter(out, cur, p)
			for x := range w {
				for c := range 3 {
					var above byte
					if p != nil {
						above = p[4*x+c]
					}
					if got, want := out[1+3*x+c], cur[4*x+c]-above; got != want {
						t.Fatalf("width %d, pixel %d channel %d: %d, want %d", w, x, c, got, want)
					}
				}
			}
		}
	}
}
