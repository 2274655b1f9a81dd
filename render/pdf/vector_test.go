package pdf

import (
	"bytes"
	"image/color"
	"strings"
	"testing"

	"posterkit/render/geom"
	"posterkit/render/scene"
)

func TestVectorItemsKeepTheirPDFOperators(t *testing.T) {
	black := scene.Paint{Color: color.NRGBA{A: 255}, Opacity: 1}
	var line geom.Path
	line.MoveTo(10, 10)
	line.LineTo(90, 90)
	grad := &scene.Gradient{Kind: scene.Radial, CX: 50, CY: 50, R: 40, FX: 50, FY: 50, Spread: scene.Reflect, Transform: scene.Identity,
		Stops: []scene.Stop{{Offset: 0, Color: color.NRGBA{R: 255}, Opacity: 1}, {Offset: 0.5, Color: color.NRGBA{G: 255}, Opacity: 1}, {Offset: 1, Color: color.NRGBA{B: 255}, Opacity: 1}}}
	tests := []struct {
		name string
		item scene.Item
		want []string
	}{
		{"StrokeWritesWidthCapJoinMiterDash",
			&scene.Path{Path: line, Stroke: &scene.Stroke{Paint: black, Width: 4, Cap: scene.RoundCap, Join: scene.BevelJoin, MiterLimit: 4, Dashes: []float64{5, 3}, DashOffset: 1}},
			[]string{"4 w 1 J 2 j 4 M", "[5 3] 1 d", "S\n"}},
		{"EvenOddFillsWithFStar", &scene.Path{Path: geom.Rectangle(geom.Rect{W: 10, H: 10}), Fill: black, Rule: scene.EvenOdd}, []string{"f*\n"}},
		{"RadialGradientIsAType3ShadingWithStitching", &scene.Path{Path: geom.Rectangle(geom.Rect{W: 100, H: 100}), Fill: scene.Paint{Opacity: 1, Gradient: grad}},
			[]string{"/ShadingType 3", "/FunctionType 3", "/Pattern cs /P1 scn", "/Encode[0 1 1 0"}},
		{"GroupClipsAndFadesThroughATransparencyGroup", &scene.Group{Transform: scene.Translate(5, 5), Opacity: 0.5,
			Clip:  &scene.Clip{Shapes: []scene.ClipShape{{Path: geom.Rectangle(geom.Rect{W: 50, H: 50})}}},
			Items: []scene.Item{scene.Rectangle(geom.Rect{W: 100, H: 100}, black)}},
			[]string{"1 0 0 1 5 5 cm", "W n", "/Fm1 Do", "/Group<</Type/Group/S/Transparency>>"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			s := &scene.Scene{Width: 100, Height: 100, Items: []scene.Item{tc.item}}
			if err := Write(&b, s, Options{}); err != nil {
				t.Fatal(err)
			}
			// Streams are deflated: look in the uncompressed content.
			d := &doc{scene: s, gstates: map[gstate]string{}}
			content, _ := d.content()
			all := string(content) + b.String()
			for _, f := range d.vec.forms {
				all += string(f.content)
			}
			for _, w := range tc.want {
				if !strings.Contains(all, w) {
					t.Errorf("no %q in\n%s", w, all)
				}
			}
		})
	}
}
