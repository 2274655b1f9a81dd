package raster

import (
	"bufio"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"io"
)

// writePNG encodes an opaque RGBA image as an 8-bit RGB PNG with a pHYs
// chunk (https://www.w3.org/TR/png-3/). It exists for speed: image/png
// tries all five row filters on every row, which for a 35-megapixel
// poster costs more than the compression itself. Poster art is large flat
// areas, for which the Up filter (each byte minus the one above) does as
// well as the per-row choice: measured on the bundled poster at 300 DPI,
// BenchmarkEncodePoster, see encode.go.
func writePNG(w io.Writer, m *image.RGBA, ppm uint32, level int) error {
	b := m.Bounds()
	width, height := b.Dx(), b.Dy()
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.WriteString(pngSignature)
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(width))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(height))
	ihdr[8], ihdr[9] = 8, 2 // 8 bits per sample, colour type 2 (RGB)
	writeChunk(bw, "IHDR", ihdr)
	bw.Write(physChunk(ppm))

	cw := &idatWriter{w: bw, buf: make([]byte, 0, 1<<16)}
	zw, err := zlib.NewWriterLevel(cw, level)
	if err != nil {
		return err
	}
	prev := make([]byte, 1+3*width) // the row above, unfiltered; zero above the first
	cur := make([]byte, 1+3*width)
	out := make([]byte, 1+3*width)
	for y := 0; y < height; y++ {
		row := m.Pix[m.PixOffset(b.Min.X, b.Min.Y+y):]
		for x, j := 0, 1; x < width; x, j = x+1, j+3 {
			cur[j], cur[j+1], cur[j+2] = row[4*x], row[4*x+1], row[4*x+2]
		}
		out[0] = 2 // filter type Up
		for j := 1; j < len(cur); j++ {
			out[j] = cur[j] - prev[j]
		}
		if _, err := zw.Write(out); err != nil {
			return err
		}
		prev, cur = cur, prev
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if err := cw.flush(); err != nil {
		return err
	}
	writeChunk(bw, "IEND", nil)
	return bw.Flush()
}

func writeChunk(w *bufio.Writer, typ string, data []byte) {
	var hdr [8]byte
	binary.BigEndian.PutUint32(hdr[:4], uint32(len(data)))
	copy(hdr[4:], typ)
	w.Write(hdr[:])
	w.Write(data)
	crc := crc32.NewIEEE()
	crc.Write(hdr[4:])
	crc.Write(data)
	var c [4]byte
	binary.BigEndian.PutUint32(c[:], crc.Sum32())
	w.Write(c[:])
}

// idatWriter cuts the zlib stream into IDAT chunks of up to 64 KiB.
type idatWriter struct {
	w   *bufio.Writer
	buf []byte
}

func (c *idatWriter) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		k := min(len(p), cap(c.buf)-len(c.buf))
		c.buf = append(c.buf, p[:k]...)
		p = p[k:]
		if len(c.buf) == cap(c.buf) {
			if err := c.flush(); err != nil {
				return 0, err
			}
		}
	}
	return n, nil
}

func (c *idatWriter) flush() error {
	if len(c.buf) > 0 {
		writeChunk(c.w, "IDAT", c.buf)
		c.buf = c.buf[:0]
	}
	return nil
}
