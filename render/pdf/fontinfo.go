package pdf

import (
	"encoding/binary"
	"errors"
	"strings"
	"unicode/utf16"
)

// fontInfo is what a PDF font descriptor needs from a font file.
type fontInfo struct {
	postScriptName   string
	upem             float64
	bbox             [4]int16 // xMin yMin xMax yMax, font units
	ascent, descent  int16
	capHeight        int16
	italicAngle      float64
	cff              bool // CFF outlines ('OTTO'): embedded whole as FontFile3
	advances         []uint16
	numberOfHMetrics int
}

var errFont = errors.New("pdf: malformed font")

// tables returns the table directory of a single-font sfnt.
func tables(data []byte) (map[string][]byte, error) {
	if len(data) < 12 {
		return nil, errFont
	}
	n := int(binary.BigEndian.Uint16(data[4:]))
	if 12+16*n > len(data) {
		return nil, errFont
	}
	out := make(map[string][]byte, n)
	for i := 0; i < n; i++ {
		rec := data[12+16*i:]
		off, length := binary.BigEndian.Uint32(rec[8:]), binary.BigEndian.Uint32(rec[12:])
		if uint64(off)+uint64(length) > uint64(len(data)) {
			return nil, errFont
		}
		out[string(rec[:4])] = data[off : off+length]
	}
	return out, nil
}

// readFontInfo reads head, hhea, hmtx, OS/2, post and name
// (https://learn.microsoft.com/en-us/typography/opentype/spec/).
func readFontInfo(data []byte) (*fontInfo, error) {
	t, err := tables(data)
	if err != nil {
		return nil, err
	}
	fi := &fontInfo{cff: string(data[:4]) == "OTTO"}
	head, hhea := t["head"], t["hhea"]
	if len(head) < 54 || len(hhea) < 36 {
		return nil, errFont
	}
	fi.upem = float64(binary.BigEndian.Uint16(head[18:]))
	if fi.upem < 16 {
		return nil, errFont
	}
	for i := range fi.bbox {
		fi.bbox[i] = int16(binary.BigEndian.Uint16(head[36+2*i:]))
	}
	fi.ascent = int16(binary.BigEndian.Uint16(hhea[4:]))
	fi.descent = int16(binary.BigEndian.Uint16(hhea[6:]))
	fi.numberOfHMetrics = int(binary.BigEndian.Uint16(hhea[34:]))
	if hmtx := t["hmtx"]; len(hmtx) >= 4*fi.numberOfHMetrics {
		fi.advances = make([]uint16, fi.numberOfHMetrics)
		for i := range fi.advances {
			fi.advances[i] = binary.BigEndian.Uint16(hmtx[4*i:])
		}
	} else {
		return nil, errFont
	}
	fi.capHeight = fi.ascent
	if os2 := t["OS/2"]; len(os2) >= 90 && binary.BigEndian.Uint16(os2) >= 2 {
		fi.capHeight = int16(binary.BigEndian.Uint16(os2[88:]))
	}
	if post := t["post"]; len(post) >= 8 {
		fi.italicAngle = float64(int32(binary.BigEndian.Uint32(post[4:]))) / 65536
	}
	fi.postScriptName = psName(t["name"])
	return fi, nil
}

// advance returns glyph gid's advance in font units.
func (fi *fontInfo) advance(gid uint16) float64 {
	if len(fi.advances) == 0 {
		return 0
	}
	if int(gid) < len(fi.advances) {
		return float64(fi.advances[gid])
	}
	return float64(fi.advances[len(fi.advances)-1])
}

// psName returns the PostScript name (name ID 6), or "Font".
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
