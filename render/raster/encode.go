package raster

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/draw"
	"io"
	"math"

	"posterkit/render/scene"
)

// Compression is how hard Write compresses: time against file size. The
// pixels are the same at every level.
type Compression int

// The zero Compression is DefaultCompression.
const (
	DefaultCompression Compression = iota
	FastCompression
	BestCompression
)

// deflater returns the deflate level and zlib header of c.
//
// Before deflate, rows are filtered Up (see pngWriter); image/png's
// per-row choice of filter cost more than the compression itself on a
// 35-megapixel poster. The levels are klauspost/compress/flate's. On the
// bundled poster at 300 dpi (7 pages of 5031×7087 px; BenchmarkEncodePoster
// on a shared 2-core machine, drawing included, CPU time for the 7 pages):
//
//	                                          CPU      size a page
//	compress/flate BestSpeed, one stream      (before) 1.93 MB
//	fast (level 1)                            ~3.0 s   2.26 MB
//	default (level 2)                         ~3.3 s   2.14 MB
//	best (level 9)                            ~5× fast 1.70 MB
//
// A poster's PNG goes to a printer or a proof viewer, where seconds per
// page matter more than a tenth of its size; best is for sending files.
func (c Compression) deflater() (deflater, error) {
	// FLEVEL in the zlib header (RFC 1950, 2.2) only informs; each header
	// is 0x78 (deflate, 32K window), then FLG with FCHECK making it a
	// multiple of 31.
	switch c {
	case FastCompression:
		return deflater{level: 1, header: [2]byte{0x78, 0x01}}, nil
	case DefaultCompression:
		return deflater{level: 2, header: [2]byte{0x78, 0x5e}}, nil
	case BestCompression:
		return deflater{level: 9, header: [2]byte{0x78, 0xda}}, nil
	}
	return deflater{}, fmt.Errorf("raster: unknown PNG compression %d", int(c))
}

// Write draws s at dpi (pixels per inch) and writes it to w as a PNG of
// colour type 2 (8-bit RGB, no alpha) with a pHYs chunk stating the same
// dpi as pixels per metre, so that viewers and print tools know the
// intended size. The resolution is given once, so the pHYs always matches
// the image.
//
// The page is drawn and written in bands of rows (bandRows), so memory
// stays within WriteBytes whatever the page's size; the pixels are those
// Rasterize returns.
func Write(w io.Writer, s *scene.Scene, dpi float64, c Compression) error {
	return (*Backdrops)(nil).Write(w, s, dpi, c)
}

// Write is raster.Write, copying the bands of s's backdrop that b keeps
// from a page drawn before, and keeping those it draws (see Backdrops).
// The file is the same as raster.Write's. A nil b keeps nothing.
func (b *Backdrops) Write(w io.Writer, s *scene.Scene, dpi float64, c Compression) error {
	r, err := newRenderer(s, dpi)
	if err != nil {
		return err
	}
	defer r.release()
	if b != nil {
		r.backdrops = b
		r.backdrop, r.backdropKey = r.backdropOf(s.Items)
		defer b.release(r.backdropKey, r)
	}
	return r.write(w, dpi, c, bandRows(r.page.Dx()))
}

// write draws the page in bands of rows and streams them to w.
func (r *renderer) write(w io.Writer, dpi float64, c Compression, rows int) error {
	return writeBands(w, r.page.Size(), dpi, c, rows, r.drawBand)
}

// writeBands writes a PNG of size pixels at dpi, drawing each band of rows
// with draw.
func writeBands(w io.Writer, size image.Point, dpi float64, c Compression, rows int, draw func(*image.RGBA) error) error {
	ppm := math.Round(dpi / 0.0254)
	if !(ppm >= 1 && ppm <= math.MaxUint32) {
		return fmt.Errorf("%w: %g dpi", ErrSize, dpi)
	}
	d, err := c.deflater()
	if err != nil {
		return err
	}
	pw := newPNGWriter(w, size, uint32(ppm), d)
	for y := 0; y < size.Y; y += rows {
		n := min(rows, size.Y-y)
		j := pw.next(n)
		band := &image.RGBA{Pix: j.pix, Stride: 4 * size.X, Rect: image.Rect(0, y, size.X, y+n)}
		if err := draw(band); err != nil {
			pw.abort()
			return err
		}
		if err := pw.send(j); err != nil {
			pw.abort()
			return fmt.Errorf("raster: writing PNG: %w", err)
		}
	}
	if err := pw.close(); err != nil {
		return fmt.Errorf("raster: writing PNG: %w", err)
	}
	return nil
}

// encode writes img as Write's PNG. An image that is not an opaque
// *image.RGBA is first composited onto white, as paper would show it.
// (Write does not need this: its pages are opaque as drawn.)
func encode(w io.Writer, img image.Image, dpi float64, c Compression) error {
	m, ok := img.(*image.RGBA)
	if !ok || !m.Opaque() {
		b := img.Bounds()
		m = image.NewRGBA(b)
		fillWhite(m.Pix)
		draw.Draw(m, b, img, b.Min, draw.Over)
	}
	b := m.Bounds()
	return writeBands(w, b.Size(), dpi, c, bandRows(b.Dx()), func(band *image.RGBA) error {
		for y := band.Rect.Min.Y; y < band.Rect.Max.Y; y++ {
			copy(band.Pix[band.PixOffset(0, y):][:4*b.Dx()], m.Pix[m.PixOffset(b.Min.X, b.Min.Y+y):])
		}
		return nil
	})
}

const pngSignature = "\x89PNG\r\n\x1a\n"

// physChunk returns a pHYs chunk: pixels per unit on x and y, and unit 1,
// the metre. https://www.w3.org/TR/png-3/#11pHYs
func physChunk(ppm uint32) []byte {
	c := make([]byte, 0, 4+4+9+4)
	c = binary.BigEndian.AppendUint32(c, 9)
	c = append(c, "pHYs"...)
	c = binary.BigEndian.AppendUint32(c, ppm)
	c = binary.BigEndian.AppendUint32(c, ppm)
	c = append(c, 1)
	return binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE(c[4:]))
}
