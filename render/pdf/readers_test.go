package pdf_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode"

	"posterkit/fonts"
	"posterkit/internal/pdfcheck"
	"posterkit/internal/pdfjs"
	"posterkit/layouts"
	"posterkit/render/layout"
	"posterkit/render/pdf"
	"posterkit/render/scene"
	"posterkit/render/template"
	"posterkit/render/text"
)

// poster is the bundled poster laid out in one language, with the text
// each frame should read back as, in the template's frame order.
type poster struct {
	scene *scene.Scene
	want  []string
	rtl   bool
}

// posters lays out the bundled poster in its six languages and in Hebrew,
// Hindi and Thai (the CLI's test strings, with the test fonts), and the A4
// flyer in Arabic ("ar-a4"), once.
var posters = sync.OnceValues(func() (map[string]poster, error) {
	tm, err := layouts.Bundled("wtisd-2009")
	if err != nil {
		return nil, err
	}
	out := map[string]poster{}
	add := func(lang string, s *template.Strings, reg *fonts.Registry) error {
		sc, _, err := layout.Page(tm, lang, s, text.NewEngine(reg), layout.Options{})
		if err != nil {
			return err
		}
		p := poster{scene: sc, rtl: lang == "ar" || lang == "he"}
		for _, f := range tm.Frames {
			p.want = append(p.want, s.Text[f.ID])
		}
		out[lang] = p
		return nil
	}
	for _, lang := range tm.Languages {
		s, err := tm.LoadStrings(lang)
		if err != nil {
			return nil, err
		}
		if err := add(lang, s, fonts.Default()); err != nil {
			return nil, err
		}
	}
	// The A4 flyer's Arabic: justified with kashida, and a word with a
	// haraka ("ويُحتفل").
	flyer, err := layouts.Bundled("wtisd-2009-a4-flyer")
	if err != nil {
		return nil, err
	}
	fs, err := flyer.LoadStrings("ar")
	if err != nil {
		return nil, err
	}
	fsc, _, err := layout.Page(flyer, "ar", fs, text.NewEngine(fonts.Default()), layout.Options{})
	if err != nil {
		return nil, err
	}
	fp := poster{scene: fsc, rtl: true}
	for _, f := range flyer.Frames {
		fp.want = append(fp.want, fs.Text[f.ID])
	}
	out["ar-a4"] = fp
	for lang, font := range map[string]string{"he": "NotoSansHebrew-Regular.ttf", "hi": "NotoSansDevanagari-Regular.ttf", "th": "NotoSansThai-Regular.ttf"} {
		name := filepath.Join("..", "..", "cmd", "posterkit", "testdata", "strings", lang+".yaml")
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		s, err := template.ParseStrings(name, data)
		if err != nil {
			return nil, err
		}
		f, err := fonts.LoadFile(filepath.Join("..", "..", "fonts", "testdata", font))
		if err != nil {
			return nil, err
		}
		if err := add(lang, s, fonts.Default().WithUserFonts(f)); err != nil {
			return nil, err
		}
	}
	return out, nil
})

func posterPDF(t *testing.T, lang string) (poster, []byte) {
	t.Helper()
	ps, err := posters()
	if err != nil {
		t.Fatal(err)
	}
	p := ps[lang]
	var b bytes.Buffer
	if err := pdf.Write(&b, p.scene, pdf.Options{Creator: "posterkit test"}); err != nil {
		t.Fatal(err)
	}
	return p, b.Bytes()
}

var langs = []string{"ar", "zh", "en", "fr", "ru", "es", "he", "hi", "th", "ar-a4"}

// readers are the four PDF readers the tests read text back with.
var readers = []struct {
	name string
	read func(t *testing.T, data []byte) string
}{
	{"poppler", func(t *testing.T, data []byte) string {
		return tool(t, data, "pdftotext", "-enc", "UTF-8", "FILE", "-")
	}},
	{"mupdf", func(t *testing.T, data []byte) string {
		return tool(t, data, "mutool", "draw", "-q", "-F", "txt", "-o", "-", "FILE")
	}},
	{"pdf.js", func(t *testing.T, data []byte) string { return pdfjs.Read(t, data).Pages[0].Text() }},
	{"pdfium", func(t *testing.T, data []byte) string { return pdfcheck.Open(t, data).Text(0) }},
}

func tool(t *testing.T, data []byte, args ...string) string {
	if _, err := exec.LookPath(args[0]); err != nil {
		t.Skipf("%s is not installed", args[0])
	}
	f := filepath.Join(t.TempDir(), "in.pdf")
	os.WriteFile(f, data, 0o644)
	for i := range args {
		if args[i] == "FILE" {
			args[i] = f
		}
	}
	out, err := exec.Command(args[0], args[1:]...).Output()
	if err != nil {
		t.Fatalf("%s: %v", args[0], err)
	}
	return string(out)
}

// normalize drops the directional marks poppler wraps right-to-left text
// in and, in right-to-left text, reads a mirrored bracket as its pair
// (poppler gives the glyph's mirrored character).
func normalize(s string, rtl bool) string {
	s = strings.Map(func(r rune) rune {
		if r == '\u200e' || r == '\u200f' || r == '\u061c' || r >= '\u202a' && r <= '\u202e' || r >= '\u2066' && r <= '\u2069' || r == '\ufeff' {
			return -1
		}
		return r
	}, s)
	if rtl {
		s = strings.NewReplacer(")", "(", "]", "[", "»", "«", "）", "（").Replace(s)
	}
	return s
}

// figures returns the share of want's characters read back in order
// (whitespace ignored) and of its words (word spaces significant: a word
// counts when got has it whole between spaces), each the longest common
// subsequence as a share of want.
// In Chinese and Thai, written without word spaces, a reader's line break
// is no word boundary: noSpaces drops it before words are compared.
func figures(want, got string, noSpaces bool) (chars, words float64) {
	if noSpaces {
		nl := strings.NewReplacer("\r\n", "", "\n", "", "\r", "")
		want, got = nl.Replace(want), nl.Replace(got)
	}
	nows := func(s string) []string {
		var out []string
		for _, r := range s {
			if !unicode.IsSpace(r) {
				out = append(out, string(r))
			}
		}
		return out
	}
	return lcs(nows(want), nows(got)), lcs(strings.Fields(want), strings.Fields(got))
}

func lcs(a, b []string) float64 { return pdfcheck.InOrder(a, b) }

// readerLimits are the figures below 0.98 that a reader's own handling of
// right-to-left text allows (TestReaderLimitsOnAMinimalFile shows each on
// a line of text): measured on these posters, asserted so they cannot
// regress.
//
// Right-to-left text is written in logical order (content.go), which mupdf
// needs: it reads the stream in order (drawn in visual order it read Arabic
// back 0.441 / 0.059, measured). The marks of rtlSpace (fonts.go) keep the
// word spaces for pdf.js and part neutrals from spaces for poppler. What
// is left is the readers' own: poppler and pdfium order characters by their
// places on the page, whatever the order written; poppler still sets an
// Arabic comma after a number on the number's side, pdfium misplaces
// brackets, digits and URLs among right-to-left words, and mupdf starts a
// new line where the direction changes, parting a word from its brackets.
var readerLimits = map[string]map[string][2]float64{
	"poppler": {"ar": {0.99, 0.97}, "he": {0.99, 0.96}},
	"mupdf":   {"he": {0.99, 0.96}},
	"pdfium":  {"ar": {0.97, 0.94}, "he": {0.96, 0.92}, "ar-a4": {0.98, 0.95}},
}

func TestEveryReaderGetsTheWords(t *testing.T) {
	for _, lang := range langs {
		p, data := posterPDF(t, lang)
		want := normalize(strings.Join(p.want, "\n"), p.rtl)
		for _, r := range readers {
			t.Run(lang+"/"+r.name, func(t *testing.T) {
				got := normalize(r.read(t, data), p.rtl)
				chars, words := figures(want, got, lang == "zh" || lang == "th")
				t.Logf("%-7s %s: chars %.3f words %.3f", r.name, lang, chars, words)
				need := [2]float64{0.98, 0.98}
				if l, ok := readerLimits[r.name][lang]; ok {
					need = l
				}
				if chars < need[0] || words < need[1] {
					t.Errorf("%s reads %s back with chars %.3f, words %.3f; want ≥ %.3f, %.3f:\n%s", r.name, lang, chars, words, need[0], need[1], got)
				}
			})
		}
	}
}
