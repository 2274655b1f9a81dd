package export_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"posterkit/fonts"
	"posterkit/internal/pdfcheck"
	"posterkit/layouts"
	"posterkit/render/export"
	"posterkit/render/layout"
	"posterkit/render/raster"
	"posterkit/render/scene"
	"posterkit/render/template"
	"posterkit/render/text"
)

// These tests run the whole pipeline on the bundled poster and read the
// files back with real readers: pdfium, poppler and mupdf.

func bundled(t testing.TB) *template.Template {
	tm, err := layouts.Bundled("wtisd-2009")
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

// posterScenes lays out the bundled poster in every language, once.
var posterScenes = sync.OnceValues(func() (map[string]*scene.Scene, map[string]*template.Strings) {
	tm := bundled(&testing.T{})
	eng := text.NewEngine(fonts.Default())
	scenes, strs := map[string]*scene.Scene{}, map[string]*template.Strings{}
	for _, lang := range tm.Languages {
		s, _ := tm.LoadStrings(lang)
		sc, _, err := layout.Page(tm, lang, s, eng, layout.Options{})
		if err != nil {
			panic(err)
		}
		scenes[lang], strs[lang] = sc, s
	}
	return scenes, strs
})

func write(t testing.TB, s *scene.Scene) []byte {
	var b bytes.Buffer
	if err := export.Write(&b, export.PDF, s, export.Options{Creator: "posterkit test"}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func rtl(lang string) bool { return lang == "ar" }

func unmirror(s string) string { return strings.NewReplacer(")", "(", "]", "[", "»", "«").Replace(s) }

// missingChars returns the characters of want that got has fewer of.
func missingChars(want, got string) string {
	n := map[rune]int{}
	for _, r := range got {
		n[r]++
	}
	var out []rune
	for _, r := range want {
		if n[r] == 0 {
			out = append(out, r)
			continue
		}
		n[r]--
	}
	return string(out)
}

func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '\n' || r == '\r' || r == '\t' || r == '\u00a0' || r == '\u200b' || r == '\ufffe' || r == '\u0002' {
			return -1
		}
		return r
	}, s)
}

func TestPosterPDFPagesBoxesAndText(t *testing.T) {
	scenes, strs := posterScenes()
	for _, lang := range []string{"ar", "zh", "en", "fr", "ru", "es"} {
		t.Run(lang, func(t *testing.T) {
			s := scenes[lang]
			o := pdfcheck.Open(t, write(t, s))
			if o.Pages != 1 {
				t.Fatalf("%d pages, want 1", o.Pages)
			}
			const mm = scene.MM
			W, H := 426*mm, 600*mm
			media, trim, bleed := o.Boxes(0)
			near := func(a, b float64) bool { return math.Abs(a-b) < 0.01 }
			if !near(media.Left, 0) || !near(media.Bottom, 0) || !near(media.Right, W) || !near(media.Top, H) {
				t.Errorf("MediaBox %+v, want [0 0 %.3f %.3f]", media, W, H)
			}
			if !near(bleed.Left, 0) || !near(bleed.Bottom, 0) || !near(bleed.Right, W) || !near(bleed.Top, H) {
				t.Errorf("BleedBox %+v, want the MediaBox", bleed)
			}
			if !near(trim.Left, 3*mm) || !near(trim.Bottom, 3*mm) || !near(trim.Right, 423*mm) || !near(trim.Top, 597*mm) {
				t.Errorf("TrimBox %+v, want the A2 page inside 3 mm of bleed", trim)
			}
			got := squeeze(o.Text(0))
			for id, txt := range strs[lang].Text {
				want := squeeze(txt)
				if !rtl(lang) {
					if !strings.Contains(got, want) {
						t.Errorf("frame %s: pdfium does not extract\n  %s\nfrom\n  %s", id, want, got)
					}
					continue
				}
				// pdfium rebuilds reading order from glyph positions with
				// bidi heuristics of its own, which move neutrals at
				// direction boundaries ("2009،" comes out as "،2009"),
				// mirror parentheses that ToUnicode already gives in logical
				// form, and reverse a URL's parts ("cop/int.itu.www"): every
				// character must be there, parentheses either way round, and
				// most in order (measured: 1.000 headline and occasion,
				// 0.995 body, 0.841 footer; poppler and mupdf read all four
				// fully in order, see TestExtractionInOrder).
				if missing := missingChars(unmirror(want), unmirror(got)); missing != "" {
					t.Errorf("frame %s: pdfium does not extract %q", id, missing)
				}
				if share := inOrder(want, got); share < 0.8 {
					t.Errorf("frame %s: pdfium extracts %.3f of the text in order:\n  %s\nfrom\n  %s", id, share, want, got)
				} else {
					t.Logf("frame %s: pdfium extracts %.3f of the text in order", id, share)
				}
			}
		})
	}
}

// TestPDFRenderingMatchesPNG compares pdfium's rendering of the PDF with the
// PNG backend's rendering of the same scene at the same resolution. Both
// draw the same outlines at the same positions; they differ in
// anti-aliasing, in pdfium snapping glyph origins to whole pixels (up to half
// a pixel, where the PNG backend keeps quarter pixels) and in image
// resampling. Averaging 4×4 blocks removes those sub-pixel differences and
// keeps anything larger: a glyph missing, moved by a quarter of a line, or a
// shape drawn in the wrong colour changes blocks by far more than
// blockLevels.
func TestPDFRenderingMatchesPNG(t *testing.T) {
	const (
		dpi         = 72
		block       = 4
		blockLevels = 40    // of 255
		maxFar      = 0.002 // share of blocks allowed past blockLevels
	)
	scenes, _ := posterScenes()
	for _, lang := range []string{"ar", "zh", "en"} {
		t.Run(lang, func(t *testing.T) {
			s := scenes[lang]
			got := pdfcheck.Open(t, write(t, s)).Render(0, dpi, false)
			want, err := raster.Rasterize(s, dpi)
			if err != nil {
				t.Fatal(err)
			}
			// pdfium rounds the pixel size up, the PNG backend to nearest:
			// they may differ by a row or column at the far edges.
			gs, ws := got.Bounds().Size(), want.Bounds().Size()
			if d := gs.Sub(ws); d.X < 0 || d.X > 1 || d.Y < 0 || d.Y > 1 {
				t.Fatalf("pdfium renders %v, the PNG backend %v", gs, ws)
			}
			a, b := blocks(got, ws, block), blocks(want, ws, block)
			far, sum := 0, 0.0
			diff := image.NewRGBA(a.Bounds())
			for i := 0; i+3 < len(a.Pix); i += 4 {
				d := 0
				for c := 0; c < 3; c++ {
					d = max(d, absd(uint32(a.Pix[i+c]), uint32(b.Pix[i+c])))
				}
				sum += float64(d)
				copy(diff.Pix[i:i+4], []uint8{b.Pix[i] / 2, b.Pix[i+1] / 2, b.Pix[i+2] / 2, 255})
				if d > blockLevels {
					far++
					copy(diff.Pix[i:i+4], []uint8{255, 0, 0, 255})
				}
			}
			n := len(a.Pix) / 4
			t.Logf("%s: mean block difference %.2f levels, %d of %d blocks (%.3f%%) differ by more than %d",
				lang, sum/float64(n), far, n, 100*float64(far)/float64(n), blockLevels)
			if float64(far)/float64(n) > maxFar {
				var buf bytes.Buffer
				png.Encode(&buf, diff)
				dir, _ := os.MkdirTemp("", "posterkit-diff-") // kept for a person to look at
				p := filepath.Join(dir, lang+"-pdf-vs-png.png")
				os.WriteFile(p, buf.Bytes(), 0o644)
				t.Errorf("pdfium's rendering differs from the PNG backend's in %d blocks; diff in %s", far, p)
			}
		})
	}
}

// blocks averages k×k blocks of img's top-left size pixels.
func blocks(img image.Image, size image.Point, k int) *image.RGBA {
	out := image.NewRGBA(image.Rect(0, 0, size.X/k, size.Y/k))
	for by := 0; by < size.Y/k; by++ {
		for bx := 0; bx < size.X/k; bx++ {
			var r, g, b uint32
			for y := by * k; y < by*k+k; y++ {
				for x := bx * k; x < bx*k+k; x++ {
					cr, cg, cb, _ := img.At(x, y).RGBA()
					r, g, b = r+cr>>8, g+cg>>8, b+cb>>8
				}
			}
			n := uint32(k * k)
			out.Set(bx, by, color.RGBA{uint8(r / n), uint8(g / n), uint8(b / n), 255})
		}
	}
	return out
}

func absd(a, b uint32) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}

func TestFontsEmbeddedAsSubsets(t *testing.T) {
	scenes, _ := posterScenes()
	data := write(t, scenes["zh"])
	// The Chinese poster uses some 200 of Noto Sans SC's 30,000 glyphs: the
	// whole PDF must be far smaller than the 10 MB font.
	if len(data) > 1<<20 {
		t.Errorf("Chinese PDF is %d bytes", len(data))
	}
	for _, want := range []string{"/Subtype/Type0", "/Encoding/Identity-H", "/Subtype/CIDFontType2", "/FontFile2", "/ToUnicode", "/CIDToGIDMap "} {
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf("no %s", want)
		}
	}
	if !bytes.Contains(data, []byte("+NotoSansSC-")) {
		t.Error("no subset-tagged BaseFont for Noto Sans SC")
	}
}

// TestExtractionInOrder measures, with poppler's pdftotext and mupdf's
// mutool when they are installed, the share of each poster's characters
// read back in order (longest common subsequence, whitespace aside).
func TestExtractionInOrder(t *testing.T) {
	scenes, strs := posterScenes()
	tools := map[string][]string{
		"pdftotext": {"pdftotext", "-enc", "UTF-8", "FILE", "-"},
		"mutool":    {"mutool", "draw", "-q", "-F", "txt", "-o", "-", "FILE"},
	}
	dir := t.TempDir()
	for _, tool := range []string{"pdftotext", "mutool"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Logf("%s not installed: skipped", tool)
			continue
		}
		for _, lang := range []string{"ar", "zh", "en", "fr", "ru", "es"} {
			file := filepath.Join(dir, lang+".pdf")
			os.WriteFile(file, write(t, scenes[lang]), 0o644)
			args := append([]string(nil), tools[tool]...)
			for i := range args {
				if args[i] == "FILE" {
					args[i] = file
				}
			}
			out, err := exec.Command(args[0], args[1:]...).Output()
			if err != nil {
				t.Fatalf("%s: %v", tool, err)
			}
			var want strings.Builder
			tm := bundled(t)
			for _, f := range tm.Frames {
				want.WriteString(strs[lang].Text[f.ID])
			}
			share := inOrder(squeeze(want.String()), squeeze(string(out)))
			t.Logf("%-9s %s: %.3f of characters in order", tool, lang, share)
			if share < 0.99 {
				t.Errorf("%s reads back only %.3f of the %s text in order:\n%s", tool, share, lang, out)
			}
			if strings.ContainsRune(string(out), '\ufffd') {
				t.Errorf("%s reads U+FFFD (a glyph without text) in the %s text:\n%s", tool, lang, out)
			}
		}
	}
}

// inOrder is the share of want's characters got gives back in order.
func inOrder(want, got string) float64 { return pdfcheck.InOrder([]rune(want), []rune(got)) }

// BenchmarkWritePoster measures scene → PDF (subsetting included) for the
// six languages of the bundled poster.
func BenchmarkWritePoster(b *testing.B) {
	scenes, _ := posterScenes()
	var buf bytes.Buffer
	for i := 0; i < b.N; i++ {
		for _, lang := range []string{"ar", "zh", "en", "fr", "ru", "es"} {
			buf.Reset()
			if err := export.Write(&buf, export.PDF, scenes[lang], export.Options{}); err != nil {
				b.Fatal(err)
			}
		}
	}
}
