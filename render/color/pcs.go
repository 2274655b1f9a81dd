package color

import (
	"fmt"
	"math"
)

// XYZ is a CIE XYZ colour with Y = 1 for the white (PCS XYZ, D50).
type XYZ struct{ X, Y, Z float64 }

// Lab is a CIE L*a*b* colour relative to the D50 PCS white.
type Lab struct{ L, A, B float64 }

func (c Lab) String() string { return fmt.Sprintf("Lab(%.2f %.2f %.2f)", c.L, c.A, c.B) }

// D50 is the PCS illuminant (§7.2.16), as Little CMS rounds it.
var D50 = XYZ{0.9642, 1.0, 0.8249}

// pcsEncoding is how a LUT's PCS side maps to normalised 0…1 values.
type pcsEncoding uint8

const (
	// encLabV4: L* 0…100 ↔ 0…1, a*, b* −128…127 ↔ 0…1 (§6.3.4.2 table 12;
	// 8-bit and 16-bit agree once normalised).
	encLabV4 pcsEncoding = iota
	// encLabV2: the legacy 16-bit encoding of lut16 (§10.11 table 44):
	// L* 100 is 0xFF00 and a* 127.996 is 0xFFFF.
	encLabV2
	// encXYZ: u1Fixed15Number, 1.0 is 0x8000 (§6.3.4.3).
	encXYZ
)

const xyzScale = 65535.0 / 32768.0

// decode turns a LUT's PCS output into Lab.
func (e pcsEncoding) decode(v []float64) Lab {
	switch e {
	case encLabV2:
		return Lab{v[0] * 65535 / 652.80, v[1]*65535/256 - 128, v[2]*65535/256 - 128}
	case encXYZ:
		return XYZ{v[0] * xyzScale, v[1] * xyzScale, v[2] * xyzScale}.Lab()
	}
	return Lab{v[0] * 100, v[1]*255 - 128, v[2]*255 - 128}
}

// encode turns Lab into a LUT's PCS input.
func (e pcsEncoding) encode(c Lab, v []float64) {
	switch e {
	case encLabV2:
		v[0], v[1], v[2] = c.L*652.80/65535, (c.A+128)*256/65535, (c.B+128)*256/65535
	case encXYZ:
		x := c.XYZ()
		v[0], v[1], v[2] = x.X/xyzScale, x.Y/xyzScale, x.Z/xyzScale
	default:
		v[0], v[1], v[2] = c.L/100, (c.A+128)/255, (c.B+128)/255
	}
}

// Lab converts PCS XYZ to Lab relative to D50 (CIE 15).
func (c XYZ) Lab() Lab {
	f := func(t float64) float64 {
		const e = 216.0 / 24389
		if t > e {
			return math.Cbrt(t)
		}
		return (24389.0/27*t + 16) / 116
	}
	fx, fy, fz := f(c.X/D50.X), f(c.Y/D50.Y), f(c.Z/D50.Z)
	return Lab{116*fy - 16, 500 * (fx - fy), 200 * (fy - fz)}
}

// XYZ converts Lab relative to D50 to PCS XYZ.
func (c Lab) XYZ() XYZ {
	fy := (c.L + 16) / 116
	fx := fy + c.A/500
	fz := fy - c.B/200
	g := func(t float64) float64 {
		const d = 6.0 / 29
		if t > d {
			return t * t * t
		}
		return 3 * d * d * (t - 4.0/29)
	}
	return XYZ{D50.X * g(fx), D50.Y * g(fy), D50.Z * g(fz)}
}

// DeltaE76 is the CIE 1976 colour difference, the Euclidean distance in Lab.
func DeltaE76(a, b Lab) float64 {
	return math.Sqrt((a.L-b.L)*(a.L-b.L) + (a.A-b.A)*(a.A-b.A) + (a.B-b.B)*(a.B-b.B))
}

// DeltaE2000 is the CIEDE2000 colour difference (CIE 142-2001), with
// kL = kC = kH = 1.
func DeltaE2000(x, y Lab) float64 {
	rad := math.Pi / 180
	c1 := math.Hypot(x.A, x.B)
	c2 := math.Hypot(y.A, y.B)
	cm := (c1 + c2) / 2
	cm7 := math.Pow(cm, 7)
	g := 0.5 * (1 - math.Sqrt(cm7/(cm7+math.Pow(25, 7))))
	a1, a2 := (1+g)*x.A, (1+g)*y.A
	c1p, c2p := math.Hypot(a1, x.B), math.Hypot(a2, y.B)
	hue := func(b, a float64) float64 {
		if a == 0 && b == 0 {
			return 0
		}
		h := math.Atan2(b, a) / rad
		if h < 0 {
			h += 360
		}
		return h
	}
	h1, h2 := hue(x.B, a1), hue(y.B, a2)
	dL := y.L - x.L
	dC := c2p - c1p
	var dh float64
	switch {
	case c1p*c2p == 0:
		dh = 0
	case math.Abs(h2-h1) <= 180:
		dh = h2 - h1
	case h2-h1 > 180:
		dh = h2 - h1 - 360
	default:
		dh = h2 - h1 + 360
	}
	dH := 2 * math.Sqrt(c1p*c2p) * math.Sin(dh/2*rad)
	lm := (x.L + y.L) / 2
	cmp := (c1p + c2p) / 2
	var hm float64
	switch {
	case c1p*c2p == 0:
		hm = h1 + h2
	case math.Abs(h1-h2) <= 180:
		hm = (h1 + h2) / 2
	case h1+h2 < 360:
		hm = (h1 + h2 + 360) / 2
	default:
		hm = (h1 + h2 - 360) / 2
	}
	t := 1 - 0.17*math.Cos((hm-30)*rad) + 0.24*math.Cos(2*hm*rad) + 0.32*math.Cos((3*hm+6)*rad) - 0.20*math.Cos((4*hm-63)*rad)
	dTheta := 30 * math.Exp(-((hm-275)/25)*((hm-275)/25))
	cmp7 := math.Pow(cmp, 7)
	rc := 2 * math.Sqrt(cmp7/(cmp7+math.Pow(25, 7)))
	sl := 1 + 0.015*(lm-50)*(lm-50)/math.Sqrt(20+(lm-50)*(lm-50))
	sc := 1 + 0.045*cmp
	sh := 1 + 0.015*cmp*t
	rt := -math.Sin(2*dTheta*rad) * rc
	return math.Sqrt((dL/sl)*(dL/sl) + (dC/sc)*(dC/sc) + (dH/sh)*(dH/sh) + rt*(dC/sc)*(dH/sh))
}
