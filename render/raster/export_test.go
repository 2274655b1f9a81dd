package raster

import (
	"image"
	"image/png"
	"io"

	xdraw "golang.org/x/image/draw"

	"posterkit/render/scene"
)

// Encode is what Write does after rasterising, for tests of any image.
func Encode(w io.Writer, img image.Image, dpi float64) error {
	return encode(w, img, dpi, compression)
}

// EncodeLevel is Encode at a chosen compression level, for benchmarks.
func EncodeLevel(w io.Writer, img image.Image, dpi float64, level png.CompressionLevel) error {
	return encode(w, img, dpi, level)
}

// RasterizeWith is Rasterize with images scaled by resample, for the
// benchmark that chose the default.
func RasterizeWith(s *scene.Scene, dpi float64, resample xdraw.Interpolator) (*image.RGBA, error) {
	return rasterize(s, dpi, resample)
}
