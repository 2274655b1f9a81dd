package raster

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"io"
	"runtime"
	"sync"

	"github.com/klauspost/compress/flate"
)

// Banding limits.
const (
	// bandBytes is the RGBA memory of one band of the page. Write holds
	// one band being drawn and up to GOMAXPROCS being compressed, so a
	// page costs a few times this whatever its size. On the bundled poster
	// (A2 at 300 dpi, 5031 px wide: 416-row bands), 2 MiB … 32 MiB are
	// within the noise of each other; smaller bands lose some compression
	// at their joins, larger ones only cost memory.
	bandBytes = 8 << 20

	// minBandRows is the fewest rows a band has, however wide the page:
	// with maxWidth, 4·2^17·16 bytes = 8 MiB.
	minBandRows = 16
)

// bandRows is the height of Write's bands for a page width px wide.
func bandRows(width int) int {
	return max(minBandRows, bandBytes/(4*width))
}

// WriteBytes is the memory Write holds for a page of size pixels, beyond
// what the scene and its fonts and images hold: the bands in flight, and
// their compressed data, at most about their size for poster art.
func WriteBytes(size image.Point) int64 {
	band := int64(4) * int64(size.X) * int64(min(size.Y, bandRows(size.X)))
	inflight := int64(runtime.GOMAXPROCS(0)) + 1
	return inflight*2*band + maxGlyphCache + maxCarry
}

// deflater is one zlib level's raw deflate, with a header to match.
type deflater struct {
	level  int
	header [2]byte // CMF and FLG (RFC 1950, section 2.2), FLEVEL per level
}

// pngWriter streams an opaque page as an 8-bit RGB PNG with a pHYs chunk
// (https://www.w3.org/TR/png-3/), band by band: each band's rows are
// filtered (Up: each byte minus the one above; poster art is large flat
// areas, for which it does as well as image/png's per-row choice at a
// fraction of the time) and deflated on its own goroutine, as pigz does:
// every band ends in a sync flush, so the pieces join into one deflate
// stream, and their Adler-32 sums combine (adler32Combine).
type pngWriter struct {
	w        *bufio.Writer
	idat     *idatWriter
	d        deflater
	width    int
	inflight int // bands being compressed at most at once

	pending []*bandJob
	free    []*bandJob // jobs whose buffers can be reused
	prev    []byte     // the RGBA row above the next band; nil above the first
	adler   uint32
	err     error
}

// bandJob is one band's pixels and, once done is closed, its deflated rows.
type bandJob struct {
	pix  []byte // RGBA rows of the band
	prev []byte // the RGBA row above, or nil
	rows int

	done  chan struct{}
	filt  []byte // the filtered rows, reused
	out   bytes.Buffer
	adler uint32
	n     int // bytes of filtered rows
	err   error
}

var flaters = map[int]*sync.Pool{}
var flatersMu sync.Mutex

// flater returns a pooled raw deflate writer of level, reset to w. Writers
// hold some hundreds of KB of tables: pooled, each band does not make one.
func flater(level int, w io.Writer) (*flate.Writer, error) {
	flatersMu.Lock()
	p := flaters[level]
	if p == nil {
		p = &sync.Pool{}
		flaters[level] = p
	}
	flatersMu.Unlock()
	if fw, ok := p.Get().(*flate.Writer); ok {
		fw.Reset(w)
		return fw, nil
	}
	return flate.NewWriter(w, level)
}

func putFlater(level int, fw *flate.Writer) {
	flatersMu.Lock()
	p := flaters[level]
	flatersMu.Unlock()
	p.Put(fw)
}

func newPNGWriter(w io.Writer, size image.Point, ppm uint32, d deflater) *pngWriter {
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.WriteString(pngSignature)
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(size.X))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(size.Y))
	ihdr[8], ihdr[9] = 8, 2 // 8 bits per sample, colour type 2 (RGB)
	writeChunk(bw, "IHDR", ihdr)
	bw.Write(physChunk(ppm))
	p := &pngWriter{
		w: bw, idat: &idatWriter{w: bw, buf: make([]byte, 0, 1<<16)}, d: d,
		width: size.X, inflight: max(1, runtime.GOMAXPROCS(0)), adler: 1,
	}
	p.idat.Write(d.header[:])
	return p
}

// next returns a band of rows to fill with RGBA pixels and hand to send,
// first writing out bands so that at most inflight are being compressed.
func (p *pngWriter) next(rows int) *bandJob {
	for len(p.pending) >= p.inflight {
		p.writeNext()
	}
	var j *bandJob
	if k := len(p.free); k > 0 {
		j, p.free = p.free[k-1], p.free[:k-1]
	} else if j, _ = bandJobs.Get().(*bandJob); j == nil {
		j = &bandJob{}
	}
	n := 4 * p.width * rows
	if cap(j.pix) < n {
		j.pix = make([]byte, n)
	}
	j.pix, j.rows = j.pix[:n], rows
	return j
}

// send compresses the band's rows on another goroutine; they are written
// in order by next and close.
func (p *pngWriter) send(j *bandJob) error {
	if p.err != nil {
		p.free = append(p.free, j)
		return p.err
	}
	rowBytes := 4 * p.width
	// The row above is kept apart: its band may be reused before this one
	// is filtered.
	if p.prev == nil {
		j.prev = nil
		p.prev = make([]byte, rowBytes)
	} else {
		j.prev = append(j.prev[:0], p.prev...)
	}
	copy(p.prev, j.pix[len(j.pix)-rowBytes:])
	j.done = make(chan struct{})
	go j.run(p.d.level, p.width)
	p.pending = append(p.pending, j)
	return nil
}

// writeNext waits for the oldest band and writes it.
func (p *pngWriter) writeNext() {
	j := p.pending[0]
	p.pending = p.pending[1:]
	<-j.done
	if p.err == nil {
		if p.err = j.err; p.err == nil {
			_, p.err = p.idat.Write(j.out.Bytes())
			if p.err == nil && j.out.Cap() > 4*len(j.out.Bytes())+1<<20 {
				j.out = bytes.Buffer{} // an odd band's worth, not kept for all
			}
			p.adler = adler32Combine(p.adler, j.adler, int64(j.n))
		}
	}
	p.free = append(p.free, j)
}

// abort waits for the bands being compressed, so that none is left
// running, and drops them.
func (p *pngWriter) abort() {
	for _, q := range p.pending {
		<-q.done
	}
	p.pending = nil
	p.release()
}

// bandJobs keeps bands and their buffers from page to page: the next page
// reuses them rather than making garbage of some 50 MB a page.
var bandJobs sync.Pool

// release gives the writer's bands back to bandJobs.
func (p *pngWriter) release() {
	for _, j := range p.free {
		bandJobs.Put(j)
	}
	p.free = nil
}

// close writes the bands still pending, ends the stream and the file.
func (p *pngWriter) close() error {
	for len(p.pending) > 0 {
		p.writeNext()
	}
	if p.err != nil {
		return p.err
	}
	// An empty final block with fixed codes (RFC 1951, 3.2.6): BFINAL 1,
	// BTYPE 01, end of block.
	var tail [6]byte
	tail[0], tail[1] = 0x03, 0x00
	binary.BigEndian.PutUint32(tail[2:], p.adler)
	p.idat.Write(tail[:])
	if err := p.idat.flush(); err != nil {
		return err
	}
	writeChunk(p.w, "IEND", nil)
	p.release()
	return p.w.Flush()
}

// run filters and deflates the band.
func (j *bandJob) run(level, width int) {
	defer close(j.done)
	rowBytes := 4 * width
	line := 1 + 3*width
	j.n = j.rows * line
	if cap(j.filt) < j.n {
		j.filt = make([]byte, j.n)
	}
	filt := j.filt[:j.n]
	prev := j.prev
	for y := range j.rows {
		cur := j.pix[y*rowBytes : (y+1)*rowBytes]
		upFilter(filt[y*line:(y+1)*line], cur, prev)
		prev = cur
	}
	j.adler = adler32Sum(filt)
	j.out.Reset()
	fw, err := flater(level, &j.out)
	if err != nil {
		j.err = err
		return
	}
	if _, err := fw.Write(filt); err != nil {
		j.err = err
		return
	}
	// A sync flush ends on a byte boundary with no final block: the next
	// band's blocks follow it in the same stream.
	j.err = fw.Flush()
	putFlater(level, fw)
}

// upFilter writes to out (1+3·width bytes) the PNG row of RGBA pixels cur
// under filter Up, against the row above, prev (nil: zeros, above the
// first row).
func upFilter(out, cur, prev []byte) {
	out[0] = 2 // filter type Up
	out = out[1:]
	n := len(cur) / 4
	if prev == nil {
		prev = make([]byte, len(cur))
	}
	prev = prev[:len(cur)]
	// Two pixels at a time: bytewise subtraction within a uint64 (each
	// byte's borrow kept from the next by the high bits), then the six
	// colour bytes stored at once. The store writes two bytes past the
	// pair, which the next pair overwrites; the last pair is stored apart.
	x := 0
	for ; x+2 < n; x += 2 {
		c := binary.LittleEndian.Uint64(cur[4*x:])
		q := binary.LittleEndian.Uint64(prev[4*x:])
		const hi = 0x8080808080808080
		d := ((c | hi) - (q &^ hi)) ^ ((c ^ ^q) & hi)
		binary.LittleEndian.PutUint64(out[3*x:], d&0xffffff|(d>>32&0xffffff)<<24)
	}
	for ; x < n; x++ {
		p, q, o := cur[4*x:4*x+3], prev[4*x:4*x+3], out[3*x:3*x+3]
		o[0], o[1], o[2] = p[0]-q[0], p[1]-q[1], p[2]-q[2]
	}
}

// adler32Sum is hash/adler32.Checksum, eight bytes a step, at several
// times its speed on filtered poster rows, which are mostly runs of zeros
// (for which a step is one multiply).
func adler32Sum(b []byte) uint32 {
	const (
		mod = 65521
		// nmax is the most bytes summed before b (the running sum of a)
		// may overflow 32 bits: 255·n(n+1)/2 + (n+1)(mod−1) < 2^32.
		nmax = 5552 &^ 7
	)
	a, s := uint32(1), uint32(0)
	for len(b) > 0 {
		p := b[:min(len(b), nmax)]
		b = b[len(p):]
		for ; len(p) >= 8; p = p[8:] {
			if binary.LittleEndian.Uint64(p) == 0 {
				s += 8 * a
				continue
			}
			s += 8*a + 8*uint32(p[0]) + 7*uint32(p[1]) + 6*uint32(p[2]) + 5*uint32(p[3]) +
				4*uint32(p[4]) + 3*uint32(p[5]) + 2*uint32(p[6]) + uint32(p[7])
			a += uint32(p[0]) + uint32(p[1]) + uint32(p[2]) + uint32(p[3]) +
				uint32(p[4]) + uint32(p[5]) + uint32(p[6]) + uint32(p[7])
		}
		for _, v := range p {
			a += uint32(v)
			s += a
		}
		a %= mod
		s %= mod
	}
	return s<<16 | a
}

// adler32Combine returns the Adler-32 of the concatenation of two byte
// strings, given the sum of each and the length of the second (as zlib's
// adler32_combine; RFC 1950, section 8.2: A is 1 plus the sum of the bytes,
// B the sum of the A after each byte, both modulo 65521). Appending n bytes
// whose own sums are A2, B2 to a string of sums A1, B1 gives
// A = A1 + A2 − 1 and B = B1 + B2 + n·(A1 − 1).
func adler32Combine(sum1, sum2 uint32, n int64) uint32 {
	const mod = 65521
	rem := uint64(n % mod)
	a1, b1 := uint64(sum1&0xffff), uint64(sum1>>16)
	a2, b2 := uint64(sum2&0xffff), uint64(sum2>>16)
	a := (a1 + a2 + mod - 1) % mod
	b := (b1 + b2 + rem*a1 + mod - rem) % mod
	return uint32(b<<16 | a)
}

// writeChunk writes a chunk to w, returning w's error, which sticks.
func writeChunk(w *bufio.Writer, typ string, data []byte) error {
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
	_, err := w.Write(c[:])
	return err
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
		err := writeChunk(c.w, "IDAT", c.buf)
		c.buf = c.buf[:0]
		return err
	}
	return nil
}
