package pdf_test

import (
	"bytes"
	"image"
	"image/jpeg"
	"image/png"
	"regexp"
	"testing"

	"posterkit/internal/pdfcheck"
	"posterkit/render/scene"
)

// TestImageDrawnOftenIsEmbeddedOnce draws images several times each: an
// image is one XObject however often it is drawn, whether the draws share
// its data slice (one artwork item aliased in a layout) or hold equal
// copies; different images stay apart.
func TestImageDrawnOftenIsEmbeddedOnce(t *testing.T) {
	img := image.NewNRGBA(image.Rect(0, 0, 16, 8))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 7)
	}
	var jp, pn bytes.Buffer
	jpeg.Encode(&jp, img, nil)
	png.Encode(&pn, img)
	copyJP := bytes.Clone(jp.Bytes())
	draw := func(data []byte, format string, x float64) scene.Item {
		return &scene.Image{Box: scene.Rect{X: x, Y: 10, W: 20, H: 10}, Format: format, Data: data, Name: "a." + format, Opacity: 1}
	}
	for _, c := range []struct {
		name   string
		items  []scene.Item
		images int    // image resources /Im<n>
		draws  string // the Do operators, in order
	}{
		{"one slice drawn three times", []scene.Item{draw(jp.Bytes(), "jpeg", 0), draw(jp.Bytes(), "jpeg", 30), draw(jp.Bytes(), "jpeg", 60)}, 1, "/Im1/Im1/Im1"},
		{"equal copies", []scene.Item{draw(jp.Bytes(), "jpeg", 0), draw(copyJP, "jpeg", 30)}, 1, "/Im1/Im1"},
		{"two images, alternating", []scene.Item{draw(pn.Bytes(), "png", 0), draw(jp.Bytes(), "jpeg", 30), draw(pn.Bytes(), "png", 60)}, 2, "/Im1/Im2/Im1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := &scene.Scene{Width: 200, Height: 100, Trim: scene.Rect{W: 200, H: 100}, Bleed: scene.Rect{W: 200, H: 100}, Items: c.items}
			data := write(t, s)
			// Each JPEG is one image XObject, each PNG two (its alpha is a
			// soft mask).
			if n, want := bytes.Count(data, []byte("/Subtype/Image/")), c.images+bytes.Count(data, []byte("/SMask")); n != want {
				t.Errorf("%d image XObjects, want %d", n, want)
			}
			if n := len(regexp.MustCompile(`/Im\d+ \d+ 0 R`).FindAll(data, -1)); n != c.images {
				t.Errorf("%d image resources, want %d", n, c.images)
			}
			var do []byte
			for _, m := range regexp.MustCompile(`(/Im\d+) Do`).FindAllSubmatch(bytes.Join(inflated(t, data), nil), -1) {
				do = append(do, m[1]...)
			}
			if string(do) != c.draws {
				t.Errorf("draws %s, want %s", do, c.draws)
			}
			pdfcheck.Open(t, data).Render(0, 72, false)
		})
	}
}
