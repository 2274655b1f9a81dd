// Package color owns ICC colour conversion: it reads ICC v2 and v4 profiles
// (header, tag table, the lut8/lut16/lutAtoB/lutBtoA tags and the
// matrix/TRC model) and converts sRGB to the CMYK of an output profile and
// back, for the PDF backend's print output and its previews. It knows
// nothing of PDF: which colours to convert, how pure black is treated and
// how the profile is embedded as an output intent are the backend's policy.
//
// The engine is written here rather than imported: the Go ICC readers in
// wide use (pdfcpu's, the image-metadata ones) read headers and
// descriptions but do not evaluate lut8/lut16/lutAtoB/lutBtoA tables. A
// search found two young single-author engines that may (a pure-Go port of
// Little CMS, github.com/mgilbir/golittlecms, and the ICC code in
// github.com/kovidgoyal/imaging, used elsewhere for device → sRGB); neither
// was evaluated, and either is far larger than the few tag types posterkit
// needs. Results are checked against Little CMS's transicc and Argyll's
// xicclu (reference_test.go).
//
// Which table is used for what: sRGB → CMYK uses B2A1 for relative
// colorimetric and B2A0 for perceptual (falling back to B2A0, then B2A1,
// when the profile lacks the one asked for); CMYK → sRGB and every
// measurement of a CMYK colour (CMYKToLab) use A2B1. Black-point
// compensation, when asked for, follows Little CMS (Adobe's algorithm).
//
// Specification: ICC.1:2022 (profile version 4.4) and ICC.1:2001-04 (v2),
// https://www.color.org/specification/ICC.1-2022-05.pdf; section numbers
// below refer to ICC.1:2022.
package color

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// Limits on what a profile may ask of the parser. Each bounds a loop or an
// allocation driven by the file's bytes.
const (
	// maxProfileSize: the largest CMYK press profiles in use (ISO Coated v2
	// 300% ECI, GRACoL2013 with 33-point tables) are under 4 MB; 32 MiB
	// leaves room without letting a header claim gigabytes.
	maxProfileSize = 32 << 20
	// maxTags: ICC.1:2022 registers fewer than 60 tag signatures and real
	// profiles carry under 40 tags.
	maxTags = 200
	// maxChannels: ICC colour spaces have at most 15 channels (15CLR, §7.2.6).
	maxChannels = 15
	// maxCLUTValues bounds a CLUT's grid points × outputs: a 4-input table
	// with 33 points a side and 4 outputs (the finest in common use) has
	// 4.7 million values; 1<<24 is 128 MiB of float64 at most, and the
	// table's bytes must be in the file anyway.
	maxCLUTValues = 1 << 24
	// maxCurveEntries: a 16-bit curve gains nothing past 65536 entries
	// (and lut16 tables are limited to 4096 by §10.11).
	maxCurveEntries = 65536
)

// ErrNotCMYKOutput matches (errors.Is) the *NotCMYKOutputError returned for
// a profile that is not an output-class CMYK profile.
var ErrNotCMYKOutput = errors.New("color: not a CMYK output profile")

// NotCMYKOutputError says which class and colour space a refused profile
// has, e.g. "color: sRGB.icc is a display profile (mntr), not a CMYK
// output profile".
type NotCMYKOutputError struct {
	File       string
	Class      string // header device class, "mntr"
	ColorSpace string // header colour space, "RGB "
}

func (e *NotCMYKOutputError) Error() string {
	if e.Class == "prtr" {
		return fmt.Sprintf("color: %s is an output profile for %q data, not a CMYK output profile", e.File, e.ColorSpace)
	}
	return fmt.Sprintf("color: %s is a %s profile (%s), not a CMYK output profile", e.File, className(e.Class), e.Class)
}

func (e *NotCMYKOutputError) Is(target error) bool { return target == ErrNotCMYKOutput }

// Intent is an ICC rendering intent (§6.1.2, header field 64).
type Intent int

const (
	Perceptual           Intent = 0
	RelativeColorimetric Intent = 1
	Saturation           Intent = 2
)

func (i Intent) String() string {
	switch i {
	case Perceptual:
		return "perceptual"
	case RelativeColorimetric:
		return "relative colorimetric"
	case Saturation:
		return "saturation"
	}
	return fmt.Sprintf("intent(%d)", int(i))
}

// Profile is a parsed ICC profile. It is immutable after parsing and safe
// for concurrent use.
type Profile struct {
	Name       string // the file name errors are reported with
	Version    uint32 // encoded version, e.g. 0x02200000 for 2.2
	Class      string // device class signature: "prtr", "mntr", "scnr", …
	ColorSpace string // data colour space: "CMYK", "RGB ", …
	PCS        string // "Lab " or "XYZ "
	Intent     Intent // the header's rendering intent
	// WhitePoint is the media white point (wtpt), in PCS XYZ; D50 when the
	// tag is missing.
	WhitePoint XYZ
	// Description is the desc tag's ASCII (v2) or first mluc (v4) text.
	Description string

	a2b [3]*pipeline // device → PCS, by intent
	b2a [3]*pipeline // PCS → device, by intent

	// The matrix/TRC model (§F.3), set when rXYZ/gXYZ/bXYZ and the TRCs
	// are present: device RGB → linear by trc, then XYZ = matrix × linear.
	matrix    *[3][3]float64
	inverse   [3][3]float64 // of matrix
	trc       [3]curve
	data      []byte
	isBuiltin bool
}

// Data returns the profile's bytes, for embedding (a PDF output intent's
// DestOutputProfile). It is nil for the built-in sRGB profile.
func (p *Profile) Data() []byte { return p.data }

// HasIntent reports whether the profile has its own PCS → device table for
// intent (B2A0 for perceptual, B2A1 for relative colorimetric…). Without
// it a conversion falls back to B2A0, as ICC.1 §8.4 allows.
func (p *Profile) HasIntent(i Intent) bool {
	return i >= 0 && int(i) < len(p.b2a) && p.b2a[i] != nil
}

// ParseOutputProfile parses data as an ICC profile and checks that it is an
// output-class ('prtr') CMYK profile with the tables a conversion needs.
// name is used in errors only.
func ParseOutputProfile(name string, data []byte) (*Profile, error) {
	p, err := Parse(name, data)
	if err != nil {
		return nil, err
	}
	if p.Class != "prtr" || p.ColorSpace != "CMYK" {
		return nil, &NotCMYKOutputError{File: name, Class: p.Class, ColorSpace: p.ColorSpace}
	}
	if err := p.checkCMYKTables(); err != nil {
		return nil, err
	}
	return p, nil
}

// checkCMYKTables checks that a CMYK profile has the tables a Transform
// uses, with the channel counts it expects.
func (p *Profile) checkCMYKTables() error {
	if p.a2b[0] == nil && p.a2b[1] == nil {
		return fmt.Errorf("color: %s: no A2B0 or A2B1 tag", p.Name)
	}
	if p.b2a[0] == nil && p.b2a[1] == nil {
		return fmt.Errorf("color: %s: no B2A0 or B2A1 tag", p.Name)
	}
	for i, pl := range p.a2b {
		if pl != nil && (pl.in != 4 || pl.out != 3) {
			return fmt.Errorf("color: %s: A2B%d has %d inputs and %d outputs, want 4 and 3", p.Name, i, pl.in, pl.out)
		}
	}
	for i, pl := range p.b2a {
		if pl != nil && (pl.in != 3 || pl.out != 4) {
			return fmt.Errorf("color: %s: B2A%d has %d inputs and %d outputs, want 3 and 4", p.Name, i, pl.in, pl.out)
		}
	}
	return nil
}

func className(c string) string {
	switch c {
	case "scnr":
		return "input"
	case "mntr":
		return "display"
	case "prtr":
		return "output"
	case "link":
		return "device link"
	case "spac":
		return "colour space"
	case "abst":
		return "abstract"
	case "nmcl":
		return "named colour"
	}
	return "unknown class of"
}

// Parse reads an ICC profile (§7). It keeps the tags a conversion uses and
// ignores the others. name is used in errors only.
func Parse(name string, data []byte) (*Profile, error) {
	errf := func(format string, a ...any) error {
		return fmt.Errorf("color: %s: "+format, append([]any{name}, a...)...)
	}
	if len(data) < 132 {
		return nil, errf("%d bytes is too short for an ICC profile (header and tag count need 132)", len(data))
	}
	if len(data) > maxProfileSize {
		return nil, errf("%d bytes is larger than the %d this reader accepts", len(data), maxProfileSize)
	}
	be := binary.BigEndian
	if string(data[36:40]) != "acsp" {
		return nil, errf("not an ICC profile (no 'acsp' signature at byte 36)")
	}
	size := be.Uint32(data[0:])
	if size < 132 || uint64(size) > uint64(len(data)) {
		return nil, errf("header size field %d does not fit the %d bytes of the file", size, len(data))
	}
	data = data[:size]
	p := &Profile{
		Name:       name,
		Version:    be.Uint32(data[8:]),
		Class:      string(data[12:16]),
		ColorSpace: string(data[16:20]),
		PCS:        string(data[20:24]),
		Intent:     Intent(be.Uint32(data[64:]) & 0xffff),
		WhitePoint: D50,
		data:       data,
	}
	if p.PCS != "Lab " && p.PCS != "XYZ " {
		return nil, errf("profile connection space %q is neither Lab nor XYZ", p.PCS)
	}
	n := be.Uint32(data[128:])
	if n > maxTags {
		return nil, errf("tag count %d is over the %d this reader accepts", n, maxTags)
	}
	if uint64(132)+uint64(n)*12 > uint64(len(data)) {
		return nil, errf("tag table of %d tags runs past the end of the file", n)
	}
	tags := make(map[string][]byte, n)
	for i := range int(n) {
		e := data[132+12*i:]
		sig := string(e[0:4])
		off, sz := be.Uint32(e[4:]), be.Uint32(e[8:])
		if uint64(off)+uint64(sz) > uint64(len(data)) {
			return nil, errf("tag %q (offset %d, size %d) runs past the end of the file", sig, off, sz)
		}
		// A tag too short for its type signature is left out: it only
		// matters, as a missing tag, if a conversion needs it.
		if _, dup := tags[sig]; !dup && sz >= 8 {
			tags[sig] = data[off : off+sz]
		}
	}
	if t, ok := tags["wtpt"]; ok {
		xyz, err := parseXYZ(t)
		if err != nil {
			return nil, errf("wtpt: %v", err)
		}
		p.WhitePoint = xyz
	}
	p.Description = parseText(tags["desc"])
	pcsLab := p.PCS == "Lab "
	for i := range 3 {
		for _, dir := range []struct {
			prefix string
			dst    *[3]*pipeline
			toPCS  bool
		}{{"A2B", &p.a2b, true}, {"B2A", &p.b2a, false}} {
			sig := fmt.Sprintf("%s%d", dir.prefix, i)
			t, ok := tags[sig]
			if !ok {
				continue
			}
			pl, err := parseLut(t, dir.toPCS, pcsLab)
			if err != nil {
				return nil, errf("%s: %v", sig, err)
			}
			dir.dst[i] = pl
		}
	}
	if err := p.parseMatrixTRC(tags); err != nil {
		return nil, errf("%v", err)
	}
	return p, nil
}

// parseMatrixTRC reads the three-component matrix-based model (§F.3) when
// its tags are present.
func (p *Profile) parseMatrixTRC(tags map[string][]byte) error {
	cols := []string{"rXYZ", "gXYZ", "bXYZ"}
	trcs := []string{"rTRC", "gTRC", "bTRC"}
	for _, s := range append(cols, trcs...) {
		if _, ok := tags[s]; !ok {
			return nil
		}
	}
	if p.ColorSpace != "RGB " || p.PCS != "XYZ " {
		return fmt.Errorf("matrix/TRC tags in a %q profile with PCS %q", p.ColorSpace, p.PCS)
	}
	var m [3][3]float64
	for j, s := range cols {
		xyz, err := parseXYZ(tags[s])
		if err != nil {
			return fmt.Errorf("%s: %v", s, err)
		}
		m[0][j], m[1][j], m[2][j] = xyz.X, xyz.Y, xyz.Z
	}
	for j, s := range trcs {
		c, _, err := parseCurve(tags[s])
		if err != nil {
			return fmt.Errorf("%s: %v", s, err)
		}
		p.trc[j] = c
	}
	inv, ok := invert3(m)
	if !ok {
		return fmt.Errorf("rXYZ/gXYZ/bXYZ form a singular matrix")
	}
	p.matrix, p.inverse = &m, inv
	return nil
}

func s15(b []byte) float64 { return float64(int32(binary.BigEndian.Uint32(b))) / 65536 }

func parseXYZ(t []byte) (XYZ, error) {
	if len(t) < 20 || string(t[0:4]) != "XYZ " {
		return XYZ{}, fmt.Errorf("not an XYZType of 20 bytes")
	}
	return XYZ{s15(t[8:]), s15(t[12:]), s15(t[16:])}, nil
}

// parseText reads a textDescriptionType (v2) or the first record of a
// multiLocalizedUnicodeType (v4); "" for anything else.
func parseText(t []byte) string {
	be := binary.BigEndian
	switch {
	case len(t) >= 12 && string(t[0:4]) == "desc":
		n := be.Uint32(t[8:])
		if uint64(n) > uint64(len(t)-12) {
			return ""
		}
		s := t[12 : 12+n]
		for len(s) > 0 && s[len(s)-1] == 0 {
			s = s[:len(s)-1]
		}
		return string(s)
	case len(t) >= 28 && string(t[0:4]) == "mluc":
		ln, off := be.Uint32(t[20:]), be.Uint32(t[24:])
		if uint64(off)+uint64(ln) > uint64(len(t)) {
			return ""
		}
		u := t[off : off+ln]
		r := make([]rune, 0, len(u)/2)
		for i := 0; i+1 < len(u); i += 2 {
			r = append(r, rune(be.Uint16(u[i:])))
		}
		return string(r)
	}
	return ""
}

// invert3 inverts a 3×3 matrix; ok is false when it is (nearly) singular.
func invert3(m [3][3]float64) (inv [3][3]float64, ok bool) {
	det := m[0][0]*(m[1][1]*m[2][2]-m[1][2]*m[2][1]) -
		m[0][1]*(m[1][0]*m[2][2]-m[1][2]*m[2][0]) +
		m[0][2]*(m[1][0]*m[2][1]-m[1][1]*m[2][0])
	if math.Abs(det) < 1e-12 || math.IsNaN(det) {
		return inv, false
	}
	inv[0][0] = (m[1][1]*m[2][2] - m[1][2]*m[2][1]) / det
	inv[0][1] = (m[0][2]*m[2][1] - m[0][1]*m[2][2]) / det
	inv[0][2] = (m[0][1]*m[1][2] - m[0][2]*m[1][1]) / det
	inv[1][0] = (m[1][2]*m[2][0] - m[1][0]*m[2][2]) / det
	inv[1][1] = (m[0][0]*m[2][2] - m[0][2]*m[2][0]) / det
	inv[1][2] = (m[0][2]*m[1][0] - m[0][0]*m[1][2]) / det
	inv[2][0] = (m[1][0]*m[2][1] - m[1][1]*m[2][0]) / det
	inv[2][1] = (m[0][1]*m[2][0] - m[0][0]*m[2][1]) / det
	inv[2][2] = (m[0][0]*m[1][1] - m[0][1]*m[1][0]) / det
	return inv, true
}

func mul3(m [3][3]float64, v [3]float64) [3]float64 {
	return [3]float64{
		m[0][0]*v[0] + m[0][1]*v[1] + m[0][2]*v[2],
		m[1][0]*v[0] + m[1][1]*v[1] + m[1][2]*v[2],
		m[2][0]*v[0] + m[2][1]*v[1] + m[2][2]*v[2],
	}
}

func mulMat3(a, b [3][3]float64) (c [3][3]float64) {
	for i := range 3 {
		for j := range 3 {
			for k := range 3 {
				c[i][j] += a[i][k] * b[k][j]
			}
		}
	}
	return c
}
