package raster_test

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"strings"
	"sync"
	"testing"

	"posterkit/fonts"
	"posterkit/render/geom"
	"posterkit/render/raster"
	"posterkit/render/scene"
)

var (
	red   = scene.Paint{Color: color.NRGBA{R: 255, A: 255}, Opacity: 1}
	black = scene.Paint{Color: color.NRGBA{A: 255}, Opacity: 1}
	white = color.RGBA{255, 255, 255, 255}
)

func rasterize(t testing.TB, s *scene.Scene, dpi float64) *image.RGBA {
	t.Helper()
	img, err := raster.Rasterize(s, dpi)
	if err != nil {
		t.Fatalf("Rasterize: %v", err)
	}
	return img
}

// page returns a w×h pt scene with items; at 72 dpi a point is a pixel.
func page(w, h float64, items ...scene.Item) *scene.Scene {
	r := scene.Rect{W: w, H: h}
	return &scene.Scene{Width: w, Height: h, Trim: r, Bleed: r, Items: items}
}

func near(a, b uint8, tol int) bool { return math.Abs(float64(a)-float64(b)) <= float64(tol) }

func TestPixelSize(t *testing.T) {
	a2 := 426 * scene.MM // A2 with 3 mm bleed each side
	for _, c := range []struct {
		name      string
		w, h, dpi float64
		want      image.Point
	}{
		{"A2 with bleed at 300 dpi", a2, 600 * scene.MM, 300, image.Pt(5031, 7087)},
		{"points are pixels at 72 dpi", 100, 50, 72, image.Pt(100, 50)},
		{"rounds to nearest", 10.4, 10.5, 72, image.Pt(10, 11)},
		{"half a pixel per point", 101, 33, 36, image.Pt(51, 17)},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := raster.PixelSize(c.w, c.h, c.dpi)
			if err != nil || got != c.want {
				t.Errorf("PixelSize = %v, %v; want %v", got, err, c.want)
			}
		})
	}
}

func TestRasterizeA2Size(t *testing.T) {
	img := rasterize(t, page(426*scene.MM, 600*scene.MM), 300)
	if got := img.Bounds(); got != image.Rect(0, 0, 5031, 7087) {
		t.Fatalf("bounds %v, want 5031×7087", got)
	}
	if got := img.RGBAAt(5030, 7086); got != white {
		t.Errorf("empty page pixel %v, want white", got)
	}
}

func TestBadSizeIsError(t *testing.T) {
	for _, c := range []struct {
		name      string
		w, h, dpi float64
	}{
		{"zero dpi", 100, 100, 0},
		{"negative dpi", 100, 100, -72},
		{"NaN dpi", 100, 100, math.NaN()},
		{"NaN width", math.NaN(), 100, 72},
		{"infinite height", 100, math.Inf(1), 72},
		{"empty page", 0, 100, 72},
		{"too many pixels", 1e6, 1e6, 300},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := raster.Rasterize(page(c.w, c.h), c.dpi); !errors.Is(err, raster.ErrSize) {
				t.Errorf("err = %v, want ErrSize", err)
			}
		})
	}
}

func TestRectangleCoverage(t *testing.T) {
	// Left edge half way through column 10, right edge through column 40.
	img := rasterize(t, page(100, 100, scene.Rectangle(scene.Rect{X: 10.5, Y: 20, W: 30, H: 40}, red)), 72)
	for _, c := range []struct {
		name string
		x, y int
		want color.RGBA
		tol  int
	}{
		{"inside", 25, 40, color.RGBA{255, 0, 0, 255}, 0},
		{"first full column", 11, 20, color.RGBA{255, 0, 0, 255}, 0},
		{"last full row", 39, 59, color.RGBA{255, 0, 0, 255}, 0},
		{"left of it", 9, 40, white, 0},
		{"right of it", 41, 40, white, 0},
		{"above it", 25, 19, white, 0},
		{"below it", 25, 60, white, 0},
		{"far outside", 90, 90, white, 0},
		{"half-covered left edge", 10, 40, color.RGBA{255, 128, 128, 255}, 2},
		{"half-covered right edge", 40, 40, color.RGBA{255, 128, 128, 255}, 2},
	} {
		got := img.RGBAAt(c.x, c.y)
		if !near(got.R, c.want.R, c.tol) || !near(got.G, c.want.G, c.tol) || !near(got.B, c.want.B, c.tol) || got.A != 255 {
			t.Errorf("%s (%d,%d) = %v, want %v ±%d", c.name, c.x, c.y, got, c.want, c.tol)
		}
	}
}

func TestHalfOpacityBlackIsMidGrey(t *testing.T) {
	grey := scene.Paint{Color: color.NRGBA{A: 255}, Opacity: 0.5}
	img := rasterize(t, page(20, 20, scene.Rectangle(scene.Rect{W: 20, H: 20}, grey)), 72)
	got := img.RGBAAt(10, 10)
	if !near(got.R, 128, 2) || got.R != got.G || got.G != got.B {
		t.Errorf("pixel %v, want grey 128±2", got)
	}
}

func TestZeroOpacityDrawsNothing(t *testing.T) {
	clear := scene.Paint{Color: color.NRGBA{A: 255}}
	img := rasterize(t, page(20, 20, scene.Rectangle(scene.Rect{W: 20, H: 20}, clear)), 72)
	if got := img.RGBAAt(10, 10); got != white {
		t.Errorf("pixel %v, want white", got)
	}
}

func TestLaterItemsDrawOnTop(t *testing.T) {
	img := rasterize(t, page(20, 20,
		scene.Rectangle(scene.Rect{W: 20, H: 20}, red),
		scene.Rectangle(scene.Rect{X: 5, Y: 5, W: 10, H: 10}, black)), 72)
	if got := img.RGBAAt(10, 10); got != (color.RGBA{0, 0, 0, 255}) {
		t.Errorf("centre %v, want black", got)
	}
	if got := img.RGBAAt(2, 2); got != (color.RGBA{255, 0, 0, 255}) {
		t.Errorf("corner %v, want red", got)
	}
}

func TestNonZeroWinding(t *testing.T) {
	// Two squares the same way round: the overlap stays filled. A hole
	// needs the inner square the other way round.
	same := &scene.Path{Fill: black}
	hole := &scene.Path{Fill: black}
	square := func(p *scene.Path, x0, y0, x1, y1 float64, ccw bool) {
		p.MoveTo(x0, y0)
		if ccw {
			p.LineTo(x0, y1)
			p.LineTo(x1, y1)
			p.LineTo(x1, y0)
		} else {
			p.LineTo(x1, y0)
			p.LineTo(x1, y1)
			p.LineTo(x0, y1)
		}
		p.Close()
	}
	square(same, 0, 0, 40, 40, false)
	square(same, 10, 10, 30, 30, false)
	square(hole, 0, 0, 40, 40, false)
	square(hole, 10, 10, 30, 30, true)
	if got := rasterize(t, page(40, 40, same), 72).RGBAAt(20, 20); got.R != 0 {
		t.Errorf("same winding: centre %v, want black", got)
	}
	if got := rasterize(t, page(40, 40, hole), 72).RGBAAt(20, 20); got != white {
		t.Errorf("opposite winding: centre %v, want white", got)
	}
}

func TestUnclosedPathIsFilled(t *testing.T) {
	p := &scene.Path{Fill: black}
	p.MoveTo(0, 0)
	p.LineTo(20, 0)
	p.LineTo(20, 20)
	p.LineTo(0, 20)
	if got := rasterize(t, page(20, 20, p), 72).RGBAAt(10, 10); got.R != 0 {
		t.Errorf("centre %v, want black", got)
	}
}

func notoSans(t testing.TB) *fonts.Font {
	t.Helper()
	f := fonts.Default().Family(fonts.NotoSans, fonts.Regular)
	if f == nil {
		t.Fatal("no Noto Sans Regular")
	}
	return f
}

// textRun lays s out in one line at x, y (baseline) by nominal glyphs and
// advances: enough for a backend test, which must not depend on shaping.
func textRun(t testing.TB, f *fonts.Font, size, x, y float64, s string, fill scene.Paint) *scene.GlyphRun {
	t.Helper()
	face, err := f.NewFace()
	if err != nil {
		t.Fatal(err)
	}
	run := &scene.GlyphRun{Font: f, Size: size, Fill: fill}
	upem := float64(face.Upem())
	for _, r := range s {
		gid, ok := face.NominalGlyph(r)
		if !ok {
			t.Fatalf("%s has no glyph for %q", f, r)
		}
		adv := float64(face.HorizontalAdvance(gid)) / upem * size
		run.Glyphs = append(run.Glyphs, scene.Glyph{ID: uint16(gid), X: x, Y: y, Text: string(r), Advance: adv})
		x += adv
	}
	return run
}

// inkBox returns the bounds of the pixels darker than mid grey.
func inkBox(img *image.RGBA, r image.Rectangle) (box image.Rectangle, n int) {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if img.RGBAAt(x, y).R < 128 {
				box = box.Union(image.Rect(x, y, x+1, y+1))
				n++
			}
		}
	}
	return box, n
}

func TestGlyphHSitsOnBaselineAtCapHeight(t *testing.T) {
	f := notoSans(t)
	const size, x, base = 100.0, 20.0, 150.0
	run := textRun(t, f, size, x, base, "H", black)
	img := rasterize(t, page(200, 200, run), 72)
	box, n := inkBox(img, img.Bounds())
	if n < 500 {
		t.Fatalf("only %d dark pixels", n)
	}
	capTop := base - 0.714*size // Noto Sans cap height 714/1000 em
	if d := math.Abs(float64(box.Min.Y) - capTop); d > 1.5 {
		t.Errorf("top of H at y=%d, want cap height %.1f", box.Min.Y, capTop)
	}
	if box.Max.Y != int(base) {
		t.Errorf("bottom of H at y=%d, want baseline %d", box.Max.Y, int(base))
	}
	if adv := run.Glyphs[0].Advance; box.Min.X < int(x) || float64(box.Max.X) > x+adv {
		t.Errorf("H spans x %d…%d, want within the advance %.0f…%.0f", box.Min.X, box.Max.X, x, x+adv)
	}
	// H has two stems and a bar: its middle row has ink at both stems and
	// in the middle, and its top row ink at the stems only.
	mid := (box.Min.Y + box.Max.Y) / 2
	cx := (box.Min.X + box.Max.X) / 2
	if img.RGBAAt(cx, mid+2).R > 128 && img.RGBAAt(cx, mid-2).R > 128 {
		t.Errorf("no bar across the middle of H")
	}
	if img.RGBAAt(cx, box.Min.Y+3).R < 255 {
		t.Errorf("ink between the stems at the top of H")
	}
}

func TestRepeatedGlyphsDrawAlike(t *testing.T) {
	f := notoSans(t)
	// The same glyph a whole number of pixels apart draws the same pixels,
	// a quarter pixel apart it draws different ones.
	img := rasterize(t, page(200, 60,
		textRun(t, f, 30, 10.3, 40, "a", black),
		textRun(t, f, 30, 60.3, 40, "a", black),
		textRun(t, f, 30, 110.55, 40, "a", black)), 72)
	same, shifted := true, false
	for y := range 60 {
		for x := range 40 {
			a, b, c := img.RGBAAt(x, y), img.RGBAAt(x+50, y), img.RGBAAt(x+100, y)
			same = same && a == b
			shifted = shifted || a != c
		}
	}
	if !same {
		t.Error("glyphs 50 px apart differ")
	}
	if !shifted {
		t.Error("glyphs 50.25 px apart are the same: no subpixel positioning")
	}
}

func TestGlyphRunEdgeCases(t *testing.T) {
	f := notoSans(t)
	nan := math.NaN()
	for _, c := range []struct {
		name string
		run  *scene.GlyphRun
	}{
		{"unknown glyph id", &scene.GlyphRun{Font: f, Size: 20, Fill: black, Glyphs: []scene.Glyph{{ID: 65535, X: 10, Y: 30}}}},
		{"space", textRun(t, f, 20, 10, 30, " ", black)},
		{"NaN position", &scene.GlyphRun{Font: f, Size: 20, Fill: black, Glyphs: []scene.Glyph{{ID: 43, X: nan, Y: 30}}}},
		{"NaN size", &scene.GlyphRun{Font: f, Size: nan, Fill: black, Glyphs: []scene.Glyph{{ID: 43, X: 10, Y: 30}}}},
		{"negative size", &scene.GlyphRun{Font: f, Size: -20, Fill: black, Glyphs: []scene.Glyph{{ID: 43, X: 10, Y: 30}}}},
		{"infinite size", &scene.GlyphRun{Font: f, Size: math.Inf(1), Fill: black, Glyphs: []scene.Glyph{{ID: 43, X: 10, Y: 30}}}},
		{"far off the page", textRun(t, f, 20, -1e9, 1e12, "H", black)},
		{"partly off the page", textRun(t, f, 40, -15, 10, "HHH", black)},
		{"huge, across the page", textRun(t, f, 5000, -100, 3000, "H", black)},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := raster.Rasterize(page(60, 40, c.run), 72); err != nil {
				t.Errorf("Rasterize: %v", err)
			}
		})
	}
	t.Run("no font", func(t *testing.T) {
		run := &scene.GlyphRun{Size: 20, Fill: black, Glyphs: []scene.Glyph{{ID: 43, X: 10, Y: 30}}}
		if _, err := raster.Rasterize(page(60, 40, run), 72); !errors.Is(err, raster.ErrNoFont) {
			t.Errorf("err = %v, want ErrNoFont", err)
		}
	})
}

func TestHugeGlyphIsFilled(t *testing.T) {
	// At 36 dpi a 3000 pt H is 1071 px tall, too big for a cached mask:
	// it is filled as a path, clipped to the page. The page shows part of
	// its left stem.
	f := notoSans(t)
	run := textRun(t, f, 3000, -200, 2500, "H", black)
	img := rasterize(t, page(500, 500, run), 36)
	_, n := inkBox(img, img.Bounds())
	if n == 0 || n == img.Bounds().Dx()*img.Bounds().Dy() {
		t.Errorf("%d dark pixels of %d: want the stem, not nothing or everything", n, img.Bounds().Dx()*img.Bounds().Dy())
	}
}

func TestOffPageAndInvalidGeometry(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	line := func(pts ...float64) *scene.Path {
		p := &scene.Path{Fill: black}
		p.MoveTo(pts[0], pts[1])
		for i := 2; i+1 < len(pts); i += 2 {
			p.LineTo(pts[i], pts[i+1])
		}
		p.Close()
		return p
	}
	curve := &scene.Path{Fill: black}
	curve.MoveTo(10, 10)
	curve.CubicTo(1e15, -1e15, -1e15, 1e15, 30, 30)
	for _, c := range []struct {
		name string
		item scene.Item
	}{
		{"wholly left", scene.Rectangle(scene.Rect{X: -500, Y: 10, W: 100, H: 10}, black)},
		{"wholly below", scene.Rectangle(scene.Rect{X: 10, Y: 1e6, W: 10, H: 10}, black)},
		{"NaN point", line(10, 10, nan, 20, 20, 30)},
		{"infinite point", line(10, 10, inf, 20, 20, 30)},
		{"huge points", line(-1e300, -1e300, 1e300, -1e300, 0, 1e300)},
		{"huge control points", curve},
		{"only a MoveTo", line(10, 10)},
		{"LineTo without MoveTo", &scene.Path{Fill: black, Path: geom.Path{Segments: []scene.Segment{{Op: scene.LineTo, Pts: [3]scene.Point{{X: 10, Y: 10}}}}}}},
		{"NaN opacity", scene.Rectangle(scene.Rect{W: 10, H: 10}, scene.Paint{Opacity: nan})},
		{"NaN image box", &scene.Image{Box: scene.Rect{X: nan, W: 10, H: 10}, Format: "png", Data: pngBytes(t, solid(2, 2, color.NRGBA{A: 255})), Opacity: 1}},
		{"image far off the page", &scene.Image{Box: scene.Rect{X: 1e6, W: 1e6, H: 10}, Format: "png", Data: pngBytes(t, solid(2, 2, color.NRGBA{A: 255})), Opacity: 1}},
		{"nil item", nil},
		{"nil path", (*scene.Path)(nil)},
		{"nil glyph run", (*scene.GlyphRun)(nil)},
		{"nil image", (*scene.Image)(nil)},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := raster.Rasterize(page(50, 50, c.item), 72); err != nil {
				t.Errorf("Rasterize: %v", err)
			}
		})
	}
}

func TestClippedShapesKeepTheirVisiblePart(t *testing.T) {
	// A square half off the top-right corner, and a circle so large and so
	// far to the left that only a sliver of it, up to x = 30, is on the page.
	square := scene.Rectangle(scene.Rect{X: 60, Y: -50, W: 70, H: 70}, red)
	const r = 1e6
	circle := scene.Ellipse(-r+30, 50, r, r, black)
	img := rasterize(t, page(100, 100, square, circle), 72)
	for _, c := range []struct {
		name string
		x, y int
		want color.RGBA
	}{
		{"square on page", 80, 10, color.RGBA{255, 0, 0, 255}},
		{"below square", 80, 25, white},
		{"circle on page", 20, 80, color.RGBA{0, 0, 0, 255}},
		{"circle near its edge", 28, 99, color.RGBA{0, 0, 0, 255}},
		{"right of circle", 32, 50, white},
	} {
		if got := img.RGBAAt(c.x, c.y); got != c.want {
			t.Errorf("%s (%d,%d) = %v, want %v", c.name, c.x, c.y, got, c.want)
		}
	}
}

func solid(w, h int, c color.NRGBA) *image.NRGBA {
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			m.SetNRGBA(x, y, c)
		}
	}
	return m
}

func pngBytes(t testing.TB, m image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func jpegBytes(t testing.TB, m image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestImages(t *testing.T) {
	// An 8×8 PNG: left half opaque blue, right half fully transparent.
	blue := color.NRGBA{B: 255, A: 255}
	half := solid(8, 8, blue)
	for y := range 8 {
		for x := 4; x < 8; x++ {
			half.SetNRGBA(x, y, color.NRGBA{})
		}
	}
	green := color.NRGBA{G: 200, A: 255}
	img := rasterize(t, page(100, 100,
		scene.Rectangle(scene.Rect{W: 100, H: 100}, scene.Paint{Color: color.NRGBA{R: 255, G: 255}, Opacity: 1}),
		&scene.Image{Box: scene.Rect{X: 10, Y: 10, W: 40, H: 40}, Format: "png", Data: pngBytes(t, half), Name: "half.png", Opacity: 1},
		&scene.Image{Box: scene.Rect{X: 60, Y: 10, W: 30, H: 30}, Format: "jpeg", Data: jpegBytes(t, solid(16, 16, green)), Name: "green.jpg", Opacity: 1},
		&scene.Image{Box: scene.Rect{X: 10, Y: 60, W: 30, H: 30}, Format: "png", Data: pngBytes(t, solid(4, 4, blue)), Name: "faded.png", Opacity: 0.5},
	), 72)
	for _, c := range []struct {
		name string
		x, y int
		want color.RGBA
		tol  int
	}{
		{"opaque half of PNG", 20, 30, color.RGBA{0, 0, 255, 255}, 0},
		{"transparent half of PNG shows yellow", 40, 30, color.RGBA{255, 255, 0, 255}, 0},
		{"JPEG", 75, 25, color.RGBA{0, 200, 0, 255}, 4},
		{"outside images", 55, 55, color.RGBA{255, 255, 0, 255}, 0},
		{"half-opacity blue over yellow", 25, 75, color.RGBA{128, 128, 128, 255}, 2},
	} {
		got := img.RGBAAt(c.x, c.y)
		if !near(got.R, c.want.R, c.tol) || !near(got.G, c.want.G, c.tol) || !near(got.B, c.want.B, c.tol) || got.A != 255 {
			t.Errorf("%s (%d,%d) = %v, want %v ±%d", c.name, c.x, c.y, got, c.want, c.tol)
		}
	}
}

func TestLargeImageIsReducedSmoothly(t *testing.T) {
	// A 400×400 checkerboard of single pixels drawn 20 px wide averages to
	// grey, where sampling without filtering would show black or white.
	m := image.NewGray(image.Rect(0, 0, 400, 400))
	for y := range 400 {
		for x := range 400 {
			if (x+y)%2 == 0 {
				m.Pix[y*m.Stride+x] = 255
			}
		}
	}
	img := rasterize(t, page(40, 40, &scene.Image{Box: scene.Rect{X: 10, Y: 10, W: 20, H: 20}, Format: "png", Data: pngBytes(t, m), Name: "check.png", Opacity: 1}), 72)
	for _, p := range []image.Point{{15, 15}, {20, 20}, {25, 22}} {
		if got := img.RGBAAt(p.X, p.Y); !near(got.R, 128, 4) {
			t.Errorf("pixel %v = %v, want grey 128±4", p, got)
		}
	}
}

func TestBadImageNamesIt(t *testing.T) {
	good := pngBytes(t, solid(4, 4, color.NRGBA{A: 255}))
	for _, c := range []struct {
		name string
		im   scene.Image
	}{
		{"garbage", scene.Image{Format: "png", Data: []byte("not a png"), Name: "assets/garbage.png"}},
		{"truncated PNG", scene.Image{Format: "png", Data: good[:len(good)-20], Name: "assets/cut.png"}},
		{"PNG labelled JPEG", scene.Image{Format: "jpeg", Data: good, Name: "assets/label.jpg"}},
		{"empty", scene.Image{Format: "jpeg", Name: "assets/empty.jpg"}},
		{"unknown format", scene.Image{Format: "gif", Data: []byte("GIF89a"), Name: "assets/anim.gif"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			im := c.im
			im.Box = scene.Rect{X: 5, Y: 5, W: 20, H: 20}
			im.Opacity = 1
			_, err := raster.Rasterize(page(50, 50, &im), 72)
			if err == nil || !strings.Contains(err.Error(), im.Name) || !errors.Is(err, raster.ErrImage) {
				t.Errorf("err = %v, want ErrImage naming %s", err, im.Name)
			}
		})
	}
}

// sampleScene has every kind of item, overlapping, at fractional positions.
func sampleScene(t testing.TB) *scene.Scene {
	f := notoSans(t)
	photo := image.NewRGBA(image.Rect(0, 0, 30, 20))
	for i := range photo.Pix {
		photo.Pix[i] = uint8(i * 7)
	}
	for i := 3; i < len(photo.Pix); i += 4 {
		photo.Pix[i] = 255
	}
	return page(300, 200,
		scene.Rectangle(scene.Rect{X: -3, Y: -3, W: 306, H: 206}, scene.Paint{Color: color.NRGBA{R: 250, G: 240, B: 220}, Opacity: 1}),
		scene.Ellipse(150.3, 100.7, 90.2, 60.1, scene.Paint{Color: color.NRGBA{R: 30, G: 90, B: 200}, Opacity: 0.7}),
		&scene.Image{Box: scene.Rect{X: 200.5, Y: 20.25, W: 75, H: 50}, Format: "jpeg", Data: jpegBytes(t, photo), Name: "photo.jpg", Opacity: 0.8},
		textRun(t, f, 28.3, 20.1, 120.6, "Posterkit déterministe", black),
		textRun(t, f, 9, 20.7, 150.2, "the quick brown fox jumps over the lazy dog", scene.Paint{Color: color.NRGBA{R: 200}, Opacity: 1}),
	)
}

func TestDeterministicOutput(t *testing.T) {
	s := sampleScene(t)
	encode := func() []byte {
		var b bytes.Buffer
		if err := raster.Encode(&b, rasterize(t, s, 144), 144); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	if a, b := encode(), encode(); !bytes.Equal(a, b) {
		t.Error("two encodings of one scene differ")
	}
}

func TestConcurrentRasterizeSharesFonts(t *testing.T) {
	s := sampleScene(t)
	want := rasterize(t, s, 100)
	var wg sync.WaitGroup
	got := make([]*image.RGBA, 4)
	errs := make([]error, 4)
	for i := range got {
		wg.Go(func() { got[i], errs[i] = raster.Rasterize(s, 100) })
	}
	wg.Wait()
	for i := range got {
		if errs[i] != nil || !bytes.Equal(got[i].Pix, want.Pix) {
			t.Errorf("goroutine %d: err %v, or pixels differ from a lone call", i, errs[i])
		}
	}
}

func FuzzPathCoordinates(f *testing.F) {
	f.Add(10.0, 10.0, 40.0, 10.0, 25.0, 40.0)
	f.Add(math.NaN(), 0.0, 1.0, 1.0, 0.0, 1.0)
	f.Add(math.Inf(-1), 5.0, 5.0, math.Inf(1), 5.0, 5.0)
	f.Add(-1e300, 1e300, 1e300, -1e300, 0.0, 0.0)
	f.Add(-1e7, -1e7, 1e7, 25.0, -1e7, 1e7)
	f.Add(24.999999, 0.0, 25.000001, 50.0, 25.0, -1e-300)
	f.Fuzz(func(t *testing.T, x0, y0, x1, y1, x2, y2 float64) {
		p := &scene.Path{Fill: black}
		p.MoveTo(x0, y0)
		p.LineTo(x1, y1)
		p.QuadTo(x2, y2, x0, y1)
		p.CubicTo(x1, y0, x2, y1, x2, y2)
		p.Close()
		if _, err := raster.Rasterize(page(50, 50, p), 72); err != nil {
			t.Fatal(err)
		}
	})
}
