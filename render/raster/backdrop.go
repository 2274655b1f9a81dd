package raster

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"hash"
	"image"
	"math"
	"reflect"
	"sync"

	"posterkit/render/geom"
	"posterkit/render/scene"
)

// Backdrop limits.
const (
	// maxBackdropBytes bounds the run-length coded bands a Backdrops keeps.
	// The bundled poster's artwork at 300 dpi codes to 1.4 MB (its 35 Mpx
	// are flat colour but for the outlines), against 142 MB as RGBA: 32 MiB
	// keeps a campaign's templates at once, at a tenth of the memory a
	// page's bands in flight take (WriteBytes).
	maxBackdropBytes = 32 << 20

	// maxBackdropRuns is the most runs a band's coding may have, as a share
	// of its pixels: past one run in four pixels (a photograph, a
	// gradient) the coding is as large as the pixels and copying it saves
	// little over drawing, so the band is not kept.
	maxBackdropRuns = 4

	// maxHashDepth bounds the nesting of scene values hashed: groups in
	// groups in the SVG importer's output are a few deep; past it the
	// backdrop is not kept (the page is drawn whole).
	maxHashDepth = 64
)

// Backdrops keeps the artwork of pages that share it, drawn once. The pages
// of a campaign (six languages and the blank) differ only in their text,
// which a layout draws over its artwork: Write, given a Backdrops, hashes
// the items before the first that holds text (the page's backdrop) and, for
// a band whose backdrop another page drew at the same size and resolution,
// copies that band from here and draws only the rest over it. The pixels
// are those drawn without it: bands are drawn the same whatever else is
// drawn (see drawBand).
//
// Bands are kept run-length coded, which for poster art (flat colour
// between anti-aliased outlines) is a few percent of their pixels, within
// maxBackdropBytes together; when it is full, the oldest page's are
// dropped.
//
// One page draws a backdrop's bands, top to bottom: the first to need one
// (its leader); the others wait for each band it draws, until it ends. The
// first two pages of a batch start together. When both drew the bands the
// other had not finished, `posterkit render --format png` (scripts/bench.sh,
// median of 5) took from 0.9 s to 1.27 s (CPU 1.4 to 2.5 s) from one build
// to the next, as the two happened to keep in step or not; when each waited
// for whichever page was drawing a band, 1.10 s (CPU 1.77 s); with one
// leader, 1.08 s (CPU 1.74 s), alike in the builds measured. (Since
// then, tiles in fixed point: 0.80 s, CPU 1.47 s; see maxTileSide.)
//
// A Backdrops is safe for concurrent use; the zero value is not usable,
// make one with NewBackdrops.
type Backdrops struct {
	mu    sync.Mutex
	cond  *sync.Cond // on mu: a band is begun, or a leader ends
	pages map[[32]byte]*backdrop
	order [][32]byte // pages in the order they were first kept
	bytes int64
}

// NewBackdrops returns an empty Backdrops.
func NewBackdrops() *Backdrops {
	b := &Backdrops{pages: map[[32]byte]*backdrop{}}
	b.cond = sync.NewCond(&b.mu)
	return b
}

// backdrop is one page's bands, by their rows of the page.
type backdrop struct {
	bands  map[image.Rectangle]*band
	bytes  int64
	leader *renderer // the page drawing the bands; nil when none is
}

// band is a band of a backdrop: being drawn until done is closed, then its
// coding, or nil if it was not worth keeping (or did not fit, or its
// drawing failed).
type band struct {
	done chan struct{}
	runs []uint32
}

// claim finds the band of key with dst's rows for r. If it was drawn,
// claim copies it into dst and reports true; while the leader draws it, or
// has yet to, claim waits. Otherwise r leads: claim returns the band for r
// to draw dst to its backdrop and hand to keep (or to drop, if drawing
// fails); or nil when the band is known not to be kept.
func (b *Backdrops) claim(key [32]byte, r *renderer, dst *image.RGBA) (bool, *band) {
	b.mu.Lock()
	for {
		p := b.pages[key]
		if p == nil {
			p = &backdrop{bands: map[image.Rectangle]*band{}}
			b.pages[key] = p
			b.order = append(b.order, key)
		}
		if e := p.bands[dst.Rect]; e != nil {
			b.mu.Unlock()
			<-e.done
			if e.runs == nil {
				return false, nil
			}
			decodeRuns(dst.Pix, e.runs)
			return true, nil
		}
		if p.leader == nil || p.leader == r {
			p.leader = r
			e := &band{done: make(chan struct{})}
			p.bands[dst.Rect] = e
			b.cond.Broadcast()
			b.mu.Unlock()
			return false, e
		}
		b.cond.Wait() // the leader has yet to begin this band
	}
}

// release ends r's lead of key's bands, if it has it: a page still waiting
// for a band then draws it itself.
func (b *Backdrops) release(key [32]byte, r *renderer) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if p := b.pages[key]; p != nil && p.leader == r {
		p.leader = nil
		b.cond.Broadcast()
	}
}

// keep codes dst, e's band drawn to its backdrop, and ends e's drawing.
func (b *Backdrops) keep(key [32]byte, e *band, dst *image.RGBA) {
	runs := encodeRuns(dst.Pix, len(dst.Pix)/4/maxBackdropRuns)
	n := int64(4 * len(runs))
	b.mu.Lock()
	defer b.mu.Unlock()
	defer close(e.done)
	for b.bytes+n > maxBackdropBytes && len(b.order) > 1 && b.order[0] != key {
		old := b.order[0]
		b.order = b.order[1:]
		b.bytes -= b.pages[old].bytes
		delete(b.pages, old)
	}
	p := b.pages[key]
	if p == nil || b.bytes+n > maxBackdropBytes {
		return // this page alone fills it, or was dropped: the rest is drawn
	}
	e.runs = runs
	p.bytes += n
	b.bytes += n
}

// drop ends e's drawing without a band to keep: the pages waiting for it
// draw it themselves.
func (b *Backdrops) drop(e *band) { close(e.done) }

// encodeRuns codes RGBA pixels as pairs of a count and a pixel, or returns
// nil past maxRuns runs.
func encodeRuns(pix []byte, maxRuns int) []uint32 {
	var runs []uint32
	for i := 0; i+4 <= len(pix); {
		v := binary.LittleEndian.Uint32(pix[i:])
		j := i + 4
		for j+4 <= len(pix) && binary.LittleEndian.Uint32(pix[j:]) == v {
			j += 4
		}
		if len(runs) >= 2*maxRuns {
			return nil
		}
		runs = append(runs, uint32((j-i)/4), v)
		i = j
	}
	return append([]uint32(nil), runs...) // no spare capacity kept
}

// decodeRuns writes the pixels runs codes into pix.
func decodeRuns(pix []byte, runs []uint32) {
	i := 0
	for k := 0; k+1 < len(runs); k += 2 {
		n, v := int(runs[k]), runs[k+1]
		span := pix[i : i+4*n]
		binary.LittleEndian.PutUint32(span, v)
		for m := 4; m < len(span); m *= 2 {
			copy(span[m:], span[:m])
		}
		i += 4 * n
	}
}

// backdropOf returns how many of items, from the first, make the page's
// backdrop (none of them holds text), and a hash of them with everything
// else their pixels depend on. It returns 0 when there is no backdrop or
// its items cannot be hashed.
func (r *renderer) backdropOf(items []scene.Item) (int, [32]byte) {
	n := 0
	for n < len(items) && !holdsText(items[n]) {
		n++
	}
	if n == 0 {
		return 0, [32]byte{}
	}
	h := &hasher{h: sha256.New()}
	h.float(r.k)
	h.float(r.ox)
	h.float(r.oy)
	h.uint(uint64(r.page.Dx()))
	h.uint(uint64(r.page.Dy()))
	h.uint(uint64(n))
	if err := h.value(reflect.ValueOf(items[:n]), 0); err != nil {
		return 0, [32]byte{}
	}
	h.flush()
	var key [32]byte
	h.h.Sum(key[:0])
	return n, key
}

// holdsText reports whether it is or holds a glyph run.
func holdsText(it scene.Item) bool {
	switch it := it.(type) {
	case *scene.GlyphRun:
		return true
	case *scene.Group:
		if it != nil {
			for _, c := range it.Items {
				if holdsText(c) {
					return true
				}
			}
		}
	}
	return false
}

// hasher hashes scene values field by field, through reflection so that a
// field added to a scene type is hashed without a change here.
type hasher struct {
	h   hash.Hash
	buf []byte
}

var errUnhashable = errors.New("raster: value cannot be hashed")

var segmentsType = reflect.TypeFor[[]geom.Segment]()

func (h *hasher) uint(v uint64) {
	h.buf = binary.LittleEndian.AppendUint64(h.buf, v)
	if len(h.buf) >= 1<<12 {
		h.flush()
	}
}

func (h *hasher) float(f float64) { h.uint(math.Float64bits(f)) }

func (h *hasher) bytes(b []byte) {
	h.uint(uint64(len(b)))
	h.flush()
	h.h.Write(b)
}

func (h *hasher) flush() {
	h.h.Write(h.buf)
	h.buf = h.buf[:0]
}

func (h *hasher) value(v reflect.Value, depth int) error {
	if depth > maxHashDepth {
		return errUnhashable
	}
	switch v.Kind() {
	case reflect.Bool:
		if v.Bool() {
			h.uint(1)
		} else {
			h.uint(0)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		h.uint(uint64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		h.uint(v.Uint())
	case reflect.Float32, reflect.Float64:
		h.float(v.Float())
	case reflect.String:
		h.bytes([]byte(v.String()))
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			h.bytes(v.Bytes())
			return nil
		}
		if v.Type() == segmentsType && v.CanInterface() { // the bulk of artwork: hashed directly
			segs := v.Interface().([]geom.Segment)
			h.uint(uint64(len(segs)))
			for _, s := range segs {
				h.uint(uint64(s.Op))
				for _, p := range s.Pts[:s.Op.Points()] {
					h.float(p.X)
					h.float(p.Y)
				}
			}
			return nil
		}
		fallthrough
	case reflect.Array:
		h.uint(uint64(v.Len()))
		for i := range v.Len() {
			if err := h.value(v.Index(i), depth+1); err != nil {
				return err
			}
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if err := h.value(v.Field(i), depth+1); err != nil {
				return err
			}
		}
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			h.uint(0)
			return nil
		}
		h.bytes([]byte(v.Elem().Type().String()))
		return h.value(v.Elem(), depth+1)
	default: // maps, funcs, channels: no scene value has them
		return errUnhashable
	}
	return nil
}
