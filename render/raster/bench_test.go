package raster_test

import (
	"bytes"
	"image"
	"image/color"
	"math"
	"math/rand/v2"
	"testing"

	xdraw "golang.org/x/image/draw"

	"posterkit/fonts"
	"posterkit/render/raster"
	"posterkit/render/scene"
)

// a2Scene is a synthetic A2 poster with 3 mm bleed: a full-bleed
// background, 30 large shapes (ellipses, and stars of cubic curves), and
// about 1000 glyphs from 130 pt down to 14 pt.
func a2Scene(b testing.TB) *scene.Scene {
	w, h := 426*scene.MM, 600*scene.MM
	rng := rand.New(rand.NewPCG(1, 2))
	colour := func() color.NRGBA {
		return color.NRGBA{uint8(rng.IntN(256)), uint8(rng.IntN(256)), uint8(rng.IntN(256)), 255}
	}
	s := page(w, h, scene.Rectangle(scene.Rect{W: w, H: h}, scene.Paint{Color: color.NRGBA{245, 240, 230, 255}, Opacity: 1}))
	for i := range 30 {
		cx, cy := rng.Float64()*w, rng.Float64()*h
		rx, ry := 100+rng.Float64()*300, 100+rng.Float64()*300
		fill := scene.Paint{Color: colour(), Opacity: 0.5 + rng.Float64()/2}
		if i%2 == 0 {
			s.Items = append(s.Items, scene.Ellipse(cx, cy, rx, ry, fill))
			continue
		}
		star := &scene.Path{Fill: fill}
		const n = 7
		for k := range n {
			a0 := 2 * math.Pi * float64(k) / n
			a1 := a0 + math.Pi/n
			x0, y0 := cx+rx*math.Cos(a0), cy+ry*math.Sin(a0)
			if k == 0 {
				star.MoveTo(x0, y0)
			}
			a2 := a0 + 2*math.Pi/n
			star.CubicTo(cx+rx*0.3*math.Cos(a1-0.2), cy+ry*0.3*math.Sin(a1-0.2),
				cx+rx*0.3*math.Cos(a1+0.2), cy+ry*0.3*math.Sin(a1+0.2),
				cx+rx*math.Cos(a2), cy+ry*math.Sin(a2))
		}
		star.Close()
		s.Items = append(s.Items, star)
	}
	regular := fonts.Default().Family(fonts.NotoSans, fonts.Regular)
	bold := fonts.Default().Family(fonts.NotoSans, fonts.Bold)
	ink := scene.Paint{Color: color.NRGBA{20, 20, 40, 255}, Opacity: 1}
	y := 250.0
	line := func(f *fonts.Font, size float64, text string) {
		s.Items = append(s.Items, textRun(b, f, size, 60.3, y, text, ink))
		y += size * 1.3
	}
	line(bold, 130, "Posterkit 2026")
	line(bold, 60, "Multilingual posters, rendered")
	for range 10 {
		line(regular, 24, "Layout produces scenes; backends only draw them at any size.")
	}
	for range 6 {
		line(regular, 14, "Small print: the quick brown fox jumps over the lazy dog, 0123456789.")
	}
	n := 0
	for _, it := range s.Items {
		if r, ok := it.(*scene.GlyphRun); ok {
			n += len(r.Glyphs)
		}
	}
	if n < 900 || n > 1100 {
		b.Fatalf("%d glyphs, want about 1000", n)
	}
	return s
}

func BenchmarkRasterizeA2(b *testing.B) {
	s := a2Scene(b)
	var px int
	for b.Loop() {
		img, err := raster.Rasterize(s, 300)
		if err != nil {
			b.Fatal(err)
		}
		px = img.Bounds().Dx() * img.Bounds().Dy()
	}
	b.SetBytes(int64(4 * px)) // MB/s of RGBA output
}

// BenchmarkEncodeA2 encodes the synthetic A2 poster at each compression
// level, as drawn (flat colour) and with a photograph over half the page.
func BenchmarkEncodeA2(b *testing.B) {
	flat := a2Scene(b)
	withPhoto := a2Scene(b)
	w, h := withPhoto.Width, withPhoto.Height
	withPhoto.Items = append(withPhoto.Items, &scene.Image{
		Box: scene.Rect{X: 0, Y: h / 2, W: w, H: h / 2}, Format: "jpeg",
		Data: photo(b, 2500, 1750), Name: "photo.jpg", Opacity: 1,
	})
	for _, s := range []struct {
		name string
		s    *scene.Scene
	}{{"Flat", flat}, {"Photo", withPhoto}} {
		img, err := raster.Rasterize(s.s, 300)
		if err != nil {
			b.Fatal(err)
		}
		for _, c := range []struct {
			name  string
			level raster.Compression
		}{
			{"Fast", raster.FastCompression},
			{"Default", raster.DefaultCompression},
			{"Best", raster.BestCompression},
		} {
			b.Run(s.name+"/"+c.name, func(b *testing.B) {
				var buf bytes.Buffer
				for b.Loop() {
					buf.Reset()
					if err := raster.EncodeLevel(&buf, img, 300, c.level); err != nil {
						b.Fatal(err)
					}
				}
				b.SetBytes(int64(len(img.Pix)))
				b.ReportMetric(float64(buf.Len()), "file-bytes")
			})
		}
	}
}

// photo returns a JPEG of smooth gradients with noise, like a photograph
// as far as the scaler is concerned.
func photo(b testing.TB, w, h int) []byte {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	rng := rand.New(rand.NewPCG(3, 4))
	for y := range h {
		for x := range w {
			n := uint8(rng.IntN(24))
			m.SetRGBA(x, y, color.RGBA{uint8(x*200/w) + n, uint8(y*200/h) + n, 120 + n, 255})
		}
	}
	return jpegBytes(b, m)
}

// BenchmarkImageScale draws a photo at 300 dpi, enlarged (1500×1000 px
// into 3000×2000 px) and reduced (4000×3000 px into 1000×750 px), with
// each resampling filter.
func BenchmarkImageScale(b *testing.B) {
	const k = 72.0 / 300 // points per pixel at 300 dpi
	for _, c := range []struct {
		name   string
		sw, sh int
		dw, dh float64
	}{
		{"Enlarge2x", 1500, 1000, 3000, 2000},
		{"Reduce4x", 4000, 3000, 1000, 750},
	} {
		data := photo(b, c.sw, c.sh)
		s := page(3100*k, 2100*k, &scene.Image{Box: scene.Rect{X: 30.3 * k, Y: 40.6 * k, W: c.dw * k, H: c.dh * k}, Format: "jpeg", Data: data, Name: "photo.jpg", Opacity: 1})
		for _, f := range []struct {
			name string
			f    xdraw.Interpolator
		}{
			{"CatmullRom", xdraw.CatmullRom},
			{"ApproxBiLinear", xdraw.ApproxBiLinear},
		} {
			b.Run(c.name+"/"+f.name, func(b *testing.B) {
				for b.Loop() {
					if _, err := raster.RasterizeWith(s, 300, f.f); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
