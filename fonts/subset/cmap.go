package subset

import (
	"encoding/binary"
	"math/bits"
)

// mapping is one character of the subset's cmap: a Unicode code point and
// the new glyph ID it maps to.
type mapping struct {
	r   rune
	gid uint16
}

// readCmap returns, in ascending order of code point, every character the
// font's Unicode cmap maps to a kept glyph other than .notdef, with the
// glyph's new ID. newOf is zero for glyphs not kept. A font without a cmap,
// or without a Unicode subtable in format 4 or 12, maps nothing.
// https://learn.microsoft.com/en-us/typography/opentype/spec/cmap
func readCmap(cmap []byte, numGlyphs int, newOf []uint16) ([]mapping, error) {
	if cmap == nil {
		return nil, nil
	}
	if len(cmap) < 4 {
		return nil, malformed("cmap table is %d bytes", len(cmap))
	}
	n := int(binary.BigEndian.Uint16(cmap[2:]))
	if 4+8*n > len(cmap) {
		return nil, malformed("cmap has %d encoding records in %d bytes", n, len(cmap))
	}
	// Prefer full Unicode (3,10), then BMP (3,1), then the Unicode platform
	// (0,x), full repertoire first.
	best, bestRank := -1, 99
	for i := range n {
		rec := cmap[4+8*i:]
		pid, eid := binary.BigEndian.Uint16(rec), binary.BigEndian.Uint16(rec[2:])
		off := int64(binary.BigEndian.Uint32(rec[4:]))
		rank := 99
		switch {
		case pid == 3 && eid == 10:
			rank = 0
		case pid == 3 && eid == 1:
			rank = 1
		case pid == 0 && (eid == 4 || eid == 6):
			rank = 2
		case pid == 0 && eid != 5: // (0,5) is format 14, variation sequences
			rank = 3
		}
		if rank >= bestRank {
			continue
		}
		if off+2 > int64(len(cmap)) {
			return nil, malformed("cmap subtable (%d,%d) starts past the end of the table", pid, eid)
		}
		if f := binary.BigEndian.Uint16(cmap[off:]); f != 4 && f != 12 {
			continue
		}
		best, bestRank = int(off), rank
	}
	if best < 0 {
		return nil, nil
	}
	// The subtable runs to the end of the cmap table: format 4's uint16
	// length field is too small (and often wrong) in large fonts.
	st := cmap[best:]
	isKept := func(gid int) bool { return gid > 0 && gid < numGlyphs && newOf[gid] != 0 }
	var out []mapping
	if binary.BigEndian.Uint16(st) == 4 {
		// https://learn.microsoft.com/en-us/typography/opentype/spec/cmap#format-4-segment-mapping-to-delta-values
		if len(st) < 14 {
			return nil, malformed("cmap format 4 subtable truncated in its header")
		}
		segs := int(binary.BigEndian.Uint16(st[6:]) / 2)
		if 16+8*segs > len(st) {
			return nil, malformed("cmap format 4 subtable truncated in its %d segments", segs)
		}
		ends, starts := st[14:], st[16+2*segs:]
		deltas, rangeOffs := st[16+4*segs:], st[16+6*segs:]
		// Segments are sorted and disjoint in a valid font; clipping each
		// one to start after the last keeps a malformed font's overlapping
		// segments from being walked twice, so the whole loop visits at
		// most 65,536 code points.
		next := 0
		for i := range segs {
			end := int(binary.BigEndian.Uint16(ends[2*i:]))
			start := int(binary.BigEndian.Uint16(starts[2*i:]))
			delta := int(binary.BigEndian.Uint16(deltas[2*i:]))
			ro := int(binary.BigEndian.Uint16(rangeOffs[2*i:]))
			// 0xFFFF is a noncharacter that ends the segment list.
			for c := max(start, next); c <= end && c < 0xFFFF; c++ {
				gid := (c + delta) & 0xFFFF
				if ro != 0 {
					p := 16 + 6*segs + 2*i + ro + 2*(c-start)
					if p+2 > len(st) {
						continue
					}
					gid = int(binary.BigEndian.Uint16(st[p:]))
					if gid != 0 {
						gid = (gid + delta) & 0xFFFF
					}
				}
				if isKept(gid) {
					out = append(out, mapping{rune(c), newOf[gid]})
				}
			}
			next = max(next, end+1)
		}
		return out, nil
	}
	// https://learn.microsoft.com/en-us/typography/opentype/spec/cmap#format-12-segmented-coverage
	if len(st) < 16 {
		return nil, malformed("cmap format 12 subtable truncated in its header")
	}
	groups := int64(binary.BigEndian.Uint32(st[12:]))
	if 16+12*groups > int64(len(st)) {
		return nil, malformed("cmap format 12 subtable truncated in its %d groups", groups)
	}
	// As for format 4, groups are clipped to start after the previous one,
	// and to Unicode's last code point, so at most 0x110000 code points are
	// visited.
	next := int64(0)
	for i := range int(groups) {
		g := st[16+12*i:]
		start := int64(binary.BigEndian.Uint32(g))
		end := min(int64(binary.BigEndian.Uint32(g[4:])), 0x10FFFF)
		first := int64(binary.BigEndian.Uint32(g[8:]))
		for c := max(start, next); c <= end; c++ {
			gid := first + c - start
			if gid >= int64(numGlyphs) {
				break
			}
			if isKept(int(gid)) && c != 0xFFFF {
				out = append(out, mapping{rune(c), newOf[gid]})
			}
		}
		next = max(next, end+1)
	}
	return out, nil
}

// maxFormat4Segments is what fits a format 4 subtable's uint16 length:
// 16 header bytes and 8 bytes per segment.
const maxFormat4Segments = (0xFFFF - 16) / 8

// writeCmap returns a cmap with a (3,1) format 4 subtable for the BMP and,
// when some character is outside the BMP or the BMP needs more segments
// than format 4 holds, a (3,10) format 12 subtable for everything.
// maps is in ascending order of code point.
// https://learn.microsoft.com/en-us/typography/opentype/spec/cmap
func writeCmap(maps []mapping) []byte {
	type run struct {
		start, end rune
		gid        uint16 // of start; the run maps start+i to gid+i
	}
	// runs groups consecutive characters on consecutive glyphs, which is
	// one format 4 segment or format 12 group each.
	runs := func(maps []mapping) []run {
		var rs []run
		for _, m := range maps {
			if k := len(rs) - 1; k >= 0 && m.r == rs[k].end+1 && int(m.gid) == int(rs[k].gid)+int(m.r-rs[k].start) {
				rs[k].end = m.r
				continue
			}
			rs = append(rs, run{m.r, m.r, m.gid})
		}
		return rs
	}

	bmp := maps
	for i, m := range maps {
		if m.r > 0xFFFF {
			bmp = maps[:i]
			break
		}
	}
	segs := runs(bmp)
	full := len(bmp) < len(maps)
	if len(segs)+1 > maxFormat4Segments {
		segs, full = segs[:maxFormat4Segments-1], true
	}
	// The last segment maps 0xFFFF to .notdef, as format 4 requires.
	segs = append(segs, run{0xFFFF, 0xFFFF, 0})

	n := len(segs)
	f4 := make([]byte, 16+8*n)
	binary.BigEndian.PutUint16(f4[0:], 4)
	binary.BigEndian.PutUint16(f4[2:], uint16(len(f4)))
	binary.BigEndian.PutUint16(f4[6:], uint16(2*n))
	log2 := bits.Len(uint(n)) - 1
	binary.BigEndian.PutUint16(f4[8:], uint16(2<<log2))
	binary.BigEndian.PutUint16(f4[10:], uint16(log2))
	binary.BigEndian.PutUint16(f4[12:], uint16(2*n-(2<<log2)))
	for i, s := range segs {
		binary.BigEndian.PutUint16(f4[14+2*i:], uint16(s.end))
		binary.BigEndian.PutUint16(f4[16+2*n+2*i:], uint16(s.start))
		binary.BigEndian.PutUint16(f4[16+4*n+2*i:], uint16(int(s.gid)-int(s.start))) // mod 65536
		// idRangeOffset stays 0: every segment is a delta segment.
	}

	nSub := 1
	if full {
		nSub = 2
	}
	out := make([]byte, 4+8*nSub, 4+8*nSub+len(f4))
	binary.BigEndian.PutUint16(out[2:], uint16(nSub))
	binary.BigEndian.PutUint16(out[4:], 3)
	binary.BigEndian.PutUint16(out[6:], 1)
	binary.BigEndian.PutUint32(out[8:], uint32(len(out)))
	out = append(out, f4...)
	if !full {
		return out
	}
	groups := runs(maps)
	f12 := make([]byte, 16+12*len(groups))
	binary.BigEndian.PutUint16(f12[0:], 12)
	binary.BigEndian.PutUint32(f12[4:], uint32(len(f12)))
	binary.BigEndian.PutUint32(f12[12:], uint32(len(groups)))
	for i, g := range groups {
		binary.BigEndian.PutUint32(f12[16+12*i:], uint32(g.start))
		binary.BigEndian.PutUint32(f12[20+12*i:], uint32(g.end))
		binary.BigEndian.PutUint32(f12[24+12*i:], uint32(g.gid))
	}
	binary.BigEndian.PutUint16(out[12:], 3)
	binary.BigEndian.PutUint16(out[14:], 10)
	binary.BigEndian.PutUint32(out[16:], uint32(len(out)))
	return append(out, f12...)
}
