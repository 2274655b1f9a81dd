package raster_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"math"
	"testing"

	"posterkit/render/raster"
	"posterkit/render/scene"
)

type chunk struct {
	typ  string
	data []byte
}

// chunks splits a PNG file into its chunks, checking signature and CRCs.
func chunks(t *testing.T, b []byte) []chunk {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) {
		t.Fatal("no PNG signature")
	}
	b = b[8:]
	var out []chunk
	for len(b) > 0 {
		if len(b) < 12 {
			t.Fatalf("%d stray bytes after chunk %d", len(b), len(out))
		}
		n := int(binary.BigEndian.Uint32(b))
		if len(b) < 12+n {
			t.Fatalf("chunk %q truncated", b[4:8])
		}
		if crc := binary.BigEndian.Uint32(b[8+n:]); crc != crc32.ChecksumIEEE(b[4:8+n]) {
			t.Fatalf("chunk %q: bad CRC", b[4:8])
		}
		out = append(out, chunk{string(b[4:8]), b[8 : 8+n]})
		b = b[12+n:]
	}
	return out
}

func encodePNG(t *testing.T, img image.Image, dpi float64) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := raster.Encode(&b, img, dpi); err != nil {
		t.Fatalf("Encode: %v", err)
	}
	return b.Bytes()
}

func TestEncodeWritesRGBWithPHYsBeforeIDAT(t *testing.T) {
	img := rasterize(t, page(40, 30, scene.Rectangle(scene.Rect{X: 5, Y: 5, W: 10, H: 10}, red)), 72)
	for _, c := range []struct {
		dpi float64
		ppm uint32
	}{
		{300, 11811}, // 300 / 0.0254 = 11811.02
		{72, 2835},   // 2834.65
		{150, 5906},  // 5905.51
	} {
		b := encodePNG(t, img, c.dpi)
		cs := chunks(t, b)
		if cs[0].typ != "IHDR" {
			t.Fatalf("first chunk %q, want IHDR", cs[0].typ)
		}
		if depth, ctype := cs[0].data[8], cs[0].data[9]; depth != 8 || ctype != 2 {
			t.Errorf("IHDR bit depth %d colour type %d, want 8 and 2 (RGB)", depth, ctype)
		}
		phys, idat := -1, -1
		for i, ch := range cs {
			switch {
			case ch.typ == "pHYs":
				if phys >= 0 {
					t.Errorf("second pHYs chunk")
				}
				phys = i
			case ch.typ == "IDAT" && idat < 0:
				idat = i
			}
		}
		if phys < 0 || idat < 0 || phys > idat {
			t.Fatalf("pHYs at %d, first IDAT at %d: want pHYs before IDAT", phys, idat)
		}
		d := cs[phys].data
		x, y := binary.BigEndian.Uint32(d), binary.BigEndian.Uint32(d[4:])
		if len(d) != 9 || x != c.ppm || y != c.ppm || d[8] != 1 {
			t.Errorf("%g dpi: pHYs %d×%d unit %d, want %d px/m, unit 1 (metre)", c.dpi, x, y, d[8], c.ppm)
		}
		got, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("decoding our PNG: %v", err)
		}
		for _, p := range []image.Point{{0, 0}, {10, 10}, {39, 29}} {
			if a, b := color.RGBAModel.Convert(got.At(p.X, p.Y)), img.At(p.X, p.Y); a != b {
				t.Errorf("decoded pixel %v = %v, want %v", p, a, b)
			}
		}
	}
}

func TestEncodeFlattensTransparencyOntoWhite(t *testing.T) {
	m := image.NewNRGBA(image.Rect(0, 0, 4, 4))
	m.SetNRGBA(1, 1, color.NRGBA{A: 128})
	b := encodePNG(t, m, 72)
	if ctype := chunks(t, b)[0].data[9]; ctype != 2 {
		t.Errorf("colour type %d, want 2", ctype)
	}
	got, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if c := color.RGBAModel.Convert(got.At(0, 0)).(color.RGBA); c != white {
		t.Errorf("transparent pixel = %v, want white", c)
	}
	if c := color.RGBAModel.Convert(got.At(1, 1)).(color.RGBA); !near(c.R, 127, 1) {
		t.Errorf("half-transparent black = %v, want grey 127", c)
	}
}

func TestEncodeBadDPIIsError(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 2, 2))
	for _, dpi := range []float64{0, -1, math.NaN(), math.Inf(1), 1e12} {
		if err := raster.Encode(&bytes.Buffer{}, img, dpi); !errors.Is(err, raster.ErrSize) {
			t.Errorf("dpi %g: err = %v, want ErrSize", dpi, err)
		}
	}
}

type failWriter struct{ n int }

func (w *failWriter) Write(b []byte) (int, error) {
	if w.n -= len(b); w.n < 0 {
		return 0, errors.New("disk full")
	}
	return len(b), nil
}

func TestEncodeReportsWriteErrors(t *testing.T) {
	img := rasterize(t, page(40, 30), 72)
	for _, n := range []int{0, 10, 40, 60} {
		if err := raster.Encode(&failWriter{n: n}, img, 72); err == nil {
			t.Errorf("writer failing after %d bytes: no error", n)
		}
	}
}
