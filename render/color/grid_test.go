package color

import (
	"math"
	"math/rand"
	"os"
	"testing"
)

// TestGridMatchesTransform: the grid's interpolation against the exact
// conversion, measured in Lab through the profile (what the print shows),
// over the cube's corners, its grey axis and random colours.
func TestGridMatchesTransform(t *testing.T) {
	data, err := os.ReadFile("../../assets/icc/FOGRA39-posterkit.icc")
	if err != nil {
		t.Fatal(err)
	}
	p, err := ParseOutputProfile("FOGRA39-posterkit.icc", data)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := NewTransform(SRGB(), p, Options{Intent: RelativeColorimetric, BlackPointCompensation: true})
	if err != nil {
		t.Fatal(err)
	}
	g := tr.Grid()
	rng := rand.New(rand.NewSource(1))
	var worst float64
	check := func(rgb [3]float64) {
		want, got := p.CMYKToLab(tr.CMYK(rgb)), p.CMYKToLab(g.CMYK(rgb))
		d := math.Sqrt((want.L-got.L)*(want.L-got.L) + (want.A-got.A)*(want.A-got.A) + (want.B-got.B)*(want.B-got.B))
		worst = max(worst, d)
		if d > 1 {
			t.Errorf("%v: grid %v, exact %v: ΔE76 %.2f", rgb, g.CMYK(rgb), tr.CMYK(rgb), d)
		}
	}
	for i := 0; i < 8; i++ {
		check([3]float64{float64(i & 1), float64(i >> 1 & 1), float64(i >> 2 & 1)})
	}
	for v := 0.0; v <= 1; v += 0.05 {
		check([3]float64{v, v, v})
	}
	for i := 0; i < 300; i++ {
		check([3]float64{rng.Float64(), rng.Float64(), rng.Float64()})
	}
	t.Logf("worst ΔE76 of the grid: %.3f", worst)
}
