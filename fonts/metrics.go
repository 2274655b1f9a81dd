package fonts

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"unicode/utf16"

	"posterkit/fonts/internal/sfnt"
)

// Metrics is what a PDF font descriptor and widths array need from a font
// file, read once per font from head, hhea, hmtx, OS/2, post and name
// (https://learn.microsoft.com/en-us/typography/opentype/spec/).
type Metrics struct {
	PostScriptName  string   // name ID 6, reduced to PDF-name-safe ASCII; "Font" if absent
	UnitsPerEm      float64  // head.unitsPerEm, at least 16
	BBox            [4]int16 // head: xMin yMin xMax yMax, font units
	Ascent, Descent int16    // hhea, font units (descent negative)
	CapHeight       int16    // OS/2 v2+, else the ascent
	ItalicAngle     float64  // post, degrees
	CFF             bool     // CFF outlines ('OTTO'); TrueType otherwise
	advances        []uint16 // hmtx advance widths, numberOfHMetrics long
}

// ErrMetrics is returned (wrapped) for a font whose metrics tables are
// missing or truncated.
var ErrMetrics = errors.New("malformed metrics tables")

// Metrics returns the font's metrics, reading them on first call; it is
// safe for concurrent use.
func (f *Font) Metrics() (*Metrics, error) {
	f.metricsOnce.Do(func() {
		f.metrics, f.metricsErr = readMetrics(f.Data)
		if f.metricsErr != nil {
			f.metricsErr = fmt.Errorf("fonts: %s: %w", f.Name, f.metricsErr)
		}
	})
	return f.metrics, f.metricsErr
}

func readMetrics(data []byte) (*Metrics, error) {
	version, dir, err := sfnt.Directory(data)
	if err != nil {
		return nil, err
	}
	t := sfnt.Map(dir)
	be := binary.BigEndian
	m := &Metrics{CFF: version == sfnt.VersionCFF}
	head, hhea := t["head"], t["hhea"]
	if len(head) < 54 || len(hhea) < 36 {
		return nil, fmt.Errorf("%w: head or hhea missing or short", ErrMetrics)
	}
	m.UnitsPerEm = float64(be.Uint16(head[18:]))
	// The OpenType spec allows 16 to 16384 units per em.
	if m.UnitsPerEm < 16 {
		return nil, fmt.Errorf("%w: %g units per em", ErrMetrics, m.UnitsPerEm)
	}
	for i := range m.BBox {
		m.BBox[i] = int16(be.Uint16(head[36+2*i:]))
	}
	m.Ascent = int16(be.Uint16(hhea[4:]))
	m.Descent = int16(be.Uint16(hhea[6:]))
	n := int(be.Uint16(hhea[34:])) // numberOfHMetrics
	hmtx := t["hmtx"]
	if len(hmtx) < 4*n {
		return nil, fmt.Errorf("%w: hmtx shorter than its %d metrics", ErrMetrics, n)
	}
	m.advances = make([]uint16, n)
	for i := range m.advances {
		m.advances[i] = be.Uint16(hmtx[4*i:])
	}
	m.CapHeight = m.Ascent
	if os2 := t["OS/2"]; len(os2) >= 90 && be.Uint16(os2) >= 2 {
		m.CapHeight = int16(be.Uint16(os2[88:]))
	}
	if post := t["post"]; len(post) >= 8 {
		m.ItalicAngle = float64(int32(be.Uint32(post[4:]))) / 65536
	}
	m.PostScriptName = psName(t["name"])
	return m, nil
}

// Advance returns glyph gid's advance width in font units: glyphs past
// the last long metric share its advance (hmtx).
func (m *Metrics) Advance(gid uint16) float64 {
	if len(m.advances) == 0 {
		return 0
	}
	if int(gid) < len(m.advances) {
		return float64(m.advances[gid])
	}
	return float64(m.advances[len(m.advances)-1])
}

// psName returns the PostScript name (name ID 6) reduced to the printable
// ASCII a PDF name takes, or "Font".
func psName(name []byte) string {
	if len(name) < 6 {
		return "Font"
	}
	count := int(binary.BigEndian.Uint16(name[2:]))
	strOff := int(binary.BigEndian.Uint16(name[4:]))
	for i := 0; i < count && 6+12*i+12 <= len(name); i++ {
		rec := name[6+12*i:]
		platform, nameID := binary.BigEndian.Uint16(rec), binary.BigEndian.Uint16(rec[6:])
		length, off := int(binary.BigEndian.Uint16(rec[8:])), int(binary.BigEndian.Uint16(rec[10:]))
		if nameID != 6 || strOff+off+length > len(name) {
			continue
		}
		raw := name[strOff+off : strOff+off+length]
		var s string
		if platform == 3 || platform == 0 {
			u := make([]uint16, len(raw)/2)
			for j := range u {
				u[j] = binary.BigEndian.Uint16(raw[2*j:])
			}
			s = string(utf16.Decode(u))
		} else {
			s = string(raw)
		}
		s = strings.Map(func(r rune) rune {
			if r <= ' ' || r > '~' || strings.ContainsRune("[](){}<>/%", r) {
				return -1
			}
			return r
		}, s)
		if s != "" {
			return s
		}
	}
	return "Font"
}
