package raster

import (
	"image/color"
	"testing"

	"posterkit/render/geom"
	"posterkit/render/scene"
)

func black() scene.Paint { return scene.Paint{Color: color.NRGBA{A: 255}, Opacity: 1} }

// vectorPage draws items on a 100×100 pt page at 72 dpi (one pixel a point).
func vectorPage(t *testing.T, items ...scene.Item) func(x, y int) color.RGBA {
	t.Helper()
	s := &scene.Scene{Width: 100, Height: 100, Items: items}
	img, err := Rasterize(s, 72)
	if err != nil {
		t.Fatal(err)
	}
	return func(x, y int) color.RGBA { return img.RGBAAt(x, y) }
}

func TestVectorDrawing(t *testing.T) {
	ring := func(rule scene.FillRule) *scene.Path {
		p := &scene.Path{Path: geom.Rectangle(geom.Rect{X: 10, Y: 10, W: 80, H: 80}), Fill: black(), Rule: rule}
		// The inner square wound the same way: only even-odd leaves a hole.
		inner := geom.Rectangle(geom.Rect{X: 30, Y: 30, W: 40, H: 40})
		p.Segments = append(p.Segments, inner.Segments...)
		return p
	}
	line := func(c scene.LineCap, dashes []float64) *scene.Path {
		var p geom.Path
		p.MoveTo(20, 50)
		p.LineTo(80, 50)
		return &scene.Path{Path: p, Stroke: &scene.Stroke{Paint: black(), Width: 10, Cap: c, MiterLimit: 4, Dashes: dashes}}
	}
	grad := &scene.Path{Path: geom.Rectangle(geom.Rect{W: 100, H: 100}), Fill: scene.Paint{Opacity: 1, Gradient: &scene.Gradient{
		Kind: scene.Linear, X2: 100, Transform: scene.Identity,
		Stops: []scene.Stop{{Offset: 0, Color: color.NRGBA{R: 255}, Opacity: 1}, {Offset: 1, Color: color.NRGBA{B: 255}, Opacity: 1}},
	}}}
	clipped := &scene.Group{Transform: scene.Identity, Opacity: 0.5,
		Clip:  &scene.Clip{Shapes: []scene.ClipShape{{Path: geom.Rectangle(geom.Rect{W: 50, H: 100})}}},
		Items: []scene.Item{scene.Rectangle(geom.Rect{W: 100, H: 100}, black())}}
	tests := []struct {
		name  string
		item  scene.Item
		x, y  int
		want  uint8 // red channel
		delta uint8
	}{
		{"NonZeroFillsTheInnerSquare", ring(scene.NonZero), 50, 50, 0, 0},
		{"EvenOddLeavesTheInnerSquareEmpty", ring(scene.EvenOdd), 50, 50, 255, 0},
		{"EvenOddFillsTheRing", ring(scene.EvenOdd), 20, 50, 0, 0},
		{"StrokeCoversItsWidth", line(scene.ButtCap, nil), 50, 46, 0, 0},
		{"StrokeEndsAtItsWidth", line(scene.ButtCap, nil), 50, 56, 255, 0},
		{"ButtCapStopsAtTheEnd", line(scene.ButtCap, nil), 17, 50, 255, 0},
		{"SquareCapRunsPastTheEnd", line(scene.SquareCap, nil), 17, 50, 0, 0},
		{"RoundCapRunsPastTheEnd", line(scene.RoundCap, nil), 16, 50, 0, 0},
		{"DashGapIsEmpty", line(scene.ButtCap, []float64{10, 10}), 35, 50, 255, 0},
		{"DashIsDrawn", line(scene.ButtCap, []float64{10, 10}), 25, 50, 0, 0},
		{"GradientStartsRed", grad, 0, 50, 255, 3},
		{"GradientIsHalfWayInTheMiddle", grad, 50, 50, 128, 4},
		{"GroupOpacityHalvesInsideTheClip", clipped, 25, 50, 128, 1},
		{"GroupClipLeavesTheRest", clipped, 75, 50, 255, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := vectorPage(t, tc.item)(tc.x, tc.y).R
			if d := int(got) - int(tc.want); d > int(tc.delta) || -d > int(tc.delta) {
				t.Errorf("red at (%d, %d) = %d, want %d ± %d", tc.x, tc.y, got, tc.want, tc.delta)
			}
		})
	}
}
