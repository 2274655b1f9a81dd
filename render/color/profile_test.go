package color

import (
	"encoding/binary"
	"errors"
	"math"
	"os"
	"strings"
	"testing"
)

type testTag struct {
	sig  string
	data []byte
}

// buildProfile writes an ICC profile with the given header fields and tags.
func buildProfile(class, space, pcs string, version uint32, tags []testTag) []byte {
	be := binary.BigEndian
	head := make([]byte, 132+12*len(tags))
	be.PutUint32(head[8:], version)
	copy(head[12:], class)
	copy(head[16:], space)
	copy(head[20:], pcs)
	copy(head[36:], "acsp")
	be.PutUint32(head[128:], uint32(len(tags)))
	body := head
	for i, t := range tags {
		for len(body)%4 != 0 {
			body = append(body, 0)
		}
		e := 132 + 12*i
		copy(body[e:], t.sig)
		be.PutUint32(body[e+4:], uint32(len(body)))
		be.PutUint32(body[e+8:], uint32(len(t.data)))
		body = append(body, t.data...)
	}
	be.PutUint32(body[0:], uint32(len(body)))
	return body
}

func u32(v uint32) []byte   { return binary.BigEndian.AppendUint32(nil, v) }
func s15b(v float64) []byte { return u32(uint32(int32(math.Round(v * 65536)))) }

func xyzTag(c XYZ) []byte {
	b := append([]byte("XYZ \x00\x00\x00\x00"), s15b(c.X)...)
	return append(append(b, s15b(c.Y)...), s15b(c.Z)...)
}

func paraTag(fn uint16, p ...float64) []byte {
	b := append([]byte("para\x00\x00\x00\x00"), byte(fn>>8), byte(fn), 0, 0)
	for _, v := range p {
		b = append(b, s15b(v)...)
	}
	return b
}

func identityCurves(n int) []byte {
	var b []byte
	for range n {
		b = append(b, "curv\x00\x00\x00\x00\x00\x00\x00\x00"...)
	}
	return b
}

// srgbV4 is sRGB as a v4 matrix/TRC display profile with parametric TRCs.
func srgbV4() []byte {
	s := SRGB()
	m := *s.matrix
	trc := paraTag(4, 2.4, 1/1.055, 0.055/1.055, 1/12.92, 0.04045, 0, 0)
	return buildProfile("mntr", "RGB ", "XYZ ", 0x04300000, []testTag{
		{"wtpt", xyzTag(D50)},
		{"rXYZ", xyzTag(XYZ{m[0][0], m[1][0], m[2][0]})},
		{"gXYZ", xyzTag(XYZ{m[0][1], m[1][1], m[2][1]})},
		{"bXYZ", xyzTag(XYZ{m[0][2], m[1][2], m[2][2]})},
		{"rTRC", trc}, {"gTRC", trc}, {"bTRC", trc},
	})
}

// affineLab is the Lab (v4-encoded, normalised) the synthetic mAB maps
// CMYK to before its matrix: affine, so every interpolation reproduces it.
func affineLab(c, m, y, k float64) [3]float64 {
	return [3]float64{1 - 0.2*(c+m+y+k), 0.5 + 0.2*(m-c), 0.5 + 0.2*(y-c)}
}

// cmykV4 is a v4 output profile with an mAB A2B0 (A curves, 2-point CLUT,
// M curves, matrix with offsets, B curves) and an mBA B2A0.
func cmykV4() []byte {
	be := binary.BigEndian
	// mAB: header 32 bytes, then B, matrix, M, CLUT, A.
	mab := []byte("mAB \x00\x00\x00\x00\x04\x03\x00\x00")
	offs := make([]byte, 20)
	mab = append(mab, offs...)
	be.PutUint32(mab[12:], uint32(len(mab)))
	mab = append(mab, identityCurves(3)...)
	be.PutUint32(mab[16:], uint32(len(mab)))
	for i := range 9 { // 0.5 × identity, offsets 0.25: out = v/2 + 1/4
		v := 0.0
		if i%4 == 0 {
			v = 0.5
		}
		mab = append(mab, s15b(v)...)
	}
	for range 3 {
		mab = append(mab, s15b(0.25)...)
	}
	be.PutUint32(mab[20:], uint32(len(mab)))
	for range 3 {
		mab = append(mab, paraTag(0, 1)...) // γ 1
	}
	be.PutUint32(mab[24:], uint32(len(mab)))
	grid := make([]byte, 20)
	for i := range 4 {
		grid[i] = 2
	}
	grid[16] = 2
	mab = append(mab, grid...)
	for i := range 16 {
		c, m, y, k := float64(i>>3&1), float64(i>>2&1), float64(i>>1&1), float64(i&1)
		for _, v := range affineLab(c, m, y, k) {
			mab = binary.BigEndian.AppendUint16(mab, uint16(math.Round(v*65535)))
		}
	}
	for len(mab)%4 != 0 {
		mab = append(mab, 0)
	}
	be.PutUint32(mab[28:], uint32(len(mab)))
	mab = append(mab, identityCurves(4)...)

	// mBA: B curves, then a 2-point CLUT giving C = 1 − L (encoded), M = a, Y = b, K = 0.
	mba := []byte("mBA \x00\x00\x00\x00\x03\x04\x00\x00")
	mba = append(mba, make([]byte, 20)...)
	be.PutUint32(mba[12:], uint32(len(mba)))
	mba = append(mba, identityCurves(3)...)
	be.PutUint32(mba[24:], uint32(len(mba)))
	grid = make([]byte, 20)
	grid[0], grid[1], grid[2], grid[16] = 2, 2, 2, 1
	mba = append(mba, grid...)
	for i := range 8 {
		l, a, b := i>>2&1, i>>1&1, i&1
		mba = append(mba, byte(255*(1-l)), byte(255*a), byte(255*b), 0)
	}
	return buildProfile("prtr", "CMYK", "Lab ", 0x04300000, []testTag{
		{"wtpt", xyzTag(D50)}, {"A2B0", mab}, {"B2A0", mba},
	})
}

func TestParseRefusesProfilesThatAreNotCMYKOutput(t *testing.T) {
	fogra, err := os.ReadFile(profilePath)
	if err != nil {
		t.Fatal(err)
	}
	asDisplay := append([]byte(nil), fogra...)
	copy(asDisplay[12:], "mntr")
	for _, tc := range []struct {
		name, file string
		data       []byte
		want       string
		notCMYK    bool
	}{
		{"display profile", "sRGB.icc", srgbV4(), "color: sRGB.icc is a display profile (mntr), not a CMYK output profile", true},
		{"display class on CMYK tables", "x.icc", asDisplay, "color: x.icc is a display profile (mntr), not a CMYK output profile", true},
		{"RGB output profile", "rgbprinter.icc", buildProfile("prtr", "RGB ", "Lab ", 0x02200000, nil), `color: rgbprinter.icc is an output profile for "RGB " data, not a CMYK output profile`, true},
		{"empty", "empty.icc", nil, "color: empty.icc: 0 bytes is too short", false},
		{"truncated", "cut.icc", fogra[:4096], "color: cut.icc: header size field 227660 does not fit the 4096 bytes", false},
		{"not ICC", "a.png", append(make([]byte, 36), make([]byte, 200)...), "color: a.png: not an ICC profile", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseOutputProfile(tc.file, tc.data)
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) || tc.notCMYK && err.Error() != tc.want {
				t.Fatalf("error %v, want it to start %q", err, tc.want)
			}
			if errors.Is(err, ErrNotCMYKOutput) != tc.notCMYK {
				t.Errorf("errors.Is(err, ErrNotCMYKOutput) = %v", !tc.notCMYK)
			}
		})
	}
}

func TestMatrixTRCProfileMatchesBuiltInSRGB(t *testing.T) {
	files := map[string][]byte{"synthetic v4 sRGB": srgbV4()}
	// Debian's icc-profiles-free sRGB (v2, curv TRCs), when installed.
	if d, err := os.ReadFile("/usr/share/color/icc/sRGB.icc"); err == nil {
		files["icc-profiles-free sRGB.icc"] = d
	}
	ref := SRGB()
	for name, data := range files {
		t.Run(name, func(t *testing.T) {
			p, err := Parse(name, data)
			if err != nil {
				t.Fatal(err)
			}
			if p.matrix == nil {
				t.Fatal("no matrix/TRC model read")
			}
			for _, rgb := range [][3]float64{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {0.5, 0.5, 0.5}, {0.02, 0.3, 0.9}} {
				got, want := p.rgbToXYZ(rgb[:]).Lab(), ref.rgbToXYZ(rgb[:]).Lab()
				// 0.2: a v2 file stores the matrix in s15Fixed16 and its
				// curve as a 1024-entry table.
				if e := DeltaE76(got, want); e > 0.2 {
					t.Errorf("%v: %v, built-in %v (ΔE76 %.3f)", rgb, got, want, e)
				}
				var back [3]float64
				p.xyzToRGB(p.rgbToXYZ(rgb[:]), back[:])
				for i := range 3 {
					if math.Abs(back[i]-rgb[i]) > 1e-4 {
						t.Errorf("%v round trip gives %v", rgb, back)
						break
					}
				}
			}
		})
	}
}

func TestLutAtoBAndBtoAStagesInOrder(t *testing.T) {
	p, err := ParseOutputProfile("v4.icc", cmykV4())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range [][4]float64{{0, 0, 0, 0}, {1, 1, 1, 1}, {0.3, 0.7, 0.1, 0.5}, {0.9, 0.05, 0.6, 0.2}} {
		v := affineLab(c[0], c[1], c[2], c[3])
		for i := range v {
			v[i] = v[i]/2 + 0.25 // the matrix after the CLUT
		}
		want := Lab{v[0] * 100, v[1]*255 - 128, v[2]*255 - 128}
		if got := p.CMYKToLab(c); DeltaE76(got, want) > 0.01 {
			t.Errorf("A2B0 of %v: %v, want %v", c, got, want)
		}
	}
	var dev [maxChannels]float64
	// L* 25, a* −0.5, b* −128 encode (v4) as 0.25, 0.5, 0: the CLUT gives
	// C = 1 − 0.25, M = 0.5, Y = 0, K = 0.
	p.fromLab(Lab{25, -0.5, -128}, Perceptual, dev[:])
	if want := [4]float64{0.75, 0.5, 0, 0}; maxInkDiff([4]float64(dev[:4]), want) > 1e-3 {
		t.Errorf("B2A0 gives %.4f, want %.4f", dev[:4], want)
	}
}

func TestLut16LabEncodings(t *testing.T) {
	for _, tc := range []struct {
		enc  pcsEncoding
		lab  Lab
		want [3]float64
	}{
		{encLabV2, Lab{100, 0, 0}, [3]float64{0xFF00 / 65535.0, 0x8000 / 65535.0, 0x8000 / 65535.0}},
		{encLabV4, Lab{100, 0, 0}, [3]float64{1, 0x8080 / 65535.0, 0x8080 / 65535.0}},
		{encLabV2, Lab{0, -128, 127.99609375}, [3]float64{0, 0, 1}},
		{encLabV4, Lab{0, -128, 127}, [3]float64{0, 0, 1}},
	} {
		var v [3]float64
		tc.enc.encode(tc.lab, v[:])
		for i := range v {
			if math.Abs(v[i]-tc.want[i]) > 1e-9 {
				t.Errorf("encoding %d of %v: %v, want %v", tc.enc, tc.lab, v, tc.want)
				break
			}
		}
		if back := tc.enc.decode(v[:]); DeltaE76(back, tc.lab) > 1e-9 {
			t.Errorf("encoding %d: %v decodes to %v", tc.enc, tc.lab, back)
		}
	}
}

func TestDeltaE2000MatchesSharmaData(t *testing.T) {
	// Sharma, Wu, Dalal (2005), table 1, pairs 1, 7, 17 and 25.
	for _, tc := range []struct {
		a, b Lab
		want float64
	}{
		{Lab{50, 2.6772, -79.7751}, Lab{50, 0, -82.7485}, 2.0425},
		{Lab{50, 0, 0}, Lab{50, -1, 2}, 2.3669},
		{Lab{50, 2.5, 0}, Lab{73, 25, -18}, 27.1492},
		{Lab{60.2574, -34.0099, 36.2677}, Lab{60.4626, -34.1751, 39.4387}, 1.2644},
	} {
		if got := DeltaE2000(tc.a, tc.b); math.Abs(got-tc.want) > 1e-4 {
			t.Errorf("ΔE2000(%v, %v) = %.4f, want %.4f", tc.a, tc.b, got, tc.want)
		}
	}
}
