package raster

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"image/jpeg"
	"image/png"
	"math"
	"strings"

	xdraw "golang.org/x/image/draw"
	"golang.org/x/image/math/f64"

	"posterkit/render/scene"
)

// maxImagePixels bounds a decoded image: 1<<26 pixels (256 MiB as RGBA) is
// above the frame of a 60 Mpx camera; larger files are refused before
// decoding rather than risk exhausting memory.
const maxImagePixels = 1 << 26

// ErrImage is wrapped by Rasterize's errors for image data it cannot use.
// The error names the image.
var ErrImage = errors.New("raster: bad image")

// defaultResample is the filter images are scaled with, after any box
// reduction.
// BenchmarkImageScale, whole Rasterize calls on a 3100×2100 px page:
//
//	                                 CatmullRom  ApproxBiLinear
//	1500×1000 photo into 3000×2000   1.9 s       0.31 s
//	4000×3000 photo into 1000×750    0.77 s      0.56 s (mostly decoding)
//
// CatmullRom through Transform weighs 16 source pixels per output pixel
// (about 300 ns): a full-page photo on an A2 poster at 300 dpi would take
// some 10 s. Its sharper enlargement does not show in print at 300 dpi;
// reductions are box-filtered first (see reduce), so bilinear sampling
// does not alias.
func defaultResample() xdraw.Interpolator { return xdraw.ApproxBiLinear }

// imageBuffers holds pixels reused from image to image in one Rasterize
// call.
type imageBuffers struct {
	scaled []byte // the visible part of a scaled image, before opacity
	// decoded holds each image as decoded and reduced, while bands
	// remain that it reaches into; format holds its checked format.
	decoded map[*scene.Image]image.Image
	format  map[*scene.Image]string
}

// drawImage decodes an image and draws it scaled into its box. An image
// that is off the page is checked (its header) but not decoded.
func (r *renderer) drawImage(im *scene.Image) error {
	a := im.Opacity
	if !(a > 0) { // also NaN
		return nil
	}
	a = min(a, 1)
	b0 := vec{(im.Box.X - r.ox) * r.k, (im.Box.Y - r.oy) * r.k}
	b1 := vec{(im.Box.X + im.Box.W - r.ox) * r.k, (im.Box.Y + im.Box.H - r.oy) * r.k}
	if !b0.valid() || !b1.valid() || !(b1.x > b0.x && b1.y > b0.y) {
		return nil
	}
	format, ok := r.img.format[im]
	if !ok {
		var err error
		if format, err = checkImage(im); err != nil {
			return err
		}
		if r.img.format == nil {
			r.img.format, r.img.decoded = map[*scene.Image]string{}, map[*scene.Image]image.Image{}
		}
		r.img.format[im] = format
	}
	box := image.Rect(int(math.Floor(b0.x)), int(math.Floor(b0.y)), int(math.Ceil(b1.x)), int(math.Ceil(b1.y)))
	vis := box.Intersect(r.dst.Bounds())
	if vis.Empty() {
		return nil
	}
	src, ok := r.img.decoded[im]
	if !ok {
		m, err := decodeImage(im, format)
		if err != nil {
			return err
		}
		src = reduce(m, (b1.x-b0.x)/float64(m.Bounds().Dx()), (b1.y-b0.y)/float64(m.Bounds().Dy()))
		r.img.decoded[im] = src
	}
	if box.Max.Y <= r.dst.Bounds().Max.Y {
		delete(r.img.decoded, im) // no band below needs it
	}
	sr := src.Bounds()
	sx, sy := (b1.x-b0.x)/float64(sr.Dx()), (b1.y-b0.y)/float64(sr.Dy())
	// Maps source pixel coordinates onto the box, in image pixels.
	s2d := f64.Aff3{sx, 0, b0.x - float64(sr.Min.X)*sx, 0, sy, b0.y - float64(sr.Min.Y)*sy}
	if a == 1 {
		r.resample.Transform(r.dst, s2d, src, sr, xdraw.Over, nil)
		return nil
	}
	// With opacity, scale the visible part first, then fade it: for
	// premultiplied pixels that is multiplying all four channels.
	n := 4 * vis.Dx() * vis.Dy()
	if cap(r.img.scaled) < n {
		r.img.scaled = make([]byte, n)
	}
	tmp := &image.RGBA{Pix: r.img.scaled[:n], Stride: 4 * vis.Dx(), Rect: vis}
	clear(tmp.Pix)
	r.resample.Transform(tmp, s2d, src, sr, xdraw.Src, nil)
	fade := uint32(math.Round(a * 0x10000))
	for i, v := range tmp.Pix {
		tmp.Pix[i] = uint8((uint32(v)*fade + 0x8000) >> 16)
	}
	draw.Draw(r.dst, vis, tmp, vis.Min, draw.Over)
	return nil
}

func imageError(im *scene.Image, err error) error {
	return fmt.Errorf("%w %q: %v", ErrImage, im.Name, err)
}

// checkImage reads the image's header and returns its format.
func checkImage(im *scene.Image) (string, error) {
	format := strings.ToLower(im.Format)
	switch format {
	case "jpg":
		format = "jpeg"
	case "":
		// Not said: tell by the file's signature.
		switch {
		case bytes.HasPrefix(im.Data, []byte("\x89PNG\r\n\x1a\n")):
			format = "png"
		case bytes.HasPrefix(im.Data, []byte("\xff\xd8")):
			format = "jpeg"
		}
	}
	var cfg image.Config
	var err error
	switch format {
	case "png":
		cfg, err = png.DecodeConfig(bytes.NewReader(im.Data))
	case "jpeg":
		cfg, err = jpeg.DecodeConfig(bytes.NewReader(im.Data))
	default:
		return "", imageError(im, fmt.Errorf("format %q is neither PNG nor JPEG", im.Format))
	}
	if err != nil {
		return "", imageError(im, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > maxImagePixels/cfg.Height {
		return "", imageError(im, fmt.Errorf("%d×%d pixels is empty or more than %d", cfg.Width, cfg.Height, maxImagePixels))
	}
	return format, nil
}

// decodeImage decodes the image into an *image.RGBA or, for PNGs with
// straight alpha, an *image.NRGBA: the types the scaler has fast paths for.
func decodeImage(im *scene.Image, format string) (image.Image, error) {
	var m image.Image
	var err error
	if format == "png" {
		m, err = png.Decode(bytes.NewReader(im.Data))
	} else {
		m, err = jpeg.Decode(bytes.NewReader(im.Data))
	}
	if err != nil {
		return nil, imageError(im, err)
	}
	switch m.(type) {
	case *image.RGBA, *image.NRGBA:
		return m, nil
	}
	return toRGBA(m), nil
}

func toRGBA(m image.Image) *image.RGBA {
	b := m.Bounds()
	out := image.NewRGBA(image.Rectangle{Max: b.Size()})
	draw.Draw(out, out.Rect, m, b.Min, draw.Src)
	return out
}

// reduce shrinks m by whole factors with a box filter when it is to be
// drawn at under half its size (sx, sy are the scale factors), so that the
// resampling filter then spans a few source pixels, not dozens: the result
// is between one and two times the size it will be drawn at.
func reduce(m image.Image, sx, sy float64) image.Image {
	b := m.Bounds()
	// min before int: 1/sx may be beyond int's range for a tiny box.
	fx := max(1, int(min(1/sx, float64(b.Dx()))))
	fy := max(1, int(min(1/sy, float64(b.Dy()))))
	if fx == 1 && fy == 1 {
		return m
	}
	src, ok := m.(*image.RGBA) // averaging needs premultiplied pixels
	if !ok {
		src = toRGBA(m)
	}
	b = src.Bounds()
	w, h := (b.Dx()+fx-1)/fx, (b.Dy()+fy-1)/fy
	out := image.NewRGBA(image.Rect(0, 0, w, h))
	sum := make([]uint64, 4*w) // up to maxImagePixels·255 per pixel
	for oy := range h {
		clear(sum)
		y0, y1 := b.Min.Y+oy*fy, min(b.Min.Y+(oy+1)*fy, b.Max.Y)
		for y := y0; y < y1; y++ {
			row := src.Pix[src.PixOffset(b.Min.X, y):]
			for x := range b.Dx() {
				s := sum[4*(x/fx):]
				p := row[4*x : 4*x+4]
				s[0] += uint64(p[0])
				s[1] += uint64(p[1])
				s[2] += uint64(p[2])
				s[3] += uint64(p[3])
			}
		}
		dst := out.Pix[oy*out.Stride:]
		for ox := range w {
			n := uint64((min((ox+1)*fx, b.Dx()) - ox*fx) * (y1 - y0))
			for c := range 4 {
				dst[4*ox+c] = uint8((sum[4*ox+c] + n/2) / n)
			}
		}
	}
	return out
}
