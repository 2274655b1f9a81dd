package export_test

import (
	"bytes"
	"compress/zlib"
	"image"
	"image/color"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/image/tiff"

	"posterkit/fonts"
	"posterkit/layouts"
	"posterkit/preflight"
	"posterkit/render/export"
	"posterkit/render/layout"
	"posterkit/render/scene"
	"posterkit/render/svg"
	"posterkit/render/text"
)

// printSetup is the bundled FOGRA39 conversion, relative colorimetric.
func printSetup(t testing.TB) *export.Print {
	t.Helper()
	p, err := export.ParsePrint("", "", "relative")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

var date = time.Date(2009, 5, 17, 0, 0, 0, 0, time.UTC)

// streams returns every object of a PDF with its stream inflated, as text:
// dictionaries, content streams and all.
func streams(t testing.TB, data []byte) string {
	var b strings.Builder
	for rest := data; ; {
		i := bytes.Index(rest, []byte(">>\nstream\n"))
		if i < 0 {
			b.Write(rest)
			return b.String()
		}
		b.Write(rest[:i+2])
		rest = rest[i+len(">>\nstream\n"):]
		j := bytes.Index(rest, []byte("\nendstream"))
		if j < 0 {
			return b.String()
		}
		if zr, err := zlib.NewReader(bytes.NewReader(rest[:j])); err == nil {
			if in, err := io.ReadAll(zr); err == nil && !bytes.HasPrefix(in, []byte("\x00\x01\x00\x00")) {
				b.Write(in) // not font programs
			}
		} else {
			b.Write(rest[:j]) // an uncompressed stream (XMP)
		}
		rest = rest[j:]
	}
}

// posterScene is the bundled poster in lang, with marks when asked.
func posterScene(t testing.TB, lang string, marks bool) *scene.Scene {
	tm, err := layouts.Bundled(layouts.Default)
	if err != nil {
		t.Fatal(err)
	}
	strs, err := tm.LoadStrings(lang)
	if err != nil {
		t.Fatal(err)
	}
	sc, _, err := layout.Page(tm, lang, strs, text.NewEngine(fonts.Default()), layout.Options{Marks: marks, Slug: "wtisd-2009 · " + lang})
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func writePDF(t testing.TB, s *scene.Scene, o export.Options) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := export.Write(&b, export.PDF, s, o); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestCMYKLeavesNoRGBAnywhere: under CMYK output, no object of the file —
// content streams, images, soft masks, transparency groups — is RGB.
func TestCMYKLeavesNoRGBAnywhere(t *testing.T) {
	for _, pdfx := range []bool{false, true} {
		// The poster's artwork is vector: an RGB photograph with alpha
		// is added, which must become a CMYK image and its soft mask.
		sc := posterScene(t, "ar", true)
		sc.Items = append(sc.Items, &scene.Image{Box: scene.Rect{X: 40, Y: 40, W: 100, H: 100}, Format: "png", Data: rgbaPNG(t), Name: "photo.png", Opacity: 1})
		data := writePDF(t, sc, export.Options{Print: printSetup(t), PDFX: pdfx, Date: date})
		all := streams(t, data)
		for _, rgb := range []string{"/DeviceRGB", "/CalRGB", " rg\n", " RG\n"} {
			if strings.Contains(all, rgb) {
				t.Errorf("pdfx %v: %q in a CMYK file", pdfx, rgb)
			}
		}
		for _, want := range []string{" k\n", "/ColorSpace/DeviceCMYK", "/Separation/All/DeviceCMYK", "/Group<</Type/Group/S/Transparency/CS/DeviceCMYK>>"} {
			if !strings.Contains(all, want) {
				t.Errorf("pdfx %v: no %q", pdfx, want)
			}
		}
	}
}

func TestPDFXIdentifiesItself(t *testing.T) {
	p := printSetup(t)
	data := writePDF(t, posterScene(t, "en", false), export.Options{Print: p, PDFX: true, Date: date, Creator: "posterkit test"})
	all := streams(t, data)
	if !bytes.HasPrefix(data, []byte("%PDF-1.6\n")) {
		t.Errorf("header %q, want PDF 1.6", data[:9])
	}
	for _, want := range []string{
		"/OutputIntents[<</Type/OutputIntent/S/GTS_PDFX/OutputConditionIdentifier(FOGRA39)/RegistryName(http://www.color.org)",
		"/DestOutputProfile ", "/N 4",
		"/GTS_PDFXVersion(PDF/X-4)/Trapped/False", "/CreationDate(D:20090517000000Z)/ModDate(D:20090517000000Z)",
		"<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>", "<pdf:Trapped>False</pdf:Trapped>",
		"<xmpMM:DocumentID>uuid:", "<xmpMM:InstanceID>uuid:", "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">Protecting children in cyberspace",
		"/TrimBox[",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no %q", want)
		}
	}
	if n := strings.Count(all, "/S/GTS_PDFX"); n != 1 {
		t.Errorf("%d GTS_PDFX output intents, want 1", n)
	}
	if !bytes.Equal(data, writePDF(t, posterScene(t, "en", false), export.Options{Print: p, PDFX: true, Date: date, Creator: "posterkit test"})) {
		t.Error("two PDF/X files of the same poster differ")
	}
	if err := (export.Options{PDFX: true, Date: date}).Check(100, 100, []export.Format{export.PDF}); err == nil {
		t.Error("PDF/X without a printing condition is accepted")
	}
	if err := (export.Options{PDFX: true, Print: p}).Check(100, 100, []export.Format{export.PDF}); err == nil {
		t.Error("PDF/X without a date is accepted")
	}
}

// blackOnColour is a page of a cyan rectangle with black text over it.
func blackOnColour(t testing.TB) *scene.Scene {
	eng := text.NewEngine(fonts.Default())
	block, err := eng.Shape("BLACK", "en", text.Style{Role: fonts.Display, Weight: fonts.Black})
	if err != nil {
		t.Fatal(err)
	}
	fit := eng.Layout(block, 60, 400)
	s := &scene.Scene{Width: 400, Height: 200, Trim: scene.Rect{X: 10, Y: 10, W: 380, H: 180}, Bleed: scene.Rect{W: 400, H: 200}, Title: "K", Lang: "en"}
	s.Items = append(s.Items, scene.Rectangle(scene.Rect{W: 400, H: 200}, scene.Paint{Color: color.NRGBA{R: 0, G: 174, B: 239, A: 255}, Opacity: 1}))
	for _, pr := range fit.Place(block, 40, 60, 320, 100, text.Start, text.Top) {
		gr := &scene.GlyphRun{Font: pr.Font, Size: pr.Size, Fill: scene.Paint{Color: color.NRGBA{A: 255}, Opacity: 1}}
		for _, g := range pr.Glyphs {
			gr.Glyphs = append(gr.Glyphs, scene.Glyph{ID: g.ID, X: g.X, Y: g.Y, Text: g.Text, Advance: g.Advance, Cluster: g.Cluster})
		}
		s.Items = append(s.Items, gr)
	}
	return s
}

func TestBlackTextIsBlackInkAloneAndOverprints(t *testing.T) {
	p := printSetup(t)
	all := streams(t, writePDF(t, blackOnColour(t), export.Options{Print: p}))
	if !strings.Contains(all, "BT\n0 0 0 1 k\n") {
		t.Error("black text is not K 100 alone")
	}
	if !strings.Contains(all, "/OP true/op true/OPM 1") {
		t.Error("black text does not overprint")
	}
	knock := streams(t, writePDF(t, blackOnColour(t), export.Options{Print: p, NoOverprint: true}))
	if strings.Contains(knock, "/OP true") {
		t.Error("NoOverprint still overprints")
	}
}

// gs runs Ghostscript, skipping the test where it is not installed (CI
// installs it).
func gs(t *testing.T, args ...string) []byte {
	t.Helper()
	if _, err := exec.LookPath("gs"); err != nil {
		t.Skip("Ghostscript (gs) is not installed")
	}
	out, err := exec.Command("gs", append([]string{"-q", "-dNOPAUSE", "-dBATCH", "-dSAFER"}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("gs: %v\n%s", err, out)
	}
	return out
}

// plates separates a PDF with Ghostscript's tiffsep and returns the
// cyan, magenta, yellow and black plates (ink as dark).
func plates(t *testing.T, data []byte, dpi int) [4]image.Image {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.pdf")
	os.WriteFile(in, data, 0o644)
	gs(t, "-sDEVICE=tiffsep", "-r"+strconv.Itoa(dpi), "-o", filepath.Join(dir, "p.tif"), in)
	var out [4]image.Image
	for i, n := range []string{"Cyan", "Magenta", "Yellow", "Black"} {
		f, err := os.Open(filepath.Join(dir, "p("+n+").tif"))
		if err != nil {
			t.Fatal(err)
		}
		out[i], err = tiff.Decode(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// ink is a plate's ink at (x, y), 0..255.
func ink(img image.Image, x, y int) int {
	g := color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y
	return 255 - int(g)
}

// TestSeparationsShowMarksOnEveryPlateAndTextOnKOnly reads the plates
// Ghostscript makes: a crop mark prints on all four; the black text of a
// poster prints on the black plate alone (over the cyan, which it
// overprints: the cyan plate has cyan under the text too).
func TestSeparationsShowMarksOnEveryPlateAndTextOnKOnly(t *testing.T) {
	const dpi = 72
	sc := posterScene(t, "en", true)
	pl := plates(t, writePDF(t, sc, export.Options{Print: printSetup(t)}), dpi)
	// The top-left crop mark's horizontal line: in line with the trim's
	// top edge, between 3 and 8 mm left of it.
	px := func(v float64) int { return int(v * dpi / 72) }
	x, y := px(sc.Trim.X-5.5*scene.MM), px(sc.Trim.Y)
	for i, p := range pl {
		best := 0
		for dy := -1; dy <= 1; dy++ {
			best = max(best, ink(p, x, y+dy))
		}
		if best < 100 {
			t.Errorf("plate %d: no crop mark at (%d, %d)", i, x, y)
		}
	}
	bw := plates(t, writePDF(t, blackOnColour(t), export.Options{Print: printSetup(t)}), dpi)
	// Inside a stroke of the B, and on the cyan beside the text: the
	// black plate has full ink on the text; the others are the same on
	// and off it (the text overprints, and adds no ink of its own).
	var onText, beside [4]int
	for i, p := range bw {
		for yy := 70; yy < 110; yy++ {
			for xx := 40; xx < 60; xx++ {
				onText[i] = max(onText[i], ink(p, xx, yy))
			}
		}
		beside[i] = ink(p, 20, 20)
	}
	if onText[3] < 250 || beside[3] > 10 {
		t.Errorf("black plate: %d on the text, %d beside it; want full ink on the text alone", onText[3], beside[3])
	}
	for i, n := range []string{"cyan", "magenta", "yellow"} {
		if d := onText[i] - beside[i]; d > 3 || d < -3 {
			t.Errorf("%s plate: %d under the text, %d beside it: the text is not black ink alone over the colour", n, onText[i], beside[i])
		}
	}
	if beside[0] < 100 {
		t.Errorf("cyan plate %d beside the text: the background is missing", beside[0])
	}
}

// TestInkCoverageOfABlackAndWhitePage: Ghostscript's inkcov gives 0 % of
// cyan, magenta and yellow for a page of black on white.
func TestInkCoverageOfABlackAndWhitePage(t *testing.T) {
	s := blackOnColour(t)
	s.Items = s.Items[1:] // no cyan rectangle: black text on white
	dir := t.TempDir()
	in := filepath.Join(dir, "bw.pdf")
	os.WriteFile(in, writePDF(t, s, export.Options{Print: printSetup(t)}), 0o644)
	out := string(gs(t, "-sDEVICE=inkcov", "-o", "-", in))
	f := strings.Fields(out)
	if len(f) < 4 {
		t.Fatalf("inkcov printed %q", out)
	}
	for i, n := range []string{"cyan", "magenta", "yellow"} {
		if v, _ := strconv.ParseFloat(f[i], 64); v != 0 {
			t.Errorf("%s coverage %s, want 0", n, f[i])
		}
	}
	if v, _ := strconv.ParseFloat(f[3], 64); v <= 0 {
		t.Errorf("black coverage %s, want some", f[3])
	}
}

// TestPNGPreviewsInks: a spot colour's PNG preview is its CMYK alternate
// through the profile, not black or nothing.
func TestPNGPreviewsInks(t *testing.T) {
	s := &scene.Scene{Width: 72, Height: 72, Trim: scene.Rect{W: 72, H: 72}, Bleed: scene.Rect{W: 72, H: 72}}
	spot := scene.Paint{Opacity: 1, Ink: scene.Ink{Kind: scene.Spot, Name: "PANTONE 2935 C", C: 1, M: 0.46, Tint: 1}}
	s.Items = []scene.Item{scene.Rectangle(scene.Rect{W: 72, H: 72}, spot)}
	var b bytes.Buffer
	if err := export.Write(&b, export.PNG, s, export.Options{DPI: 10}); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&b)
	if err != nil {
		t.Fatal(err)
	}
	r, g, bl, _ := img.At(5, 5).RGBA()
	if !(bl>>8 > 150 && r>>8 < 60 && g>>8 > 60 && g>>8 < 140) {
		t.Errorf("PANTONE 2935 C previews as %d %d %d, want a strong blue", r>>8, g>>8, bl>>8)
	}
	all := streams(t, writePDF(t, s, export.Options{}))
	if !regexp.MustCompile(`/Separation/PANTONE#202935#20C/DeviceCMYK<</FunctionType 2/Domain\[0 1\]/C0\[0 0 0 0\]/C1\[1 0.46 0 0\]/N 1>>`).MatchString(all) {
		t.Error("the spot colour is not a Separation with its CMYK alternate")
	}
}

// TestQPDFFindsNoErrorInPrintFiles: qpdf --check on a CMYK, PDF/X-4 and
// marked poster.
func TestQPDFFindsNoErrorInPrintFiles(t *testing.T) {
	if _, err := exec.LookPath("qpdf"); err != nil {
		t.Skip("qpdf is not installed")
	}
	file := filepath.Join(t.TempDir(), "x.pdf")
	os.WriteFile(file, writePDF(t, posterScene(t, "ar", true), export.Options{Print: printSetup(t), PDFX: true, Date: date}), 0o644)
	out, err := exec.Command("qpdf", "--check", file).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "No syntax or stream encoding errors") {
		t.Errorf("qpdf --check: %v\n%s", err, out)
	}
}

// TestShopProfileMustBeACMYKOutputProfile: a display profile (sRGB) given
// as the shop's profile is refused, saying what it is.
func TestShopProfileMustBeACMYKOutputProfile(t *testing.T) {
	file := "/usr/share/color/icc/sRGB.icc"
	if _, err := os.Stat(file); err != nil {
		t.Skip("no sRGB profile on this machine (Debian package icc-profiles-free)")
	}
	_, err := export.ParsePrint(file, "sRGB", "relative")
	if err == nil || !strings.Contains(err.Error(), "not a CMYK output profile") {
		t.Errorf("a display profile as the shop's: %v", err)
	}
	if _, err := export.ParsePrint("", "FOGRA51", "relative"); err == nil {
		t.Error("--condition without --icc is accepted")
	}
	if _, err := export.ParsePrint(file, "", "relative"); err == nil || !strings.Contains(err.Error(), "--condition") {
		t.Errorf("--icc without --condition: %v", err)
	}
}

// TestCMYKReachesVectorArtwork: strokes, gradients and groups from SVG
// artwork are converted too; no RGB is left.
func TestCMYKReachesVectorArtwork(t *testing.T) {
	doc := `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">
  <defs><linearGradient id="g"><stop offset="0" stop-color="#00aeef"/><stop offset="1" stop-color="#ffc20e"/></linearGradient></defs>
  <g opacity="0.5"><rect width="200" height="100" fill="url(#g)"/></g>
  <circle cx="50" cy="50" r="30" fill="none" stroke="#e6007e" stroke-width="6"/>
</svg>`
	d, _, err := svg.Parse([]byte(doc), svg.Options{Name: "t.svg"})
	if err != nil {
		t.Fatal(err)
	}
	all := streams(t, writePDF(t, d.Scene("t"), export.Options{Print: printSetup(t)}))
	for _, rgb := range []string{"/DeviceRGB", " rg\n", " RG\n"} {
		if strings.Contains(all, rgb) {
			t.Errorf("%q in a CMYK file of vector artwork", rgb)
		}
	}
	for _, want := range []string{"/ShadingType 2/ColorSpace/DeviceCMYK", " K\n"} {
		if !strings.Contains(all, want) {
			t.Errorf("no %q", want)
		}
	}
}

// rgbaPNG is a 64 × 64 RGB PNG with an alpha gradient.
func rgbaPNG(t testing.TB) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, 64, 64))
	for y := range 64 {
		for x := range 64 {
			img.SetNRGBA(x, y, color.NRGBA{R: uint8(4 * x), G: uint8(4 * y), B: 200, A: uint8(255 - 2*x)})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestPrintPosterPassesPreflight: the bundled poster as a print shop gets
// it — CMYK, PDF/X-4, marks — passes every check of posterkit's own
// preflight (the marks' 400 % registration colour lies outside the bleed
// box, where the ink limit does not apply).
func TestPrintPosterPassesPreflight(t *testing.T) {
	for _, lang := range []string{"ar", "zh", "en"} {
		data := writePDF(t, posterScene(t, lang, true), export.Options{Print: printSetup(t), PDFX: true, Date: date})
		rep := preflight.Check(lang+".pdf", data, preflight.Options{})
		if !rep.OK || rep.Mode != "CMYK" || rep.PDFX != "PDF/X-4" {
			for _, f := range rep.Findings {
				t.Logf("%s: %v", lang, f)
			}
			t.Errorf("%s: preflight %d failures, mode %s, claims %q", lang, rep.Fail, rep.Mode, rep.PDFX)
		}
	}
}
