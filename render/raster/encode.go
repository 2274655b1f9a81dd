package raster

import (
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/draw"
	"image/png"
	"io"
	"math"

	"posterkit/render/scene"
)

// compression is the zlib level Write uses. BenchmarkEncodeA2, on the
// synthetic A2 poster at 300 dpi (5031×7087 px, 2 cores), as drawn and
// with a photograph over its lower half:
//
//	                            flat colour           with photo
//	image/png, Default          2.1–2.6 s, 2.10 MB    11 s, 20.6 MB
//	image/png, BestSpeed        1.8–2.0 s, 2.25 MB    3.1 s, 24.6 MB
//	writePNG (Up), BestSpeed    0.63–0.64 s, 2.36 MB  1.2–1.3 s, 24.6 MB
//
// (ranges: repeated runs on a shared machine). BestSpeed costs 7–20% in
// size and saves up to three quarters of the time; most of what remained
// was image/png's per-row filter choice, which writePNG skips for the Up
// filter at 5% more size. A poster's PNG goes to a printer or a proof
// viewer, where seconds per page matter more than a few MB. Other levels
// (kept for the benchmark) go through image/png.
const compression = png.BestSpeed

// Write draws s at dpi (pixels per inch) and writes it to w as a PNG of
// colour type 2 (8-bit RGB, no alpha) with a pHYs chunk stating the same
// dpi as pixels per metre, so that viewers and print tools know the
// intended size. The resolution is given once, so the pHYs always matches
// the image.
func Write(w io.Writer, s *scene.Scene, dpi float64) error {
	img, err := Rasterize(s, dpi)
	if err != nil {
		return err
	}
	return encode(w, img, dpi, compression)
}

// encode writes img as Write's PNG. An image that is not an opaque
// *image.RGBA is first composited onto white, as paper would show it.
func encode(w io.Writer, img image.Image, dpi float64, level png.CompressionLevel) error {
	ppm := math.Round(dpi / 0.0254)
	if !(ppm >= 1 && ppm <= math.MaxUint32) {
		return fmt.Errorf("%w: %g dpi", ErrSize, dpi)
	}
	m, ok := img.(*image.RGBA)
	if !ok || !m.Opaque() {
		b := img.Bounds()
		m = image.NewRGBA(b)
		fillWhite(m.Pix)
		draw.Draw(m, b, img, b.Min, draw.Over)
	}
	if level == compression {
		if err := writePNG(w, m, uint32(ppm), zlib.BestSpeed); err != nil {
			return fmt.Errorf("raster: writing PNG: %w", err)
		}
		return nil
	}
	pw := &physWriter{w: w, sig: len(pngSignature), phys: physChunk(uint32(ppm))}
	enc := png.Encoder{CompressionLevel: level}
	if err := enc.Encode(pw, m); err != nil {
		return fmt.Errorf("raster: writing PNG: %w", err)
	}
	if !pw.done {
		return fmt.Errorf("raster: writing PNG: encoder wrote no image data")
	}
	return nil
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

// physWriter passes a PNG stream through to w and inserts phys before the
// first IDAT chunk, where the specification requires pHYs to be. It follows
// the chunk structure as bytes arrive, so nothing is buffered but a chunk
// header.
type physWriter struct {
	w    io.Writer
	phys []byte
	done bool // phys written; the rest passes straight through

	sig  int   // signature bytes still to pass
	skip int64 // bytes of the current chunk's data and CRC still to pass
	hdr  [8]byte
	nhdr int // bytes of hdr (length and type of the next chunk) collected
}

func (p *physWriter) Write(b []byte) (int, error) {
	n := 0
	for len(b) > 0 {
		var k int
		var err error
		switch {
		case p.done:
			k, err = p.w.Write(b)
		case p.sig > 0:
			k, err = p.w.Write(b[:min(p.sig, len(b))])
			p.sig -= k
		case p.skip > 0:
			k, err = p.w.Write(b[:min(p.skip, int64(len(b)))])
			p.skip -= int64(k)
		default:
			k = copy(p.hdr[p.nhdr:], b)
			p.nhdr += k
			if p.nhdr == len(p.hdr) {
				if string(p.hdr[4:]) == "IDAT" {
					if _, err = p.w.Write(p.phys); err != nil {
						return n, err
					}
					p.done = true
				}
				_, err = p.w.Write(p.hdr[:])
				p.nhdr = 0
				p.skip = int64(binary.BigEndian.Uint32(p.hdr[:4])) + 4
			}
		}
		n += k
		b = b[k:]
		if err != nil {
			return n, err
		}
	}
	return n, nil
}
