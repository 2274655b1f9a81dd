package subset

import (
	"encoding/binary"
	"slices"
)

// glyphs reads glyph data through the loca table, one lookup per glyph, so
// a 65,535-glyph font costs nothing for the glyphs it does not keep.
// https://learn.microsoft.com/en-us/typography/opentype/spec/loca
// https://learn.microsoft.com/en-us/typography/opentype/spec/glyf
type glyphs struct {
	glyf, loca []byte
	long       bool // head.indexToLocFormat 1: uint32 offsets; 0: uint16 offsets / 2
	n          int  // maxp.numGlyphs
}

func newGlyphs(glyf, loca []byte, locFormat int16, n int) (*glyphs, error) {
	g := &glyphs{glyf: glyf, loca: loca, n: n}
	switch locFormat {
	case 0:
	case 1:
		g.long = true
	default:
		return nil, malformed("head.indexToLocFormat is %d", locFormat)
	}
	entry := 2
	if g.long {
		entry = 4
	}
	if len(loca) < (n+1)*entry {
		return nil, malformed("loca table is %d bytes, too short for %d glyphs", len(loca), n)
	}
	return g, nil
}

// data returns glyph id's bytes; an empty glyph (a space) has none.
func (g *glyphs) data(id int) ([]byte, error) {
	var start, end uint64
	if g.long {
		start = uint64(binary.BigEndian.Uint32(g.loca[4*id:]))
		end = uint64(binary.BigEndian.Uint32(g.loca[4*id+4:]))
	} else {
		start = 2 * uint64(binary.BigEndian.Uint16(g.loca[2*id:]))
		end = 2 * uint64(binary.BigEndian.Uint16(g.loca[2*id+2:]))
	}
	if start > end || end > uint64(len(g.glyf)) {
		return nil, malformed("loca gives glyph %d the bytes %d to %d of a %d-byte glyf table", id, start, end, len(g.glyf))
	}
	d := g.glyf[start:end]
	if len(d) > 0 && len(d) < 10 {
		return nil, malformed("glyph %d is %d bytes, shorter than a glyph header", id, len(d))
	}
	return d, nil
}

// Composite glyph flags.
// https://learn.microsoft.com/en-us/typography/opentype/spec/glyf#composite-glyph-description
const (
	arg1And2AreWords   = 0x0001
	weHaveAScale       = 0x0008
	moreComponents     = 0x0020
	weHaveAnXAndYScale = 0x0040
	weHaveATwoByTwo    = 0x0080
	weHaveInstructions = 0x0100
)

// components calls fn with the offset in d of each component's glyphIndex
// field and its value. Simple and empty glyphs have no components. The loop
// is bounded by d: every component takes at least six bytes.
func components(d []byte, fn func(at int, gid uint16) error) error {
	if len(d) == 0 || int16(binary.BigEndian.Uint16(d)) >= 0 {
		return nil
	}
	p, instructions := 10, false
	for {
		if p+4 > len(d) {
			return malformed("composite glyph truncated in a component header")
		}
		flags := binary.BigEndian.Uint16(d[p:])
		if err := fn(p+2, binary.BigEndian.Uint16(d[p+2:])); err != nil {
			return err
		}
		p += 4
		if flags&arg1And2AreWords != 0 {
			p += 4
		} else {
			p += 2
		}
		switch {
		case flags&weHaveAScale != 0:
			p += 2
		case flags&weHaveAnXAndYScale != 0:
			p += 4
		case flags&weHaveATwoByTwo != 0:
			p += 8
		}
		if p > len(d) {
			return malformed("composite glyph truncated in a component's arguments")
		}
		instructions = instructions || flags&weHaveInstructions != 0
		if flags&moreComponents == 0 {
			break
		}
	}
	if instructions {
		if p+2 > len(d) || p+2+int(binary.BigEndian.Uint16(d[p:])) > len(d) {
			return malformed("composite glyph truncated in its instructions")
		}
	}
	return nil
}

// closure returns .notdef, gids and, recursively, the components of
// composite glyphs among them, in ascending order. Each glyph is expanded
// at most once, so cycles in malformed fonts end.
func (g *glyphs) closure(gids []uint16) ([]uint16, error) {
	kept := make([]bool, g.n)
	todo := append([]uint16{0}, gids...)
	for len(todo) > 0 {
		id := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		if kept[id] {
			continue
		}
		kept[id] = true
		d, err := g.data(int(id))
		if err != nil {
			return nil, err
		}
		err = components(d, func(_ int, c uint16) error {
			if int(c) >= g.n {
				return malformed("glyph %d has component %d, font has %d glyphs", id, c, g.n)
			}
			if !kept[c] {
				todo = append(todo, c)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	var keep []uint16
	for id, k := range kept {
		if k {
			keep = append(keep, uint16(id))
		}
	}
	return keep, nil
}

// write returns the glyf and long-format loca tables of the kept glyphs,
// each padded to four bytes, with component references renumbered.
func (g *glyphs) write(keep []uint16, newOf []uint16) (glyf, loca []byte, err error) {
	size := 0
	for _, id := range keep {
		d, err := g.data(int(id))
		if err != nil {
			return nil, nil, err
		}
		size += pad4(len(d))
	}
	// In a well-formed font glyphs do not overlap, so the subset's glyf is
	// no bigger than the original's plus padding; a font whose loca points
	// many glyphs at the same large span would otherwise make us allocate
	// gigabytes (and overflow loca's uint32 offsets).
	if size > len(g.glyf)+4*len(keep) {
		return nil, nil, malformed("glyph data overlaps: %d bytes of glyphs from a %d-byte glyf table", size, len(g.glyf))
	}
	glyf = make([]byte, 0, size)
	loca = make([]byte, 4*(len(keep)+1))
	for i, id := range keep {
		binary.BigEndian.PutUint32(loca[4*i:], uint32(len(glyf)))
		d, _ := g.data(int(id)) // checked above
		at := len(glyf)
		glyf = append(glyf, d...)
		glyf = append(glyf, make([]byte, pad4(len(d))-len(d))...)
		err := components(slices.Clip(glyf[at:at+len(d)]), func(p int, c uint16) error {
			binary.BigEndian.PutUint16(glyf[at+p:], newOf[c])
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	}
	binary.BigEndian.PutUint32(loca[4*len(keep):], uint32(len(glyf)))
	return glyf, loca, nil
}

// Composite component flags used when writing composites.
const (
	argsAreXYValues = 0x0002
)

// addComposites appends one composite glyph per entry of composites to the
// subset's glyf, loca and hmtx (as written by write and writeHmtx), with
// component IDs renumbered by newOf.
// https://learn.microsoft.com/en-us/typography/opentype/spec/glyf#composite-glyph-description
func (g *glyphs) addComposites(glyf, loca, hmtx []byte, keep, newOf []uint16, composites []Composite) ([]byte, []byte, []byte, error) {
	loca = loca[:len(loca)-4] // drop the end offset; rewritten below
	for _, cg := range composites {
		comps := cg.Components
		loca = binary.BigEndian.AppendUint32(loca, uint32(len(glyf)))
		if len(comps) == 0 {
			// An empty glyph: no glyf bytes, like a space.
			hmtx = binary.BigEndian.AppendUint16(hmtx, cg.Advance)
			hmtx = binary.BigEndian.AppendUint16(hmtx, 0)
			continue
		}
		// The bounding box is the union of the components' boxes, moved.
		var box [4]int32
		first := true
		for _, c := range comps {
			d, err := g.data(int(c.GID))
			if err != nil {
				return nil, nil, nil, err
			}
			if len(d) < 10 {
				continue // empty glyph: no outline
			}
			x0 := int32(int16(binary.BigEndian.Uint16(d[2:]))) + int32(c.DX)
			y0 := int32(int16(binary.BigEndian.Uint16(d[4:]))) + int32(c.DY)
			x1 := int32(int16(binary.BigEndian.Uint16(d[6:]))) + int32(c.DX)
			y1 := int32(int16(binary.BigEndian.Uint16(d[8:]))) + int32(c.DY)
			if first {
				box, first = [4]int32{x0, y0, x1, y1}, false
			} else {
				box = [4]int32{min(box[0], x0), min(box[1], y0), max(box[2], x1), max(box[3], y1)}
			}
		}
		clamp := func(v int32) uint16 { return uint16(int16(max(-32768, min(32767, v)))) }
		start := len(glyf)
		glyf = binary.BigEndian.AppendUint16(glyf, 0xFFFF) // numberOfContours -1: composite
		for _, v := range box {
			glyf = binary.BigEndian.AppendUint16(glyf, clamp(v))
		}
		for i, c := range comps {
			flags := uint16(arg1And2AreWords | argsAreXYValues)
			if i < len(comps)-1 {
				flags |= moreComponents
			}
			glyf = binary.BigEndian.AppendUint16(glyf, flags)
			glyf = binary.BigEndian.AppendUint16(glyf, newOf[c.GID])
			glyf = binary.BigEndian.AppendUint16(glyf, uint16(c.DX))
			glyf = binary.BigEndian.AppendUint16(glyf, uint16(c.DY))
		}
		glyf = append(glyf, make([]byte, pad4(len(glyf)-start)-(len(glyf)-start))...)
		// hmtx: the composite's own advance, the box's left side bearing.
		hmtx = binary.BigEndian.AppendUint16(hmtx, cg.Advance)
		hmtx = binary.BigEndian.AppendUint16(hmtx, clamp(box[0]))
	}
	loca = binary.BigEndian.AppendUint32(loca, uint32(len(glyf)))
	return glyf, loca, hmtx, nil
}
