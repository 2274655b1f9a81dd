package pdf_test

import (
	"bytes"
	"compress/zlib"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"posterkit/fonts"
	"posterkit/internal/pdfcheck"
	"posterkit/render/pdf"
	"posterkit/render/scene"
)

// These tests build scenes directly, glyph by glyph, so that they test the
// PDF backend alone; the whole pipeline on the bundled poster is tested in
// render/export.

func write(t testing.TB, s *scene.Scene) []byte {
	var b bytes.Buffer
	if err := pdf.Write(&b, s, pdf.Options{Creator: "posterkit test"}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// page is a 200×100 pt page with 10 pt of bleed.
func page(items ...scene.Item) *scene.Scene {
	return &scene.Scene{Width: 200, Height: 100, Trim: scene.Rect{X: 10, Y: 10, W: 180, H: 80}, Bleed: scene.Rect{W: 200, H: 100},
		Lang: "en", Title: "Test", Items: items}
}

var black = scene.Paint{Color: color.NRGBA{A: 255}, Opacity: 1}

// run sets s in font f at size pt from (x, y), one glyph per character
// through the font's cmap, each its own cluster: what the text engine
// gives for plain Latin text without kerning.
func run(t testing.TB, f *fonts.Font, size, x, y float64, s string) *scene.GlyphRun {
	t.Helper()
	p, err := f.Parsed()
	if err != nil {
		t.Fatal(err)
	}
	m, err := f.Metrics()
	if err != nil {
		t.Fatal(err)
	}
	gr := &scene.GlyphRun{Font: f, Size: size, Fill: black}
	for i, r := range []rune(s) {
		gid, ok := p.NominalGlyph(r)
		if !ok {
			t.Fatalf("%s has no glyph for %q", f, r)
		}
		adv := m.Advance(uint16(gid)) * size / m.UnitsPerEm
		gr.Glyphs = append(gr.Glyphs, scene.Glyph{ID: uint16(gid), X: x, Y: y, Text: string(r), Advance: adv, Cluster: i})
		x += adv
	}
	return gr
}

// inflated returns the contents of every Flate stream of a PDF.
func inflated(t testing.TB, data []byte) [][]byte {
	var out [][]byte
	for rest := data; ; {
		i := bytes.Index(rest, []byte(">>\nstream\n"))
		if i < 0 {
			return out
		}
		rest = rest[i+len(">>\nstream\n"):]
		j := bytes.Index(rest, []byte("\nendstream"))
		if j < 0 {
			return out
		}
		if zr, err := zlib.NewReader(bytes.NewReader(rest[:j])); err == nil {
			if b, err := io.ReadAll(zr); err == nil {
				out = append(out, b)
			}
		}
		rest = rest[j:]
	}
}

func notoSans(t testing.TB) *fonts.Font {
	f := fonts.Default().Family(fonts.NotoSans, fonts.Regular)
	if f == nil {
		t.Fatal("no Noto Sans")
	}
	return f
}

func TestBoxesNestAndTextExtracts(t *testing.T) {
	o := pdfcheck.Open(t, write(t, page(run(t, notoSans(t), 12, 20, 50, "Hello world"))))
	if o.Pages != 1 {
		t.Fatalf("%d pages, want 1", o.Pages)
	}
	media, trim, bleed := o.Boxes(0)
	near := func(a, b float64) bool { return math.Abs(a-b) < 0.001 }
	if !near(media.Right, 200) || !near(media.Top, 100) || bleed != media {
		t.Errorf("MediaBox %+v BleedBox %+v, want both [0 0 200 100]", media, bleed)
	}
	// The scene's y runs down from the top; the PDF's up from the bottom.
	if !near(trim.Left, 10) || !near(trim.Bottom, 10) || !near(trim.Right, 190) || !near(trim.Top, 90) {
		t.Errorf("TrimBox %+v, want [10 10 190 90]", trim)
	}
	if got := strings.TrimSpace(o.Text(0)); got != "Hello world" {
		t.Errorf("pdfium extracts %q", got)
	}
}

// TestClusterIsOneCompositeWithItsText draws one cluster of two glyphs
// (as a base and its mark, or an Arabic letter and its dots): the PDF must
// draw it as one CID whose ToUnicode gives the cluster's text once.
func TestClusterIsOneCompositeWithItsText(t *testing.T) {
	f := notoSans(t)
	gr := run(t, f, 20, 20, 50, "ab")
	gr.Glyphs[1].Cluster = gr.Glyphs[0].Cluster
	gr.Glyphs[0].Text, gr.Glyphs[1].Text = "é", ""
	data := write(t, page(gr))
	if got := strings.TrimSpace(pdfcheck.Open(t, data).Text(0)); got != "é" {
		t.Errorf("pdfium extracts %q, want the cluster's text once", got)
	}
	// One CID for the cluster, mapped to its text: a single bfchar entry
	// <0001><00E9>. Drawn glyph by glyph it would take two CIDs.
	var cmap []byte
	for _, st := range inflated(t, data) {
		if bytes.Contains(st, []byte("begincmap")) {
			cmap = st
		}
	}
	if !bytes.Contains(cmap, []byte("1 beginbfchar\n<0001><00E9>\nendbfchar")) {
		t.Errorf("ToUnicode CMap:\n%s\nwant one entry <0001><00E9>", cmap)
	}
}

func TestGuidesAreOptionalContentNotPrinted(t *testing.T) {
	s := page(scene.Rectangle(scene.Rect{X: 20, Y: 20, W: 50, H: 50}, black))
	s.Guides = []scene.Item{scene.Frame(scene.Rect{X: 100, Y: 20, W: 50, H: 50}, 1, black)}
	s.GuidesName = "Frames"
	data := write(t, s)
	for _, want := range []string{"/Type/OCG/Name(Frames)", "/PrintState/OFF"} {
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf("no %s", want)
		}
	}
	var content []byte
	for _, st := range inflated(t, data) {
		if bytes.Contains(st, []byte(" re\n")) || bytes.Contains(st, []byte(" m\n")) {
			content = st
		}
	}
	if !bytes.Contains(content, []byte("/OC/OC1 BDC")) {
		t.Error("guides are not marked as optional content in the content stream")
	}
	o := pdfcheck.Open(t, data)
	screen, print := o.Render(0, 72, false), o.Render(0, 72, true)
	if _, _, _, a := screen.At(125, 20).RGBA(); a == 0 {
		t.Fatal("no pixel")
	}
	ink := func(img image.Image) bool { r, _, _, _ := img.At(100, 45).RGBA(); return r < 0x8000 }
	if !ink(screen) || ink(print) {
		t.Errorf("guide shown on screen %v, in print %v; want shown, not printed", ink(screen), ink(print))
	}
}

func TestPDFIsDeterministic(t *testing.T) {
	s := page(run(t, notoSans(t), 12, 20, 50, "Same bytes"))
	a, b := write(t, s), write(t, s)
	if !bytes.Equal(a, b) {
		t.Fatal("two PDFs of the same scene differ")
	}
	if bytes.Contains(a, []byte("CreationDate")) || bytes.Contains(a, []byte("xmp:CreateDate")) {
		t.Error("a PDF without a date carries one")
	}
	var c bytes.Buffer
	pdf.Write(&c, s, pdf.Options{Date: time.Unix(1242518400, 0)})
	if !bytes.Contains(c.Bytes(), []byte("/CreationDate(D:20090517000000Z)")) {
		t.Error("no CreationDate with a date set")
	}
}

func TestFontsEmbeddedAsSubsets(t *testing.T) {
	sc := fonts.Default().Family(fonts.NotoSansSC, fonts.Regular)
	data := write(t, page(run(t, sc, 12, 20, 50, "保护儿童")))
	// Four of Noto Sans SC's 30,000 glyphs: the PDF must be far smaller
	// than the 10 MB font.
	if len(data) > 100<<10 {
		t.Errorf("PDF is %d bytes", len(data))
	}
	for _, want := range []string{"/Subtype/Type0", "/Encoding/Identity-H", "/Subtype/CIDFontType2", "/FontFile2", "/ToUnicode", "/CIDToGIDMap ", "+NotoSansSC-"} {
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf("no %s", want)
		}
	}
}

func TestImagesKeepFormat(t *testing.T) {
	var jp, pn bytes.Buffer
	img := image.NewNRGBA(image.Rect(0, 0, 16, 8))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 7)
	}
	jpeg.Encode(&jp, img, nil)
	png.Encode(&pn, img)
	s := &scene.Scene{Width: 200, Height: 100, Trim: scene.Rect{X: 10, Y: 10, W: 180, H: 80}, Bleed: scene.Rect{W: 200, H: 100}}
	s.Items = append(s.Items,
		&scene.Image{Box: scene.Rect{X: 0, Y: 0, W: 100, H: 50}, Format: "jpeg", Data: jp.Bytes(), Name: "a.jpg", Opacity: 1},
		&scene.Image{Box: scene.Rect{X: 100, Y: 50, W: 100, H: 50}, Format: "png", Data: pn.Bytes(), Name: "a.png", Opacity: 0.5},
		scene.Rectangle(scene.Rect{X: 50, Y: 25, W: 100, H: 50}, scene.Paint{Color: color.NRGBA{255, 0, 0, 255}, Opacity: 0.5}))
	data := write(t, s)
	if !bytes.Contains(data, jp.Bytes()) || !bytes.Contains(data, []byte("/DCTDecode")) {
		t.Error("the JPEG is not passed through as DCTDecode")
	}
	if !bytes.Contains(data, []byte("/SMask")) {
		t.Error("the PNG's alpha has no soft mask")
	}
	if !bytes.Contains(data, []byte("/ca 0.5")) {
		t.Error("no ExtGState for opacity 0.5")
	}
	pdfcheck.Open(t, data).Render(0, 72, false)
}

// TestCFFFontEmbeddedWhole uses an OpenType font with CFF outlines, when the
// machine has one (Debian's fonts-urw-base35): it is embedded whole as
// FontFile3/OpenType, without a subset tag, and its text still extracts.
func TestCFFFontEmbeddedWhole(t *testing.T) {
	const file = "/usr/share/fonts/opentype/urw-base35/NimbusSans-Regular.otf"
	if _, err := os.Stat(file); err != nil {
		t.Skip("no CFF font on this machine (Debian package fonts-urw-base35)")
	}
	f, err := fonts.LoadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	out := write(t, page(run(t, f, 12, 20, 50, "Protecting children")))
	for _, want := range []string{"/FontFile3", "/Subtype/OpenType", "/BaseFont/NimbusSans-Regular", "/CIDFontType0"} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("no %s", want)
		}
	}
	if got := strings.TrimSpace(pdfcheck.Open(t, out).Text(0)); got != "Protecting children" {
		t.Errorf("pdfium extracts %q", got)
	}
}
