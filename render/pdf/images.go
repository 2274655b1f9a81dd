package pdf

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
	"sync"

	"posterkit/render/scene"
)

// imageIndex numbers the distinct images of a page, so that an image drawn
// many times (an emblem repeated, one artwork item aliased in the layout)
// is embedded once and referenced from each place. Images are the same
// when their data is the same slice, or failing that the same bytes in the
// same format: comparing slices first spares hashing a large photo each
// time it is drawn.
type imageIndex struct {
	bySlice map[sliceID]int
	byHash  map[[sha256.Size]byte]int
}

// sliceID identifies a byte slice by where it starts and its length.
type sliceID struct {
	p      *byte
	n      int
	format string
}

// imageResource returns the number n of the image's XObject (/Im<n>),
// adding the image to d.images the first time it is drawn. Numbers count
// from 1 in the order images are first drawn, so a page that draws each
// image once is numbered as before images were shared.
func (d *doc) imageResource(im *scene.Image) int {
	x := &d.imageNo
	if x.bySlice == nil {
		x.bySlice, x.byHash = map[sliceID]int{}, map[[sha256.Size]byte]int{}
	}
	var id sliceID
	if len(im.Data) > 0 {
		id = sliceID{&im.Data[0], len(im.Data), im.Format}
		if n, ok := x.bySlice[id]; ok {
			return n
		}
	}
	h := sha256.New()
	h.Write([]byte(im.Format))
	h.Write([]byte{0})
	h.Write(im.Data)
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	n, ok := x.byHash[sum]
	if !ok {
		d.images = append(d.images, im)
		n = len(d.images)
		x.byHash[sum] = n
	}
	if id.p != nil {
		x.bySlice[id] = n
	}
	return n
}

// writeImage writes an image XObject (and its soft mask) and returns it.
func (d *doc) writeImage(im *scene.Image) (int, error) {
	ow := &d.ow
	n := ow.alloc()
	if im.CMYK != nil {
		return n, d.writeCMYKImage(n, im)
	}
	if im.Format == "jpeg" {
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(im.Data))
		if err != nil {
			return 0, fmt.Errorf("pdf: image %s: %w", im.Name, err)
		}
		cs, decode := "/DeviceRGB", ""
		switch cfg.ColorModel {
		case color.GrayModel:
			cs = "/DeviceGray"
		case color.CMYKModel:
			// Adobe's CMYK JPEGs store inverted values.
			cs, decode = "/DeviceCMYK", "/Decode[1 0 1 0 1 0 1 0]"
		}
		ow.stream(n, fmt.Sprintf("/Type/XObject/Subtype/Image/Width %d/Height %d/ColorSpace%s/BitsPerComponent 8%s/Filter/DCTDecode",
			cfg.Width, cfg.Height, cs, decode), im.Data, false)
		return n, nil
	}
	enc := pngSamples(im)
	if enc.err != nil {
		return 0, fmt.Errorf("pdf: image %s: %w", im.Name, enc.err)
	}
	smask := ""
	if enc.alpha != nil {
		m := ow.alloc()
		ow.deflated(m, fmt.Sprintf("/Type/XObject/Subtype/Image/Width %d/Height %d/ColorSpace/DeviceGray/BitsPerComponent 8", enc.w, enc.h), enc.alpha)
		smask = fmt.Sprintf("/SMask %d 0 R", m)
		d.softMasks++
	}
	ow.deflated(n, fmt.Sprintf("/Type/XObject/Subtype/Image/Width %d/Height %d/ColorSpace/DeviceRGB/BitsPerComponent 8%s", enc.w, enc.h, smask), enc.rgb)
	return n, nil
}

// encodedPNG is a PNG image's samples as a PDF image takes them: RGB and,
// unless every pixel is opaque, the alpha as a soft mask, each deflated.
type encodedPNG struct {
	once       sync.Once
	w, h       int
	rgb, alpha []byte
	err        error
}

// maxEncodedPNGs bounds the deflated samples kept for the process: every
// language of a campaign embeds the same artwork, and decoding and
// deflating it again for each PDF was most of a PDF's time. 64 MB holds
// the artwork of a campaign many times over (the bundled posters' is
// 0.3 MB); past it, images are encoded for each PDF again.
const maxEncodedPNGs = 64 << 20

// encodedPNGs caches encodedPNG by the SHA-256 of the PNG file; it is safe
// for concurrent use, and two PDFs drawing a new image at once encode it
// once.
var encodedPNGs struct {
	sync.Mutex
	m     map[[sha256.Size]byte]*encodedPNG
	bytes int
}

// pngSamples returns im's encoded samples, from the cache when it can.
func pngSamples(im *scene.Image) *encodedPNG {
	key := sha256.Sum256(im.Data)
	c := &encodedPNGs
	c.Lock()
	e, ok := c.m[key]
	if !ok {
		e = &encodedPNG{}
		// The bound is checked before the samples are known, so it
		// can be passed by the images being encoded at once, one a worker.
		if c.bytes < maxEncodedPNGs {
			if c.m == nil {
				c.m = map[[sha256.Size]byte]*encodedPNG{}
			}
			c.m[key] = e
		}
	}
	c.Unlock()
	e.once.Do(func() {
		e.encode(im.Data)
		c.Lock()
		c.bytes += len(e.rgb) + len(e.alpha)
		c.Unlock()
	})
	return e
}

func (e *encodedPNG) encode(data []byte) {
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		e.err = err
		return
	}
	r := img.Bounds()
	w, h := r.Dx(), r.Dy()
	// Non-premultiplied samples, as PDF images with a soft mask want them.
	nrgba, ok := img.(*image.NRGBA)
	if !ok || nrgba.Stride != 4*w {
		nrgba = image.NewNRGBA(image.Rect(0, 0, w, h))
		draw.Draw(nrgba, nrgba.Bounds(), img, r.Min, draw.Src)
	}
	rgb := make([]byte, 0, w*h*3)
	alpha := make([]byte, 0, w*h)
	opaque := true
	for i := 0; i+3 < len(nrgba.Pix); i += 4 {
		p := nrgba.Pix[i : i+4 : i+4]
		rgb = append(rgb, p[0], p[1], p[2])
		alpha = append(alpha, p[3])
		opaque = opaque && p[3] == 255
	}
	e.w, e.h = w, h
	e.rgb = deflate(rgb)
	if !opaque {
		e.alpha = deflate(alpha)
	}
}

// writeCMYKImage writes image n from its print inks, with its alpha as a
// DeviceGray soft mask.
func (d *doc) writeCMYKImage(n int, im *scene.Image) error {
	ow := &d.ow
	r := im.CMYK.Rect
	w, h := r.Dx(), r.Dy()
	pix := im.CMYK.Pix
	if im.CMYK.Stride != 4*w {
		pix = make([]byte, 0, 4*w*h)
		for y := r.Min.Y; y < r.Max.Y; y++ {
			pix = append(pix, im.CMYK.Pix[im.CMYK.PixOffset(r.Min.X, y):][:4*w]...)
		}
	}
	smask := ""
	if im.Alpha != nil {
		m := ow.alloc()
		ow.stream(m, fmt.Sprintf("/Type/XObject/Subtype/Image/Width %d/Height %d/ColorSpace/DeviceGray/BitsPerComponent 8", w, h), im.Alpha.Pix, true)
		smask = fmt.Sprintf("/SMask %d 0 R", m)
		d.softMasks++
	}
	ow.stream(n, fmt.Sprintf("/Type/XObject/Subtype/Image/Width %d/Height %d/ColorSpace/DeviceCMYK/BitsPerComponent 8%s", w, h, smask), pix, true)
	return nil
}
