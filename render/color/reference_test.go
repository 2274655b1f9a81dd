package color

import (
	"bufio"
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// The reference is Little CMS 2.14 (transicc) and Argyll 2.3.1 (xicclu)
// run by testdata/make-reference.sh on posterkit's profile.

const profilePath = "../../assets/icc/FOGRA39-posterkit.icc"

func loadProfile(t testing.TB) *Profile {
	t.Helper()
	data, err := os.ReadFile(profilePath)
	if err != nil {
		t.Fatal(err)
	}
	p, err := ParseOutputProfile("FOGRA39-posterkit.icc", data)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

type refSample struct {
	name          string
	rgb           [3]float64 // 0…255
	rel, perc     [4]float64 // CMYK %
	relLab        Lab        // lcms's A2B1 of rel
	percLab       Lab
	back          [3]float64 // 0…255
	lab           Lab        // the sRGB colour in Lab
	argyllRelCMYK [4]float64 // %
}

func readReference(t *testing.T) []refSample {
	t.Helper()
	f, err := os.ReadFile("testdata/reference.tsv")
	if err != nil {
		t.Fatal(err)
	}
	var out []refSample
	sc := bufio.NewScanner(bytes.NewReader(f))
	for line := 1; sc.Scan(); line++ {
		if strings.HasPrefix(sc.Text(), "#") {
			continue
		}
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) != 9 {
			t.Fatalf("reference.tsv:%d: %d columns, want 9", line, len(cols))
		}
		nums := func(i, n int) []float64 {
			fs := strings.Fields(cols[i])
			if len(fs) != n {
				t.Fatalf("reference.tsv:%d: column %d has %d numbers, want %d", line, i+1, len(fs), n)
			}
			v := make([]float64, n)
			for k, s := range fs {
				if v[k], err = strconv.ParseFloat(s, 64); err != nil {
					t.Fatalf("reference.tsv:%d: %v", line, err)
				}
			}
			return v
		}
		lab := func(i int) Lab { v := nums(i, 3); return Lab{v[0], v[1], v[2]} }
		s := refSample{name: cols[0], relLab: lab(3), percLab: lab(5), lab: lab(7)}
		copy(s.rgb[:], nums(1, 3))
		copy(s.rel[:], nums(2, 4))
		copy(s.perc[:], nums(4, 4))
		copy(s.back[:], nums(6, 3))
		copy(s.argyllRelCMYK[:], nums(8, 4))
		out = append(out, s)
	}
	if len(out) < 50 {
		t.Fatalf("reference.tsv has %d samples, want at least 50", len(out))
	}
	return out
}

func pct(c [4]float64) [4]float64 { return [4]float64{c[0] * 100, c[1] * 100, c[2] * 100, c[3] * 100} }

func maxInkDiff(a, b [4]float64) float64 {
	d := 0.0
	for i := range a {
		d = math.Max(d, math.Abs(a[i]-b[i]))
	}
	return d
}

// Tolerances against Little CMS.
const (
	// maxDeltaE, CIE76 (stricter than ΔE2000 for saturated colours): a
	// visible difference starts near 1; the engines agree to 0.01, so 0.05
	// catches a regression long before anyone could see it.
	maxDeltaE = 0.05
	// maxInk, percentage points per ink: Little CMS quantises to 16 bits
	// where it evaluates lut16 curves and CLUTs (steps of 0.0015 %, which
	// steep B2A tables amplify); the engines agree to 0.02 %. A plate
	// carries 8-bit ink values (steps of 0.4 %), so 0.1 % is below what a
	// press can show.
	maxInk = 0.1
)

func TestSRGBToCMYKMatchesLittleCMS(t *testing.T) {
	p := loadProfile(t)
	samples := readReference(t)
	for _, tc := range []struct {
		intent Intent
		cmyk   func(refSample) [4]float64
		lab    func(refSample) Lab
	}{
		{RelativeColorimetric, func(s refSample) [4]float64 { return s.rel }, func(s refSample) Lab { return s.relLab }},
		{Perceptual, func(s refSample) [4]float64 { return s.perc }, func(s refSample) Lab { return s.percLab }},
	} {
		t.Run(tc.intent.String(), func(t *testing.T) {
			tr, err := NewTransform(SRGB(), p, Options{Intent: tc.intent, BlackPointCompensation: true})
			if err != nil {
				t.Fatal(err)
			}
			var max76, sum76, max00, sum00, maxD float64
			for _, s := range samples {
				got := tr.CMYK([3]float64{s.rgb[0] / 255, s.rgb[1] / 255, s.rgb[2] / 255})
				gotLab := p.CMYKToLab(got)
				e76, e00 := DeltaE76(gotLab, tc.lab(s)), DeltaE2000(gotLab, tc.lab(s))
				d := maxInkDiff(pct(got), tc.cmyk(s))
				max76, sum76 = math.Max(max76, e76), sum76+e76
				max00, sum00 = math.Max(max00, e00), sum00+e00
				maxD = math.Max(maxD, d)
				if e76 > maxDeltaE || d > maxInk {
					t.Errorf("%s %v: CMYK %.2f, lcms %.2f (ink Δ %.2f %%); Lab %v, lcms's %v: ΔE76 %.2f ΔE2000 %.2f",
						s.name, s.rgb, pct(got), tc.cmyk(s), d, gotLab, tc.lab(s), e76, e00)
				}
			}
			n := float64(len(samples))
			t.Logf("%d colours: ΔE76 max %.3f mean %.3f; ΔE2000 max %.3f mean %.3f; ink max %.3f %%", len(samples), max76, sum76/n, max00, sum00/n, maxD)
		})
	}
}

// The profile's A2B1 as this package evaluates it against lcms's.
func TestCMYKToLabMatchesLittleCMS(t *testing.T) {
	p := loadProfile(t)
	var worst float64
	for _, s := range readReference(t) {
		for _, c := range []struct {
			cmyk [4]float64
			lab  Lab
		}{{s.rel, s.relLab}, {s.perc, s.percLab}} {
			got := p.CMYKToLab([4]float64{c.cmyk[0] / 100, c.cmyk[1] / 100, c.cmyk[2] / 100, c.cmyk[3] / 100})
			e := DeltaE76(got, c.lab)
			worst = math.Max(worst, e)
			// 0.05: the 16-bit quantisation of lcms's lut16 evaluation.
			if e > 0.05 {
				t.Errorf("%s: A2B1 of CMYK %.2f is %v, lcms says %v (ΔE76 %.3f)", s.name, c.cmyk, got, c.lab, e)
			}
		}
	}
	t.Logf("worst ΔE76 %.4f", worst)
}

// The B2A1 table alone against Argyll's own lookup (xicclu), with
// Argyll's tetrahedral interpolation instead of Little CMS's trilinear.
func TestB2A1MatchesArgyll(t *testing.T) {
	p := loadProfile(t)
	for _, pl := range p.b2a {
		for _, s := range pl.stages {
			if c, ok := s.(*clut); ok {
				c.trilinear = false // Argyll's interpolation
			}
		}
	}
	var worst float64
	for _, s := range readReference(t) {
		var dev [maxChannels]float64
		p.fromLab(s.lab, RelativeColorimetric, dev[:])
		got := pct([4]float64{dev[0], dev[1], dev[2], dev[3]})
		d := maxInkDiff(got, s.argyllRelCMYK)
		worst = math.Max(worst, d)
		// 0.001 %: float rounding; the reference is printed to 1e-6.
		if d > 0.001 {
			t.Errorf("%s: B2A1 of %v is %.4f, Argyll says %.4f", s.name, s.lab, got, s.argyllRelCMYK)
		}
	}
	t.Logf("worst ink difference %.6f %%", worst)
}

func TestCMYKToSRGBMatchesLittleCMS(t *testing.T) {
	p := loadProfile(t)
	tr, err := NewTransform(SRGB(), p, Options{Intent: RelativeColorimetric, BlackPointCompensation: true})
	if err != nil {
		t.Fatal(err)
	}
	srgb := SRGB()
	var worst, sum float64
	samples := readReference(t)
	for _, s := range samples {
		got := tr.RGB([4]float64{s.rel[0] / 100, s.rel[1] / 100, s.rel[2] / 100, s.rel[3] / 100})
		want := [3]float64{s.back[0] / 255, s.back[1] / 255, s.back[2] / 255}
		gl, wl := srgb.rgbToXYZ(got[:]).Lab(), srgb.rgbToXYZ(want[:]).Lab()
		e := DeltaE76(gl, wl)
		worst, sum = math.Max(worst, e), sum+e
		if e > maxDeltaE {
			t.Errorf("%s: CMYK %.2f → sRGB %.1f, lcms %.1f (ΔE76 %.2f)", s.name, s.rel, scale255(got), s.back, e)
		}
	}
	t.Logf("%d colours: ΔE76 max %.3f mean %.3f", len(samples), worst, sum/float64(len(samples)))
}

func scale255(c [3]float64) [3]float64 { return [3]float64{c[0] * 255, c[1] * 255, c[2] * 255} }

// TestAgainstInstalledTransicc re-runs Little CMS, when it is installed, on
// colours the committed reference does not have.
func TestAgainstInstalledTransicc(t *testing.T) {
	bin, err := exec.LookPath("transicc")
	if err != nil {
		t.Skip("transicc not installed (Debian: liblcms2-utils)")
	}
	p := loadProfile(t)
	rng := rand.New(rand.NewPCG(2009, 9))
	var in strings.Builder
	var rgbs [][3]float64
	for range 200 {
		c := [3]float64{float64(rng.IntN(256)), float64(rng.IntN(256)), float64(rng.IntN(256))}
		rgbs = append(rgbs, c)
		fmt.Fprintf(&in, "%g %g %g\n", c[0], c[1], c[2])
	}
	for _, intent := range []Intent{RelativeColorimetric, Perceptual} {
		t.Run(intent.String(), func(t *testing.T) {
			cmd := exec.Command(bin, "-c0", "-n", "-i", "*sRGB", "-o", profilePath, fmt.Sprintf("-t%d", intent), "-b")
			cmd.Stdin = strings.NewReader(in.String())
			out, err := cmd.Output()
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSpace(string(out)), "\n")
			if len(lines) != len(rgbs) {
				t.Fatalf("transicc printed %d lines for %d colours", len(lines), len(rgbs))
			}
			tr, err := NewTransform(SRGB(), p, Options{Intent: intent, BlackPointCompensation: true})
			if err != nil {
				t.Fatal(err)
			}
			var worst float64
			for i, l := range lines {
				var ref [4]float64
				if _, err := fmt.Sscan(l, &ref[0], &ref[1], &ref[2], &ref[3]); err != nil {
					t.Fatalf("transicc line %q: %v", l, err)
				}
				got := tr.CMYK([3]float64{rgbs[i][0] / 255, rgbs[i][1] / 255, rgbs[i][2] / 255})
				e := DeltaE76(p.CMYKToLab(got), p.CMYKToLab([4]float64{ref[0] / 100, ref[1] / 100, ref[2] / 100, ref[3] / 100}))
				worst = math.Max(worst, e)
				if e > maxDeltaE || maxInkDiff(pct(got), ref) > maxInk {
					t.Errorf("sRGB %v: CMYK %.2f, transicc %.2f, ΔE76 %.2f", rgbs[i], pct(got), ref, e)
				}
			}
			t.Logf("%d colours: worst ΔE76 %.3f", len(rgbs), worst)
		})
	}
}
