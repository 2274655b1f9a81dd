package main

import (
	"bytes"
	"encoding/binary"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the reference images in testdata/golden")

// goldenDPI keeps the end-to-end test fast while body text is still some
// 15 px high, so a wrong or missing glyph changes hundreds of pixels.
const goldenDPI = 50

// Tolerance against the reference images. Rendering is deterministic on one
// machine (0 differing pixels); x/image/vector's accumulation has SIMD and
// pure-Go paths whose float rounding may differ between CPUs, which moves
// anti-aliased edge pixels by a level or two, never by maxLevelDiff. A
// glyph shaped or placed differently changes hundreds of pixels by more.
const (
	maxLevelDiff   = 40 // of 255, per channel
	maxDiffPixels  = 40 // pixels allowed past maxLevelDiff
	referenceLangs = "ar,zh,en,fr,ru,es,blank"
)

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return code, o.String(), e.String()
}

func TestRenderEveryLanguageMatchesReference(t *testing.T) {
	out := t.TempDir()
	code, _, stderr := runCLI(t, "render", "--dpi", fmt.Sprint(goldenDPI), "--out", out)
	if code != exitOK {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	for _, lang := range strings.Split(referenceLangs, ",") {
		t.Run(lang, func(t *testing.T) {
			name := filepath.Join(out, "wtisd-2009", lang+".png")
			data, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			checkPNGHeader(t, data, goldenDPI, 420+6, 594+6)
			ref := filepath.Join("testdata", "golden", lang+".png")
			if *update {
				if err := os.WriteFile(ref, data, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			got := decode(t, data)
			want := decode(t, readFile(t, ref))
			n, worst, diff := compare(got, want)
			if n > maxDiffPixels {
				p := filepath.Join(t.TempDir(), lang+"-diff.png")
				writePNG(t, p, diff)
				t.Errorf("%d pixels differ by more than %d levels (worst %d) from %s; diff image: %s\n(run go test ./cmd/posterkit -update after checking the new rendering by eye)",
					n, maxLevelDiff, worst, ref, p)
			}
		})
	}
}

// checkPNGHeader checks the pixel size, the colour type (8-bit RGB) and the
// pHYs chunk of a PNG of a wMM × hMM page at dpi.
func checkPNGHeader(t *testing.T, data []byte, dpi, wMM, hMM float64) {
	t.Helper()
	if !bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")) {
		t.Fatal("not a PNG")
	}
	wantW, wantH := int(math.Round(wMM/25.4*dpi)), int(math.Round(hMM/25.4*dpi))
	var sawPHYs bool
	for p := 8; p+8 <= len(data); {
		n := int(binary.BigEndian.Uint32(data[p:]))
		typ := string(data[p+4 : p+8])
		body := data[p+8 : p+8+n]
		switch typ {
		case "IHDR":
			w, h := int(binary.BigEndian.Uint32(body)), int(binary.BigEndian.Uint32(body[4:]))
			if w != wantW || h != wantH {
				t.Errorf("%d×%d px, want %d×%d for %g×%g mm at %g DPI", w, h, wantW, wantH, wMM, hMM, dpi)
			}
			if body[8] != 8 || body[9] != 2 {
				t.Errorf("bit depth %d colour type %d, want 8-bit RGB (2)", body[8], body[9])
			}
		case "pHYs":
			sawPHYs = true
			ppm := binary.BigEndian.Uint32(body)
			if want := uint32(math.Round(dpi / 0.0254)); ppm != want || body[8] != 1 {
				t.Errorf("pHYs %d px/m unit %d, want %d px/m unit 1", ppm, body[8], want)
			}
		case "IDAT":
			if !sawPHYs {
				t.Error("no pHYs chunk before IDAT")
			}
			return
		}
		p += 12 + n
	}
}

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func decode(t *testing.T, data []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func writePNG(t *testing.T, name string, img image.Image) {
	var b bytes.Buffer
	png.Encode(&b, img)
	os.WriteFile(name, b.Bytes(), 0o644)
}

// compare counts pixels whose channels differ by more than maxLevelDiff and
// returns an image marking them red on a faded copy of got.
func compare(got, want image.Image) (n, worst int, diff *image.RGBA) {
	b := got.Bounds()
	diff = image.NewRGBA(b)
	if want.Bounds() != b {
		return b.Dx() * b.Dy(), 255, diff
	}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r1, g1, b1, _ := got.At(x, y).RGBA()
			r2, g2, b2, _ := want.At(x, y).RGBA()
			d := max(absDiff(r1, r2), absDiff(g1, g2), absDiff(b1, b2)) >> 8
			worst = max(worst, d)
			if d > maxLevelDiff {
				n++
				diff.Set(x, y, color.RGBA{255, 0, 0, 255})
			} else {
				diff.Set(x, y, color.RGBA{uint8(r1>>10) + 192, uint8(g1>>10) + 192, uint8(b1>>10) + 192, 255})
			}
		}
	}
	return n, worst, diff
}

func absDiff(a, b uint32) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}

func TestRenderIsDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	for _, dir := range []string{a, b} {
		if code, _, stderr := runCLI(t, "render", "--lang", "ar,zh", "--dpi", "30", "--out", dir); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
	}
	for _, lang := range []string{"ar", "zh"} {
		x := readFile(t, filepath.Join(a, "wtisd-2009", lang+".png"))
		y := readFile(t, filepath.Join(b, "wtisd-2009", lang+".png"))
		if !bytes.Equal(x, y) {
			t.Errorf("%s.png differs between two renders", lang)
		}
	}
}

// writeLayout copies the bundled layout to a temporary folder, replacing
// files as given, and returns the folder.
func writeLayout(t *testing.T, replace map[string]string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "my-poster")
	src := filepath.Join("..", "..", "layouts", "wtisd-2009")
	err := filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		data := readFile(t, p)
		if r, ok := replace[filepath.ToSlash(rel)]; ok {
			data = []byte(r)
		}
		os.MkdirAll(filepath.Join(dir, filepath.Dir(rel)), 0o755)
		return os.WriteFile(filepath.Join(dir, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestBadStringsFailOneLanguageOnly(t *testing.T) {
	en := string(readFile(t, "../../layouts/wtisd-2009/strings/en.yaml"))
	fr := string(readFile(t, "../../layouts/wtisd-2009/strings/fr.yaml"))
	ru := string(readFile(t, "../../layouts/wtisd-2009/strings/ru.yaml"))
	dir := writeLayout(t, map[string]string{
		// en loses its footer; fr gets a body far too long; ru gets a Thai word no bundled font covers.
		"strings/en.yaml": strings.Replace(en, "footer:", "unused:", 1),
		"strings/fr.yaml": strings.Replace(fr, "body: >-", "body: >-\n  "+strings.Repeat("Protéger les enfants dans le cyberespace. ", 60), 1),
		"strings/ru.yaml": strings.Replace(ru, "headline: ", "headline: สวัสดี ", 1),
	})
	out := t.TempDir()
	code, _, stderr := runCLI(t, "render", dir, "--lang", "en,fr,ru,es", "--dpi", "20", "--out", out)
	if code != exitFailed {
		t.Fatalf("exit %d, want %d:\n%s", code, exitFailed, stderr)
	}
	for _, want := range []string{
		`frame "footer", language en: ` + filepath.Clean(dir) + `/strings/en.yaml has no text for this frame`,
		`frame "body", language fr: text does not fit at the minimum size 14.0 pt`,
		`frame "headline", language ru: no font covers U+0E2A 'ส' (Noto Sans Thai covers it)`,
		"2 of 8 outputs made (2 rendered, 0 skipped, unchanged; 6 failed, see above)",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("report lacks %q:\n%s", want, stderr)
		}
	}
	entries, _ := os.ReadDir(filepath.Join(out, "my-poster"))
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if strings.Join(names, ",") != "es.pdf,es.png" {
		t.Errorf("output folder holds %v, want only es.pdf and es.png (no partial or temporary files)", names)
	}
}

func TestBadLayoutNamesFileLineField(t *testing.T) {
	layout := string(readFile(t, "../../layouts/wtisd-2009/layout.yaml"))
	dir := writeLayout(t, map[string]string{"layout.yaml": strings.Replace(layout, "valign: middle", "valign: centre", 1)})
	code, _, stderr := runCLI(t, "render", dir, "--out", t.TempDir())
	if code != exitUsage {
		t.Fatalf("exit %d, want %d", code, exitUsage)
	}
	if !strings.Contains(stderr, "layout.yaml:") || !strings.Contains(stderr, `.valign: unknown vertical alignment "centre"`) {
		t.Errorf("unclear error:\n%s", stderr)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"frobnicate"},
		{"render", "--lang", "xx"},
		{"render", "--format", "gif"},
		{"render", "--dpi", "0"},
		{"render", "no-such-layout"},
		{"shape", "--text", "x"},
		{"render", "--bogus"},
	} {
		if code, _, _ := runCLI(t, args...); code != exitUsage {
			t.Errorf("%q: exit %d, want %d", args, code, exitUsage)
		}
	}
	if code, out, _ := runCLI(t, "--help"); code != 0 || !strings.Contains(out, "posterkit render") {
		t.Errorf("--help: exit %d, %q", code, out)
	}
	if code, out, _ := runCLI(t, "--version"); code != 0 || !strings.HasPrefix(out, "posterkit ") {
		t.Errorf("--version: exit %d, %q", code, out)
	}
	if code, out, _ := runCLI(t, "layouts"); code != 0 || !strings.HasPrefix(out, "wtisd-2009\t") {
		t.Errorf("layouts: exit %d, %q", code, out)
	}
}

// TestShapeCommandMatchesHarfBuzz checks `posterkit shape` against
// hb-shape itself when it is installed (the golden test in render/text
// covers the engine without it).
func TestShapeCommandMatchesHarfBuzz(t *testing.T) {
	hb, err := exec.LookPath("hb-shape")
	if err != nil {
		t.Skip("hb-shape not installed (Debian package libharfbuzz-bin)")
	}
	for _, c := range []struct{ font, text, lang, script, dir string }{
		{"NotoNaskhArabic-Regular", "لا إله إلا الله", "ar", "Arab", "rtl"},
		{"NotoSans-Regular", "Те AV", "ru", "Cyrl", "ltr"},
	} {
		font := filepath.Join("..", "..", "fonts", c.font+".ttf")
		want, err := exec.Command(hb, "--output-format=json", "--no-glyph-names", "--font-size=upem",
			"--direction="+c.dir, "--script="+c.script, "--language="+c.lang, font, c.text).Output()
		if err != nil {
			t.Fatal(err)
		}
		code, got, stderr := runCLI(t, "shape", "--font", font, "--text", c.text, "--lang", c.lang, "--script", c.script, "--dir", c.dir)
		if code != 0 {
			t.Fatal(stderr)
		}
		if strings.TrimSpace(got) != strings.TrimSpace(string(want)) {
			t.Errorf("%s %q:\nposterkit %s\nhb-shape  %s", c.font, c.text, got, want)
		}
	}
}

// TestLayoutArgument covers how the layout is named: a folder given as "."
// is named after the folder, and a folder of the bundled layout's name
// without a layout.yaml (an output folder) does not hide the bundled one.
func TestLayoutArgument(t *testing.T) {
	dir := writeLayout(t, nil)
	wd, _ := os.Getwd()
	t.Chdir(dir)
	out := t.TempDir()
	if code, _, stderr := runCLI(t, "render", ".", "--lang", "en", "--format", "pdf", "--out", out); code != 0 {
		t.Fatal(stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "my-poster", "en.pdf")); err != nil {
		t.Errorf("render . did not write OUT/my-poster/en.pdf: %v", err)
	}
	os.MkdirAll(filepath.Join(out, "wtisd-2009"), 0o755)
	t.Chdir(out)
	if code, _, stderr := runCLI(t, "render", "wtisd-2009", "--lang", "en", "--format", "pdf", "--out", t.TempDir()); code != 0 {
		t.Errorf("a folder named like the bundled layout hides it: %s", stderr)
	}
	if code, _, _ := runCLI(t, "render", "--lang", "blank", "--strings", filepath.Join(wd, "testdata", "strings", "hi.yaml")); code != exitUsage {
		t.Errorf("--lang blank with --strings: exit %d, want %d", code, exitUsage)
	}
}
