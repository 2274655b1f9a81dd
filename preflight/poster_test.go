package preflight

import (
	"bytes"
	"image"
	"image/png"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"

	"posterkit/fonts"
	"posterkit/layouts"
	"posterkit/render/export"
	"posterkit/render/layout"
	"posterkit/render/scene"
	rtext "posterkit/render/text"
)

// posterPDFs renders the bundled poster's PDFs, as `posterkit render
// --format pdf` does, once.
var posterPDFs = sync.OnceValues(func() (map[string][]byte, error) {
	tm, err := layouts.Bundled("wtisd-2009")
	if err != nil {
		return nil, err
	}
	eng := rtext.NewEngine(fonts.Default())
	out := map[string][]byte{}
	for _, lang := range append([]string{"blank"}, tm.Languages...) {
		s, err := tm.LoadStrings(lang)
		if lang == "blank" {
			s, err = nil, nil
		}
		if err != nil {
			return nil, err
		}
		sc, _, err := layout.Page(tm, lang, s, eng, layout.Options{})
		if err != nil {
			return nil, err
		}
		var b bytes.Buffer
		if err := export.Write(&b, export.PDF, sc, export.Options{Creator: "posterkit test"}); err != nil {
			return nil, err
		}
		out[lang] = b.Bytes()
	}
	return out, nil
})

// The bundled poster passes every check but one: as a CMYK file its RGB
// colour fails. Its artwork is vector (the emblem was a 600-pixel PNG
// placed at 112 mm, 136 ppi, which failed the image check).
func TestBundledPosterPassesAllButCMYK(t *testing.T) {
	pdfs, err := posterPDFs()
	if err != nil {
		t.Fatal(err)
	}
	for lang, data := range pdfs {
		rep := Check(lang+".pdf", data, Options{})
		for _, f := range rep.Findings {
			gsMissing := f.Check == CheckInk && strings.Contains(f.Message, "not installed")
			if f.Status != Pass && !gsMissing {
				t.Errorf("%s: unexpected %s", lang, f)
			}
		}
		for _, c := range []string{CheckFile, CheckBoxes, CheckFonts, CheckImages, CheckColour, CheckPDFX} {
			if !has(rep, want{Pass, c, ""}) {
				t.Errorf("%s: no pass for %s:%s", lang, c, dump(rep))
			}
		}
		if rep.Mode != "RGB" || rep.Pages != 1 {
			t.Errorf("%s: mode %s, %d pages", lang, rep.Mode, rep.Pages)
		}
		cm := Check(lang+".pdf", data, Options{CMYK: true, Ghostscript: "-"})
		for _, w := range []want{{Fail, CheckColour, "a colour set with the rg operator is DeviceRGB"}} {
			if !has(cm, w) {
				t.Errorf("%s --cmyk: no %q:%s", lang, w.words, dump(cm))
			}
		}
	}
}

// TestImageResolutionMatchesPdfimages compares the placed resolution with
// poppler's pdfimages -list (x-ppi, y-ppi columns).
func TestImageResolutionMatchesPdfimages(t *testing.T) {
	pdfimages, err := exec.LookPath("pdfimages")
	if err != nil {
		t.Skip("pdfimages (poppler-utils) is not installed")
	}
	// The bundled poster has no image: the emblem's former 600-pixel
	// PNG, placed at 112 mm, on the blank poster.
	tm, err := layouts.Bundled("wtisd-2009")
	if err != nil {
		t.Fatal(err)
	}
	sc := layout.BlankPage(tm)
	sc.Items = append(sc.Items, &scene.Image{Box: scene.Rect{X: 100, Y: 100, W: 112 * scene.MM, H: 112 * scene.MM}, Format: "png", Data: png600(t), Name: "emblem.png", Opacity: 1})
	var b bytes.Buffer
	if err := export.Write(&b, export.PDF, sc, export.Options{Creator: "posterkit test"}); err != nil {
		t.Fatal(err)
	}
	pdfs := map[string][]byte{"en": b.Bytes()}
	p := writeTemp(t, pdfs["en"])
	out, err := exec.Command(pdfimages, "-list", p).Output()
	if err != nil {
		t.Fatal(err)
	}
	var ppi []string
	for _, line := range strings.Split(string(out), "\n")[2:] {
		f := strings.Fields(line)
		if len(f) >= 14 && f[2] == "image" {
			x, _ := strconv.Atoi(f[12])
			y, _ := strconv.Atoi(f[13])
			ppi = append(ppi, strconv.Itoa(x)+" × "+strconv.Itoa(y)+" ppi")
		}
	}
	if len(ppi) == 0 {
		t.Fatalf("pdfimages lists no image:\n%s", out)
	}
	rep := Check("en.pdf", pdfs["en"], noGS)
	for _, w := range ppi {
		found := false
		for _, f := range rep.Findings {
			found = found || (f.Check == CheckImages && strings.Contains(f.Message, w))
		}
		if !found {
			t.Errorf("pdfimages says %s; preflight:%s", w, dump(rep))
		}
	}
}

// png600 is a 600 × 600 RGB PNG.
func png600(t testing.TB) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 600, 600))
	for i := range img.Pix {
		img.Pix[i] = uint8(i % 251)
	}
	for i := 3; i < len(img.Pix); i += 4 {
		img.Pix[i] = 255
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
