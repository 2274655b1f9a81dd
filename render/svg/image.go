package svg

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"io/fs"
	"net/url"
	"path"
	"strings"

	"posterkit/render/geom"
	"posterkit/render/scene"
)

// image draws an image element: a PNG or JPEG from a data: URI or a file
// inside the folder, placed in its viewport as preserveAspectRatio says.
func (cv *converter) image(n *node, c *ctx) []scene.Item {
	if v, _ := c.prop("visibility", nil); v == "hidden" || v == "collapse" {
		return nil
	}
	href := strings.TrimSpace(n.attrs["href"])
	if href == "" {
		return nil
	}
	data, err := cv.imageData(href)
	if err != nil {
		cv.warn(n, err.Error())
		return nil
	}
	var cfg image.Config
	var format string
	switch {
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		format = "png"
		cfg, err = png.DecodeConfig(bytes.NewReader(data))
	case bytes.HasPrefix(data, []byte("\xff\xd8")):
		format = "jpeg"
		cfg, err = jpeg.DecodeConfig(bytes.NewReader(data))
	default:
		cv.warn(n, "image is neither PNG nor JPEG (SVG and other images are not imported)")
		return nil
	}
	if err != nil {
		cv.warn(n, fmt.Sprintf("image: %v", err))
		return nil
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > maxImagePixels/cfg.Height {
		cv.fail(fmt.Errorf("%w: %s: line %d: image of %d × %d pixels is empty or more than %d", ErrLimit, cv.name, n.line, cfg.Width, cfg.Height, maxImagePixels))
		return nil
	}
	iw, ih := float64(cfg.Width), float64(cfg.Height)
	x := cv.lengthAttr(n, "x", c, horizontal, 0)
	y := cv.lengthAttr(n, "y", c, vertical, 0)
	w := cv.lengthAttr(n, "width", c, horizontal, -1)
	h := cv.lengthAttr(n, "height", c, vertical, -1)
	switch {
	case w < 0 && h < 0:
		w, h = iw, ih
	case w < 0:
		w = h * iw / ih
	case h < 0:
		h = w * ih / iw
	}
	if !(w > 0 && h > 0) {
		return nil
	}
	par := n.attrs["preserveAspectRatio"]
	m := viewBoxTransform(scene.Rect{W: iw, H: ih}, par, x, y, w, h)
	box := scene.Rect{X: m.E, Y: m.F, W: iw * m.A, H: ih * m.D}
	im := &scene.Image{Box: box, Format: format, Data: data, Name: cv.name + ": " + shortHref(href), Opacity: 1}
	if strings.Contains(par, "slice") {
		return []scene.Item{&scene.Group{Items: []scene.Item{im}, Transform: scene.Identity, Opacity: 1,
			Clip: &scene.Clip{Shapes: []scene.ClipShape{{Path: geom.Rectangle(geom.Rect{X: x, Y: y, W: w, H: h})}}}}}
	}
	return []scene.Item{im}
}

func shortHref(h string) string {
	if len(h) > 40 {
		return h[:40] + "…"
	}
	return h
}

// imageData returns the bytes an image href names. Only data: URIs and
// relative paths inside Options.Files are read; anything else (network
// URLs, absolute paths, paths leaving the folder) is an error wrapping
// ErrUnsafe.
func (cv *converter) imageData(href string) ([]byte, error) {
	if strings.HasPrefix(href, "data:") {
		meta, payload, ok := strings.Cut(href[5:], ",")
		if !ok {
			return nil, fmt.Errorf("image: malformed data: URI")
		}
		if strings.HasSuffix(meta, ";base64") {
			// Base64 in SVG often has line breaks and spaces.
			clean := strings.Map(func(r rune) rune {
				if r == ' ' || r == '\n' || r == '\r' || r == '\t' {
					return -1
				}
				return r
			}, payload)
			b, err := base64.StdEncoding.DecodeString(clean)
			if err != nil {
				b, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(clean, "="))
			}
			if err != nil {
				return nil, fmt.Errorf("image: data: URI: %v", err)
			}
			return b, nil
		}
		s, err := url.PathUnescape(payload)
		if err != nil {
			return nil, fmt.Errorf("image: data: URI: %v", err)
		}
		return []byte(s), nil
	}
	if i := strings.IndexByte(href, ':'); i > 0 && !strings.ContainsAny(href[:i], "/.") {
		err := fmt.Errorf("%w: image %q: only data: URIs and files in the folder are read, never the network or other schemes", ErrUnsafe, shortHref(href))
		cv.fail(fmt.Errorf("svg: %s: %w", cv.name, err))
		return nil, err
	}
	if u, err := url.PathUnescape(href); err == nil {
		href = u
	}
	dir := cv.opts.Dir
	if dir == "" {
		dir = "."
	}
	p := path.Join(dir, href)
	if strings.HasPrefix(href, "/") || !fs.ValidPath(p) {
		err := fmt.Errorf("%w: image %q is outside the folder", ErrUnsafe, shortHref(href))
		cv.fail(fmt.Errorf("svg: %s: %w", cv.name, err))
		return nil, err
	}
	if cv.opts.Files == nil {
		return nil, fmt.Errorf("image %q: no folder to read files from", href)
	}
	f, err := cv.opts.Files.Open(p)
	if err != nil {
		return nil, fmt.Errorf("image %q: %v", href, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return nil, fmt.Errorf("image %q is not a regular file", href)
	}
	b, err := io.ReadAll(io.LimitReader(f, maxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("image %q: %v", href, err)
	}
	if len(b) > maxFileBytes {
		cv.fail(fmt.Errorf("%w: %s: image %q is more than %d bytes", ErrLimit, cv.name, href, maxFileBytes))
		return nil, fmt.Errorf("image %q too large", href)
	}
	return b, nil
}
