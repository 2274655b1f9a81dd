package raster_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"

	"posterkit/render/raster"
	"posterkit/render/scene"
)

// TestBandedPNGIsTheWholePage: a page written in bands of a few rows
// decodes to exactly the pixels Rasterize draws in one piece, for every
// kind of item: shapes whose tiles cross bands, translucent ones, glyphs
// from the cache and a glyph too large for it, images with and without
// opacity, and a background whose edge falls inside a pixel.
func TestBandedPNGIsTheWholePage(t *testing.T) {
	s := sampleScene(t)
	f := notoSans(t)
	logo := solid(40, 40, color.NRGBA{R: 200, G: 30, B: 90, A: 200})
	s.Items = append(s.Items,
		scene.Ellipse(100.2, 60.9, 140.3, 55.7, scene.Paint{Color: color.NRGBA{G: 160, B: 90}, Opacity: 0.45}),
		textRun(t, f, 260, 40.3, 190.1, "g", scene.Paint{Color: color.NRGBA{R: 90, G: 20, B: 140}, Opacity: 0.9}),
		&scene.Image{Box: scene.Rect{X: 10.4, Y: 150.3, W: 60, H: 45}, Format: "png", Data: pngBytes(t, logo), Name: "logo.png", Opacity: 1},
		vectorGroup(),
	)
	s.Items[0] = scene.Rectangle(scene.Rect{X: 0, Y: 0, W: 300, H: 199.9}, scene.Paint{Color: color.NRGBA{R: 250, G: 240, B: 220}, Opacity: 1})
	const dpi = 300
	whole := rasterize(t, s, dpi)
	for _, rows := range []int{1, 7, 16, 1000} {
		var b bytes.Buffer
		if err := raster.WriteBands(&b, s, dpi, rows); err != nil {
			t.Fatal(err)
		}
		m, err := png.Decode(&b)
		if err != nil {
			t.Fatalf("bands of %d rows: %v", rows, err)
		}
		got, ok := m.(*image.RGBA)
		if !ok || got.Rect != whole.Rect {
			t.Fatalf("bands of %d rows: decoded %T %v, want RGBA %v", rows, m, m.Bounds(), whole.Rect)
		}
		if bytes.Equal(got.Pix, whole.Pix) {
			continue
		}
		for i := range got.Pix {
			if got.Pix[i] != whole.Pix[i] {
				t.Fatalf("bands of %d rows: pixel (%d,%d) channel %d is %d, the whole page has %d",
					rows, i/4%whole.Rect.Dx(), i/4/whole.Rect.Dx(), i%4, got.Pix[i], whole.Pix[i])
			}
		}
	}
}

// vectorGroup is SVG-style artwork: a clipped, half-opaque group holding
// a gradient-filled, stroked, even-odd path.
func vectorGroup() *scene.Group {
	p := scene.Ellipse(150, 100, 80, 60, scene.Paint{Opacity: 1,
		Gradient: &scene.Gradient{Kind: scene.Linear, X1: 70, Y1: 40, X2: 230, Y2: 160, Transform: scene.Identity,
			Stops: []scene.Stop{{Offset: 0, Color: color.NRGBA{R: 255, A: 255}, Opacity: 1}, {Offset: 1, Color: color.NRGBA{B: 255, A: 255}, Opacity: 1}}}})
	p.Rule = scene.EvenOdd
	p.Stroke = &scene.Stroke{Paint: scene.Paint{Color: color.NRGBA{A: 255}, Opacity: 1}, Width: 3.3, Join: scene.RoundJoin, Dashes: []float64{7, 3}}
	clip := scene.Rectangle(scene.Rect{X: 90, Y: 50, W: 130, H: 90}, scene.Paint{})
	return &scene.Group{Items: []scene.Item{p}, Transform: scene.Identity, Opacity: 0.6,
		Clip: &scene.Clip{Shapes: []scene.ClipShape{{Path: clip.Path, Rule: scene.NonZero}}}}
}
