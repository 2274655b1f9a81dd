package layouts

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"posterkit/fonts"
	"posterkit/internal/pdfcheck"
	"posterkit/render/export"
	"posterkit/render/geom"
	"posterkit/render/layout"
	"posterkit/render/text"
)

// svgTemplate writes a template folder of a 100 × 100 mm white page with
// artwork, frames and the SVG file art.svg, and returns its path, "mine"
// in the test's working folder.
func svgTemplate(t *testing.T, artwork, frames, svgFile string) string {
	t.Helper()
	t.Chdir(t.TempDir())
	dir := "mine"
	os.MkdirAll(filepath.Join(dir, "strings"), 0o755)
	layoutYAML := `title: SVG test
page: {size: 100x100, bleed: 0}
languages: [en]
styles:
  body: {font: text, size: {min: 6, max: 12}, color: "#000000"}
artwork:
  - rect: {x: 0, y: 0, w: 100, h: 100}
    fill: "#ffffff"
` + artwork + "frames:\n" + frames
	os.WriteFile(filepath.Join(dir, "layout.yaml"), []byte(layoutYAML), 0o644)
	os.WriteFile(filepath.Join(dir, "strings", "en.yaml"), []byte("body: Hi\n"), 0o644)
	if svgFile != "" {
		os.WriteFile(filepath.Join(dir, "art.svg"), []byte(svgFile), 0o644)
	}
	return dir
}

// artSVG is 20 × 20 mm (its viewBox in mm), red, with a text frame marked
// by a rect that a transform moves by (1, 1) mm.
const artSVG = `<svg xmlns="http://www.w3.org/2000/svg" width="20mm" height="20mm" viewBox="0 0 20 20">
  <rect width="20" height="20" fill="#ff0000"/>
  <g transform="translate(1 1)">
    <rect id="frame:body" x="5" y="5" width="10" height="4" fill="#00ff00"/>
  </g>
</svg>
`

// TestSVGArtworkDrawsInItsBox: an svg: item is drawn scaled into its box
// (20 mm drawn in a 40 mm box), in the PNG and in the PDF (read back by
// pdfium); outside the box the page stays white; the frame rect is not
// drawn.
func TestSVGArtworkDrawsInItsBox(t *testing.T) {
	dir := svgTemplate(t, "  - svg: art.svg\n    box: {x: 10, y: 20, w: 40, h: 40}\n",
		"  - {id: body, style: body}\n", artSVG)
	tm, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	s, _, err := layout.Page(tm, layout.Blank, nil, text.NewEngine(fonts.Default()), layout.Options{})
	if err != nil {
		t.Fatal(err)
	}
	const dpi = 127 // 5 px per mm
	var pngData, pdfData bytes.Buffer
	if err := export.Write(&pngData, export.PNG, s, export.Options{DPI: dpi}); err != nil {
		t.Fatal(err)
	}
	if err := export.Write(&pdfData, export.PDF, s, export.Options{}); err != nil {
		t.Fatal(err)
	}
	pngImg, err := png.Decode(&pngData)
	if err != nil {
		t.Fatal(err)
	}
	pdfImg := pdfcheck.Open(t, pdfData.Bytes()).Render(0, int(dpi), false)
	red, white := color.RGBA{255, 0, 0, 255}, color.RGBA{255, 255, 255, 255}
	for _, c := range []struct {
		x, y float64 // mm
		want color.RGBA
	}{
		{11, 21, red}, {49, 59, red}, {30, 40, red}, // inside the box; the frame (22..42, 32..40) not drawn
		{9, 30, white}, {51, 30, white}, {30, 19, white}, {30, 61, white}, {80, 80, white},
	} {
		for name, img := range map[string]image.Image{"png": pngImg, "pdf": pdfImg} {
			px, py := int(c.x*5), int(c.y*5)
			r, g, b, _ := img.At(px, py).RGBA()
			got := color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 255}
			if diff(got.R, c.want.R) > 8 || diff(got.G, c.want.G) > 8 || diff(got.B, c.want.B) > 8 {
				t.Errorf("%s at (%g, %g) mm: %v, want %v", name, c.x, c.y, got, c.want)
			}
		}
	}
}

func diff(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}

// TestSVGFrameTakesTheDrawingsBox: a frame listed without a box takes the
// box its drawing marks, through the rect's transforms and the drawing's
// placement (scaled 2× into a 40 mm box at 10, 20); a box in layout.yaml
// overrides it; without box:, the drawing keeps its own size at x, y.
func TestSVGFrameTakesTheDrawingsBox(t *testing.T) {
	for _, c := range []struct {
		name, artwork, frames string
		want                  geom.Rect
	}{
		{"placed in a box", "  - svg: art.svg\n    box: {x: 10, y: 20, w: 40, h: 40}\n", "  - {id: body, style: body}\n",
			geom.Rect{X: 22, Y: 32, W: 20, H: 8}},
		{"centred in a wide box", "  - svg: art.svg\n    box: {x: 0, y: 0, w: 60, h: 20}\n", "  - {id: body, style: body}\n",
			geom.Rect{X: 26, Y: 6, W: 10, H: 4}},
		{"own size at x, y", "  - svg: art.svg\n    box: {x: 5, y: 7}\n", "  - {id: body, style: body}\n",
			geom.Rect{X: 11, Y: 13, W: 10, H: 4}},
		{"own size at the trim's corner", "  - svg: art.svg\n", "  - {id: body, style: body}\n",
			geom.Rect{X: 6, Y: 6, W: 10, H: 4}},
		{"the YAML box wins", "  - svg: art.svg\n", "  - {id: body, style: body, box: {x: 50, y: 50, w: 30, h: 20}}\n",
			geom.Rect{X: 50, Y: 50, W: 30, H: 20}},
	} {
		t.Run(c.name, func(t *testing.T) {
			tm, err := Open(svgTemplate(t, c.artwork, c.frames, artSVG))
			if err != nil {
				t.Fatal(err)
			}
			got := tm.Frames[0].Box
			const eps = 1e-9
			if d := (geom.Rect{X: got.X - c.want.X, Y: got.Y - c.want.Y, W: got.W - c.want.W, H: got.H - c.want.H}); max(d.X, -d.X, d.Y, -d.Y, d.W, -d.W, d.H, -d.H) > eps {
				t.Errorf("frame box %+v, want %+v", got, c.want)
			}
		})
	}
}

// TestSVGArtworkErrors: what is wrong with an svg: item is reported with
// layout.yaml's file, line and field.
func TestSVGArtworkErrors(t *testing.T) {
	const item = "  - svg: art.svg\n    box: {x: 10, y: 20, w: 40, h: 40}\n"
	for _, c := range []struct {
		name, artwork, frames, svg string
		setup                      func(dir string)
		want                       string
	}{
		{"missing file", item, "  - {id: body, style: body, box: {x: 0, y: 0, w: 10, h: 10}}\n", "", nil,
			`mine/layout.yaml:9: artwork[1].svg: cannot read "art.svg" from the template folder or assets/`},
		{"outside the folder", "  - svg: ../art.svg\n", "  - {id: body, style: body, box: {x: 0, y: 0, w: 10, h: 10}}\n", "", nil,
			`mine/layout.yaml:9: artwork[1].svg: "../art.svg" must be a relative path inside the template folder or assets/`},
		{"linked outside the folder", item, "  - {id: body, style: body, box: {x: 0, y: 0, w: 10, h: 10}}\n", "", func(dir string) {
			os.WriteFile(filepath.Join(dir, "..", "secret.svg"), []byte(artSVG), 0o644)
			os.Symlink("../secret.svg", filepath.Join(dir, "art.svg"))
		}, `mine/layout.yaml:9: artwork[1].svg: mine/art.svg: outside the template folder`},
		{"not SVG", item, "  - {id: body, style: body, box: {x: 0, y: 0, w: 10, h: 10}}\n", "hello", nil,
			`mine/layout.yaml:9: artwork[1].svg: svg: mine/art.svg`},
		{"a drawing frame with no entry", item, "  - {id: other, style: body, box: {x: 0, y: 0, w: 10, h: 10}}\n", artSVG, nil,
			`mine/layout.yaml:9: artwork[1].svg: mine/art.svg: line 4: the drawing marks frame "body", which frames: does not list`},
		{"a frame with no box and no drawing frame", "", "  - {id: body, style: body}\n", "", nil,
			`mine/layout.yaml:10: frames[0]: missing box (no SVG artwork marks a frame "body")`},
		{"a box with w and no h", "  - svg: art.svg\n    box: {x: 10, y: 20, w: 40}\n", "  - {id: body, style: body}\n", artSVG, nil,
			`mine/layout.yaml:10: artwork[1].box.h: missing`},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := svgTemplate(t, c.artwork, c.frames, c.svg)
			if c.setup != nil {
				c.setup(dir)
			}
			_, err := Open(dir)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v\nwant %s", err, c.want)
			}
		})
	}
}

// TestValidateListsSVGWarnings: what an SVG drawing holds that is not
// drawn is a warning of validate, with the SVG file, its line and element.
func TestValidateListsSVGWarnings(t *testing.T) {
	const withText = `<svg xmlns="http://www.w3.org/2000/svg" width="20mm" height="20mm" viewBox="0 0 20 20">
  <rect width="20" height="20" fill="#ff0000"/>
  <text x="2" y="10">Hello</text>
</svg>
`
	dir := svgTemplate(t, "  - svg: art.svg\n", "  - {id: body, style: body, box: {x: 30, y: 30, w: 60, h: 20}}\n", withText)
	tm, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	var warns []string
	for _, f := range layout.Validate(tm, text.NewEngine(fonts.Default())) {
		if f.Severity == layout.Error {
			t.Errorf("error: %v", f)
		}
		warns = append(warns, f.String())
	}
	want := "warning: mine/art.svg:3: <text>: text is not imported"
	if len(warns) != 1 || !strings.HasPrefix(warns[0], want) {
		t.Errorf("validate says %q, want one warning %q…", warns, want)
	}
}
