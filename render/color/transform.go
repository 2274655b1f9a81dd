package color

import (
	"fmt"
	"math"
)

// SRGB returns the sRGB profile of IEC 61966-2-1 built in code, as Little
// CMS builds its own: Rec. 709 primaries and the D65 white (x 0.3127,
// y 0.3290) adapted to the D50 PCS with the Bradford transform, and the
// piecewise transfer function (parametric type 4: γ 2.4, a 1/1.055,
// b 0.055/1.055, c 1/12.92, d 0.04045).
func SRGB() *Profile {
	white := xyY(0.3127, 0.3290)
	prim := [3]XYZ{xyY(0.64, 0.33), xyY(0.30, 0.60), xyY(0.15, 0.06)}
	var m [3][3]float64
	for j, p := range prim {
		m[0][j], m[1][j], m[2][j] = p.X, p.Y, p.Z
	}
	inv, _ := invert3(m)
	s := mul3(inv, [3]float64{white.X, white.Y, white.Z})
	for i := range 3 {
		for j := range 3 {
			m[i][j] *= s[j]
		}
	}
	m = mulMat3(bradford(white, D50), m)
	c := curve{kind: curveParam, fn: 4, p: [7]float64{2.4, 1 / 1.055, 0.055 / 1.055, 1 / 12.92, 0.04045}}
	inv, _ = invert3(m)
	return &Profile{
		inverse: inv,
		Name:    "sRGB (built in)", Version: 0x04300000, Class: "mntr", ColorSpace: "RGB ", PCS: "XYZ ",
		Intent: Perceptual, WhitePoint: D50, Description: "sRGB IEC61966-2.1",
		matrix: &m, trc: [3]curve{c, c, c}, isBuiltin: true,
	}
}

func xyY(x, y float64) XYZ { return XYZ{x / y, 1, (1 - x - y) / y} }

// bradford is the chromatic adaptation from white src to dst (ICC.1 Annex E).
func bradford(src, dst XYZ) [3][3]float64 {
	b := [3][3]float64{{0.8951, 0.2664, -0.1614}, {-0.7502, 1.7135, 0.0367}, {0.0389, -0.0685, 1.0296}}
	bi, _ := invert3(b)
	s := mul3(b, [3]float64{src.X, src.Y, src.Z})
	d := mul3(b, [3]float64{dst.X, dst.Y, dst.Z})
	scale := [3][3]float64{{d[0] / s[0], 0, 0}, {0, d[1] / s[1], 0}, {0, 0, d[2] / s[2]}}
	return mulMat3(bi, mulMat3(scale, b))
}

// lut returns the table for intent in direction toPCS, falling back to
// intent 0 and then to relative colorimetric as Little CMS does (§8.4).
func (p *Profile) lut(i Intent, toPCS bool) *pipeline {
	t := &p.b2a
	if toPCS {
		t = &p.a2b
	}
	for _, j := range []Intent{i, Perceptual, RelativeColorimetric} {
		if j >= 0 && int(j) < len(t) && t[j] != nil {
			return t[j]
		}
	}
	return nil
}

// toLab converts device values through the profile's A2B table for intent
// (or its matrix/TRC model) to PCS Lab.
func (p *Profile) toLab(dev []float64, i Intent) Lab {
	if p.matrix != nil {
		return p.rgbToXYZ(dev).Lab()
	}
	pl := p.lut(i, true)
	var v [maxChannels]float64
	pl.eval(v[:], dev)
	return pl.enc.decode(v[:])
}

// fromLab converts PCS Lab through the profile's B2A table for intent to
// device values (len(dev) ≥ the device's channels), clamped to 0…1.
func (p *Profile) fromLab(c Lab, i Intent, dev []float64) {
	if p.matrix != nil {
		p.xyzToRGB(c.XYZ(), dev)
		return
	}
	pl := p.lut(i, false)
	var v [maxChannels]float64
	pl.enc.encode(c, v[:])
	pl.eval(dev, v[:])
}

func (p *Profile) rgbToXYZ(rgb []float64) XYZ {
	var lin [3]float64
	for i := range 3 {
		lin[i] = p.trc[i].eval(rgb[i])
	}
	v := mul3(*p.matrix, lin)
	return XYZ{v[0], v[1], v[2]}
}

func (p *Profile) xyzToRGB(c XYZ, rgb []float64) {
	lin := mul3(p.inverse, [3]float64{c.X, c.Y, c.Z})
	for i := range 3 {
		rgb[i] = clamp01(p.trc[i].inverse(clamp01(lin[i])))
	}
}

// CMYKToLab returns the Lab (D50, relative to the media white) that the
// profile predicts for ink values cmyk (0…1 each), through A2B1 (relative
// colorimetric) or the fallback table. It is how the test suite measures
// a CMYK result, and how a caller can report the colour a separation
// will print.
func (p *Profile) CMYKToLab(cmyk [4]float64) Lab {
	return p.toLab(cmyk[:], RelativeColorimetric)
}

// Transform converts between an RGB matrix/TRC profile (usually SRGB())
// and a CMYK output profile. Its methods are safe for concurrent use.
type Transform struct {
	rgb, cmyk *Profile
	intent    Intent
	// bpc maps PCS XYZ on the RGB→CMYK side (toCMYK) and back (toRGB):
	// XYZ' = scale·XYZ + offset per component.
	toCMYK, toRGB bpcMap
	// BlackPoint is the CMYK profile's black point the compensation maps
	// to (zero without BPC), in PCS XYZ.
	BlackPoint XYZ
}

// Options choose a Transform's rendering.
type Options struct {
	// Intent is RelativeColorimetric or Perceptual. Perceptual uses the
	// output profile's B2A0 (built by colprof with gamut mapping from the
	// sRGB gamut) for RGB→CMYK; CMYK→RGB always uses A2B1, since a CMYK
	// profile's A2B tables are colorimetric (posterkit's profile has one
	// A2B table for all three intents).
	Intent Intent
	// BlackPointCompensation scales PCS XYZ so the RGB black maps to the
	// CMYK profile's black point (Adobe's algorithm, as in Little CMS).
	BlackPointCompensation bool
}

// NewTransform prepares conversions between rgb (a matrix/TRC profile) and
// cmyk (an output CMYK profile from ParseOutputProfile).
func NewTransform(rgb, cmyk *Profile, o Options) (*Transform, error) {
	if rgb.matrix == nil {
		return nil, fmt.Errorf("color: %s is not an RGB matrix/TRC profile", rgb.Name)
	}
	if cmyk.ColorSpace != "CMYK" {
		return nil, fmt.Errorf("color: %s is not a CMYK output profile: %w", cmyk.Name, ErrNotCMYKOutput)
	}
	if err := cmyk.checkCMYKTables(); err != nil {
		return nil, err
	}
	if o.Intent != Perceptual && o.Intent != RelativeColorimetric {
		return nil, fmt.Errorf("color: intent %v is not supported (perceptual or relative colorimetric)", o.Intent)
	}
	t := &Transform{rgb: rgb, cmyk: cmyk, intent: o.Intent}
	if o.BlackPointCompensation {
		rgbBlack := rgb.rgbToXYZ([]float64{0, 0, 0})
		t.BlackPoint = destinationBlackPoint(cmyk, o.Intent)
		t.toCMYK = newBPC(rgbBlack, t.BlackPoint)
		t.toRGB = newBPC(sourceBlackPoint(cmyk, RelativeColorimetric), rgbBlack)
	} else {
		t.toCMYK, t.toRGB = identityBPC, identityBPC
	}
	return t, nil
}

// CMYK converts an RGB colour (0…1 each, in the RGB profile's encoding)
// to ink values 0…1.
func (t *Transform) CMYK(rgb [3]float64) [4]float64 {
	xyz := t.toCMYK.apply(t.rgb.rgbToXYZ(rgb[:]))
	var dev [maxChannels]float64
	t.cmyk.fromLab(xyz.Lab(), t.intent, dev[:])
	return [4]float64{clamp01(dev[0]), clamp01(dev[1]), clamp01(dev[2]), clamp01(dev[3])}
}

// RGB converts ink values (0…1 each) to RGB 0…1 for previews, through the
// CMYK profile's A2B1 and the inverse of the RGB profile, clipping colours
// outside the RGB gamut.
func (t *Transform) RGB(cmyk [4]float64) [3]float64 {
	lab := t.cmyk.toLab(cmyk[:], RelativeColorimetric)
	xyz := t.toRGB.apply(lab.XYZ())
	var rgb [3]float64
	t.rgb.xyzToRGB(xyz, rgb[:])
	return rgb
}

// bpcMap is the black-point compensation of Little CMS
// (ComputeBlackPointCompensation): a per-component scale and offset in
// XYZ that keeps the D50 white and maps one black point to another.
type bpcMap struct{ scale, offset XYZ }

var identityBPC = bpcMap{scale: XYZ{1, 1, 1}}

func newBPC(in, out XYZ) bpcMap {
	one := func(bi, bo, w float64) (float64, float64) {
		t := bi - w
		return (bo - w) / t, -w * (bo - bi) / t
	}
	var m bpcMap
	m.scale.X, m.offset.X = one(in.X, out.X, D50.X)
	m.scale.Y, m.offset.Y = one(in.Y, out.Y, D50.Y)
	m.scale.Z, m.offset.Z = one(in.Z, out.Z, D50.Z)
	return m
}

func (m bpcMap) apply(c XYZ) XYZ {
	return XYZ{m.scale.X*c.X + m.offset.X, m.scale.Y*c.Y + m.offset.Y, m.scale.Z*c.Z + m.offset.Z}
}

// roundTrip converts Lab to CMYK with intent and back with A2B1.
func roundTrip(p *Profile, c Lab, i Intent) Lab {
	var dev [maxChannels]float64
	p.fromLab(c, i, dev[:])
	return p.toLab(dev[:4], RelativeColorimetric)
}

// perceptualBlack is the v4 perceptual reference medium black (ICC.1
// §6.3.4.4), as Little CMS's cmsPERCEPTUAL_BLACK_X/Y/Z.
var perceptualBlack = XYZ{0.00336, 0.0034731, 0.00287}

// sourceBlackPoint is Little CMS's cmsDetectBlackPoint for a CMYK output
// profile used as a source.
func sourceBlackPoint(p *Profile, i Intent) XYZ {
	if p.Version >= 0x04000000 && (i == Perceptual || i == Saturation) {
		return perceptualBlack
	}
	if i == RelativeColorimetric {
		// Black through the perceptual table discounts the ink limit.
		if p.a2b[Perceptual] == nil {
			return XYZ{}
		}
		lab := roundTrip(p, Lab{}, Perceptual)
		lab.L = math.Min(lab.L, 50)
		lab.A, lab.B = 0, 0
		return lab.XYZ()
	}
	// The darkest colorant: all inks at 100 %.
	lab := p.toLab([]float64{1, 1, 1, 1}, i)
	switch {
	case lab.L > 95 || lab.L < 0:
		lab.L = 0
	case lab.L > 50:
		lab.L = 50
	}
	return lab.XYZ()
}

// destinationBlackPoint is Little CMS's cmsDetectDestinationBlackPoint
// (after Adobe's "Black Point Compensation" algorithm): the L* where the
// Lab → device → Lab round trip stops following its input.
func destinationBlackPoint(p *Profile, i Intent) XYZ {
	if p.Version >= 0x04000000 && (i == Perceptual || i == Saturation) {
		return perceptualBlack
	}
	var initial Lab
	if i == RelativeColorimetric {
		initial = sourceBlackPoint(p, i).Lab()
	}
	// 256 steps of L*, as Adobe's and Little CMS's implementations use.
	const steps = 256
	var inRamp, outRamp [steps]float64
	probe := Lab{A: math.Max(-50, math.Min(50, initial.A)), B: math.Max(-50, math.Min(50, initial.B))}
	for l := range steps {
		probe.L = float64(l) * 100 / (steps - 1)
		inRamp[l] = probe.L
		outRamp[l] = roundTrip(p, probe, i).L
	}
	for l := steps - 2; l > 0; l-- {
		outRamp[l] = math.Min(outRamp[l], outRamp[l+1])
	}
	if !(outRamp[0] < outRamp[steps-1]) {
		return XYZ{}
	}
	minL, maxL := outRamp[0], outRamp[steps-1]
	if i == RelativeColorimetric {
		straight := true
		for l := range steps {
			if !(inRamp[l] <= minL+0.2*(maxL-minL) || math.Abs(inRamp[l]-outRamp[l]) < 4) {
				straight = false
			}
		}
		if straight {
			return initial.XYZ()
		}
	}
	lo, hi := 0.03, 0.25
	if i == RelativeColorimetric {
		lo, hi = 0.1, 0.5
	}
	var xs, ys []float64
	for l := range steps {
		y := (outRamp[l] - minL) / (maxL - minL)
		if y >= lo && y < hi {
			xs, ys = append(xs, inRamp[l]), append(ys, y)
		}
	}
	if len(xs) < 3 {
		return XYZ{}
	}
	return Lab{L: math.Max(0, quadraticRoot(xs, ys)), A: initial.A, B: initial.B}.XYZ()
}

// quadraticRoot fits y = a·x² + b·x + c by least squares and returns the
// root where the fit crosses zero, within 0…50 (Little CMS's
// RootOfLeastSquaresFitQuadraticCurve).
func quadraticRoot(x, y []float64) float64 {
	if len(x) < 4 {
		return 0
	}
	var sx, sx2, sx3, sx4, sy, syx, syx2 float64
	for i := range x {
		xn, yn := x[i], y[i]
		sx += xn
		sx2 += xn * xn
		sx3 += xn * xn * xn
		sx4 += xn * xn * xn * xn
		sy += yn
		syx += yn * xn
		syx2 += yn * xn * xn
	}
	m := [3][3]float64{{float64(len(x)), sx, sx2}, {sx, sx2, sx3}, {sx2, sx3, sx4}}
	inv, ok := invert3(m)
	if !ok {
		return 0
	}
	r := mul3(inv, [3]float64{sy, syx, syx2})
	c, b, a := r[0], r[1], r[2]
	if math.Abs(a) < 1e-10 {
		if math.Abs(b) < 1e-10 {
			return 0
		}
		return math.Min(0, math.Max(50, -c/b)) // sic: Little CMS's clamp
	}
	d := b*b - 4*a*c
	if d <= 0 {
		return 0
	}
	return math.Max(0, math.Min(50, (-b+math.Sqrt(d))/(2*a)))
}
