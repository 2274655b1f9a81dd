package raster

import (
	"image"
	"image/png"
	"io"

	xdraw "golang.org/x/image/draw"
)

// Encode is what Write does after rasterising, for tests of any image.
func Encode(w io.Writer, img image.Image, dpi float64) error {
	return encode(w, img, dpi, compression)
}

// EncodeLevel is Encode at a chosen compression level, for benchmarks.
func EncodeLevel(w io.Writer, img image.Image, dpi float64, level png.CompressionLevel) error {
	return encode(w, img, dpi, level)
}

// SetResample sets the image filter and returns a func restoring it.
func SetResample(f xdraw.Interpolator) (restore func()) {
	old := resample
	resample = f
	return func() { resample = old }
}
