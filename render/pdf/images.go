package pdf

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"

	"posterkit/render/scene"
)

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
	img, err := png.Decode(bytes.NewReader(im.Data))
	if err != nil {
		return 0, fmt.Errorf("pdf: image %s: %w", im.Name, err)
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
	smask := ""
	if !opaque {
		m := ow.alloc()
		ow.stream(m, fmt.Sprintf("/Type/XObject/Subtype/Image/Width %d/Height %d/ColorSpace/DeviceGray/BitsPerComponent 8", w, h), alpha, true)
		smask = fmt.Sprintf("/SMask %d 0 R", m)
		d.softMasks++
	}
	ow.stream(n, fmt.Sprintf("/Type/XObject/Subtype/Image/Width %d/Height %d/ColorSpace/DeviceRGB/BitsPerComponent 8%s", w, h, smask), rgb, true)
	return n, nil
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
