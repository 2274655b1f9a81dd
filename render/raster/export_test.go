package raster

import (
	"image"
	"io"

	xdraw "golang.org/x/image/draw"

	"posterkit/render/scene"
)

// Encode writes any image as Write's PNG, for tests of the encoder.
func Encode(w io.Writer, img image.Image, dpi float64) error {
	return encode(w, img, dpi, DefaultCompression)
}

// EncodeLevel is Encode at a chosen compression, for benchmarks.
func EncodeLevel(w io.Writer, img image.Image, dpi float64, c Compression) error {
	return encode(w, img, dpi, c)
}

// WriteBands is Write in bands of rows (Write's are bandRows).
func WriteBands(w io.Writer, s *scene.Scene, dpi float64, rows int) error {
	r, err := newRenderer(s, dpi)
	if err != nil {
		return err
	}
	defer r.release()
	return r.write(w, dpi, DefaultCompression, rows)
}

// AdlerCombine is adler32Combine, for its test.
var AdlerCombine = adler32Combine

// RasterizeWith is Rasterize with images scaled by resample, for the
// benchmark that chose the default.
func RasterizeWith(s *scene.Scene, dpi float64, resample xdraw.Interpolator) (*image.RGBA, error) {
	return rasterize(s, dpi, resample)
}

// Kept returns the bytes b keeps and the bands among them, for tests.
func (b *Backdrops) Kept() (bytes int64, bands int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, p := range b.pages {
		for _, e := range p.bands {
			if e.runs != nil {
				bands++
			}
		}
	}
	return b.bytes, bands
}
