package scene_test

import (
	"image/color"
	"testing"

	"posterkit/fonts"
	"posterkit/render/scene"
)

// String methods make test failures and logs readable: each case is what
// a failing test would print.
func TestStringsAreReadable(t *testing.T) {
	red := scene.Paint{Color: color.NRGBA{R: 0xE6, B: 0x7E, A: 255}, Opacity: 1}
	path := scene.Rectangle(scene.Rect{X: 1, Y: 2, W: 3, H: 4}, scene.Paint{Color: color.NRGBA{A: 255}, Opacity: 0.5})
	run := &scene.GlyphRun{Font: fonts.Default().Family(fonts.NotoSans, fonts.Bold), Size: 12, Fill: red, RTL: true,
		Glyphs: []scene.Glyph{{ID: 7, X: 10, Y: 20, Text: "ب", Advance: 6, Cluster: 3}, {ID: 9, X: 11, Y: 18, Offset: scene.Point{X: 1, Y: -2}, Cluster: 3}}}
	for _, c := range []struct{ got, want string }{
		{red.String(), "#e6007e"},
		{path.String(), "path of 5 segments, bounds [1.00 2.00 3.00 4.00], fill #000000@0.5"},
		{path.Segments[1].String(), "L 4 2"},
		{path.Segments[4].String(), "Z"},
		{scene.Segment{Op: scene.CubicTo, Pts: [3]scene.Point{{X: 1, Y: 2}, {X: 3, Y: 4}, {X: 5, Y: 6}}}.String(), "C 1 2 3 4 5 6"},
		{run.Glyphs[0].String(), `gid 7 at (10.00, 20.00) adv 6.00 cluster 3 "ب"`},
		{run.Glyphs[1].String(), "gid 9 at (11.00, 18.00) adv 0.00 cluster 3 offset (1.00, -2.00)"},
		{run.String(), `NotoSans-Bold 12 pt rtl, 2 glyphs "ب", fill #e6007e`},
		{(&scene.Image{Format: "png", Name: "logo.png", Box: scene.Rect{W: 10, H: 5}, Opacity: 1}).String(), `png image "logo.png" in [0.00 0.00 10.00 5.00], opacity 1`},
	} {
		if c.got != c.want {
			t.Errorf("got  %s\nwant %s", c.got, c.want)
		}
	}
}

func TestFrameIsARingOfWidthW(t *testing.T) {
	f := scene.Frame(scene.Rect{W: 10, H: 10}, 1, scene.Paint{Opacity: 1})
	if len(f.Segments) != 10 {
		t.Fatalf("%d segments, want two closed rectangles", len(f.Segments))
	}
	if inner := f.Segments[5].Pts[0]; inner != (scene.Point{X: 1, Y: 1}) {
		t.Errorf("inner ring starts at %v", inner)
	}
	if thin := scene.Frame(scene.Rect{W: 1, H: 1}, 1, scene.Paint{}); len(thin.Segments) != 5 {
		t.Errorf("a frame too small for its ring has %d segments, want the filled rectangle", len(thin.Segments))
	}
}
