package svg

import (
	"bytes"
	"flag"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"posterkit/internal/pdfcheck"
	"posterkit/render/pdf"
)

// pdfSampleEvery picks every nth suite case for the PDF check: pdfium in
// WebAssembly takes about a second a page, so the whole suite would take
// minutes; -svgsuite.pdfall runs them all.
const pdfSampleEvery = 6

var pdfAll = flag.Bool("svgsuite.pdfall", false, "draw every suite case as PDF, not a sample")

// TestResvgSuiteInPDF draws a sample of the cases as PDF, renders them
// with pdfium and compares with resvg's references under the same
// tolerance as the PNG test. Cases the PNG test fails are skipped.
func TestResvgSuiteInPDF(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(*suiteDir, "*.svg"))
	if len(files) == 0 {
		t.Skip("no suite at", *suiteDir)
	}
	if testing.Short() {
		t.Skip("pdfium rendering is slow")
	}
	tried, pass := 0, 0
	var failed []string
	for i, f := range files {
		if i%pdfSampleEvery != 0 && !*pdfAll {
			continue
		}
		data, _ := os.ReadFile(f)
		refData, err := os.ReadFile(strings.TrimSuffix(f, ".svg") + ".png")
		if err != nil {
			continue
		}
		ref, err := png.Decode(bytes.NewReader(refData))
		if err != nil {
			continue
		}
		d, _, err := parseCase(data, f)
		if err != nil {
			continue
		}
		// Skip the cases the PNG rendering fails: this test is about PDF.
		if got := renderDrawing(d, 96*float64(ref.Bounds().Dx())/d.Width); got == nil {
			continue
		} else if share, reason := differ(got, ref); reason != "" || share > diffShare {
			continue
		}
		var b bytes.Buffer
		if err := pdf.Write(&b, d.Scene("case"), pdf.Options{}); err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		tried++
		doc := pdfcheck.Open(t, b.Bytes())
		// pdfium renders at whole DPI: the 200-unit cases at 144.
		dpi := int(96*float64(ref.Bounds().Dx())/d.Width + 0.5)
		img := doc.Render(0, dpi, false)
		share, reason := differ(img, ref)
		name := strings.TrimSuffix(filepath.Base(f), ".svg")
		if reason == "" && share <= diffShare {
			pass++
			continue
		}
		failed = append(failed, name)
		t.Logf("PDF FAIL %s: %.1f%% of pixels differ %s", name, 100*share, reason)
		if *suiteOut != "" {
			var out bytes.Buffer
			png.Encode(&out, sideBySide(ref, img))
			os.WriteFile(filepath.Join(*suiteOut, "pdf-"+name+".png"), out.Bytes(), 0o644)
		}
	}
	t.Logf("PDF sample: %d of %d pass", pass, tried)
	if pass < tried*95/100 {
		t.Errorf("PDF sample: %d of %d pass, under 95%%: %v", pass, tried, failed)
	}
}
