package color

import (
	"os"
	"testing"
)

// FuzzParse feeds the parser whole, truncated and synthetic profiles and
// runs whatever parses through the conversions: nothing may panic.
func FuzzParse(f *testing.F) {
	fogra, err := os.ReadFile(profilePath)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(fogra)
	f.Add(fogra[:len(fogra)/2])
	f.Add(fogra[:200])
	f.Add([]byte{})
	f.Add(srgbV4())
	f.Add(cmykV4())
	srgb := SRGB()
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Parse("fuzz.icc", data)
		if err != nil {
			return
		}
		in := []float64{0.2, 0.9, 0.5, 1, 0, 0.3, 0.7, 0.1, 0.4, 0.6, 0.8, 0.05, 0.95, 0.15, 0.25}
		var out [maxChannels]float64
		for _, pl := range append(p.a2b[:], p.b2a[:]...) {
			if pl != nil {
				pl.eval(out[:], in)
				pl.enc.decode(out[:])
			}
		}
		if p.matrix != nil {
			p.xyzToRGB(p.rgbToXYZ(in[:3]), out[:])
		}
		if p, err := ParseOutputProfile("fuzz.icc", data); err == nil {
			tr, err := NewTransform(srgb, p, Options{Intent: RelativeColorimetric, BlackPointCompensation: true})
			if err != nil {
				t.Fatal(err)
			}
			tr.RGB(tr.CMYK([3]float64{0.1, 0.5, 0.9}))
		}
	})
}
