package pdf_test

import (
	"bytes"
	"image"
	"image/jpeg"
	"image/png"
	"regexp"
	"slices"
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

// TestPNGSamplesInEveryDocument writes the same PNGs (one translucent, one
// opaque) into several documents: each document holds the image's own
// samples (RGB, and alpha as a soft mask only when some pixel is not
// opaque), and is byte for byte the same as the first, though the samples
// are encoded once per process.
func TestPNGSamplesInEveryDocument(t *testing.T) {
	for _, c := range []struct {
		name   string
		alpha  func(i int) uint8
		smasks int
	}{
		{"translucent", func(i int) uint8 { return uint8(40 + i) }, 1},
		{"opaque", func(int) uint8 { return 255 }, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			img := image.NewNRGBA(image.Rect(0, 0, 12, 5))
			var rgb, alpha []byte
			for i := 0; i < 12*5; i++ {
				p := []uint8{uint8(i * 3), uint8(255 - i), uint8(i * 11), c.alpha(i)}
				copy(img.Pix[4*i:], p)
				rgb, alpha = append(rgb, p[:3]...), append(alpha, p[3])
			}
			var pn bytes.Buffer
			png.Encode(&pn, img)
			var first []byte
			for doc := range 3 {
				data := bytes.Clone(pn.Bytes()) // a new slice each time: found by its bytes
				s := page(&scene.Image{Box: scene.Rect{X: 20, Y: 20, W: 60, H: 25}, Format: "png", Data: data, Name: "a.png", Opacity: 1})
				out := write(t, s)
				if doc == 0 {
					first = out
					streams := inflated(t, out)
					if !slices.ContainsFunc(streams, func(b []byte) bool { return bytes.Equal(b, rgb) }) {
						t.Error("no stream holds the image's RGB samples")
					}
					hasAlpha := slices.ContainsFunc(streams, func(b []byte) bool { return bytes.Equal(b, alpha) })
					if n := bytes.Count(out, []byte("/SMask")); n != c.smasks || hasAlpha != (c.smasks > 0) {
						t.Errorf("%d soft masks (alpha samples found: %v), want %d", n, hasAlpha, c.smasks)
					}
				} else if !bytes.Equal(out, first) {
					t.Errorf("document %d differs from the first", doc+1)
				}
			}
		})
	}
}
