package pdf_test

import (
	"bytes"
	"cmp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"posterkit/fonts"
	"posterkit/render/layout"
	"posterkit/render/pdf"
	"posterkit/render/scene"
	"posterkit/render/template"
	"posterkit/render/text"
)

// studyTemplate is a page with one line of text, for what each reader does
// with right-to-left text whatever the producer does.
const studyTemplate = `title: Reader study
page: {size: A6, orientation: landscape}
languages: [LANG]
styles:
  body: {font: text, size: 18, leading: 1.3}
frames:
  - id: body
    box: {x: 8, y: 8, w: 132, h: 40}
    style: body
`

// studyPDFs lays out body in lang on studyTemplate and writes it twice:
// as posterkit does, right-to-left runs in logical order, and with every
// run in visual order (left to right, as drawn), the other order a
// producer could choose. The glyphs are in the same places in both.
func studyPDFs(t *testing.T, lang, body string) (logical, visual []byte) {
	t.Helper()
	m := fstest.MapFS{
		template.LayoutFile:         {Data: []byte(strings.Replace(studyTemplate, "LANG", lang, 1))},
		"strings/" + lang + ".yaml": {Data: []byte("body: " + body + "\n")},
	}
	tm, err := template.Load(m, "study", template.Options{})
	if err != nil {
		t.Fatal(err)
	}
	strs, err := tm.LoadStrings(lang)
	if err != nil {
		t.Fatal(err)
	}
	reg := fonts.Default()
	if lang == "he" {
		f, err := fonts.LoadFile("../../fonts/testdata/NotoSansHebrew-Regular.ttf")
		if err != nil {
			t.Fatal(err)
		}
		reg = reg.WithUserFonts(f)
	}
	s, _, err := layout.Page(tm, lang, strs, text.NewEngine(reg), layout.Options{})
	if err != nil {
		t.Fatal(err)
	}
	write := func(s *scene.Scene) []byte {
		var b bytes.Buffer
		if err := pdf.Write(&b, s, pdf.Options{Creator: "posterkit test"}); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	// The visual file: the runs of the line from left to right, each
	// written as its Glyphs stand (in visual order), after the artwork.
	v := *s
	v.Items = nil
	var runs []*scene.GlyphRun
	for _, it := range s.Items {
		if gr, ok := it.(*scene.GlyphRun); ok {
			c := *gr
			c.RTL = false
			runs = append(runs, &c)
			continue
		}
		v.Items = append(v.Items, it)
	}
	slices.SortStableFunc(runs, func(a, b *scene.GlyphRun) int { return cmp.Compare(a.Glyphs[0].X, b.Glyphs[0].X) })
	for _, gr := range runs {
		v.Items = append(v.Items, gr)
	}
	return write(s), write(&v)
}

// TestReaderLimitsOnAMinimalFile shows, on a page of one line, what each
// reader does with right-to-left text whichever order a producer writes it
// in: the limits readerLimits records on the posters. Each line is laid out
// once and written in logical order (as posterkit does) and in visual order
// (the runs left to right, as drawn); want is what each reader gives back,
// whitespace collapsed and poppler's directional marks dropped: "=" the
// text itself, "rev" the text reversed (the visual order), "same" what the
// reader gave for the logical file.
//
//   - mupdf reads the stream in order: only logical order serves it.
//   - pdf.js serves itself from either order on a line of one direction,
//     once its word spaces survive the logical order (rtlSpace); on a mixed
//     line it keeps visual order (its bidi takes a line that is under 30 %
//     right-to-left for left-to-right), so there too logical order is best.
//   - poppler and pdfium read both orders alike: they order the characters
//     by their places on the page, so what they get wrong no producer's
//     order can change. poppler treats every character that is not
//     right-to-left as left-to-right (TextOutputDev's reorderText), so a
//     full stop and the space after it keep their visual order between
//     two right-to-left words ("أهلا .بكم"); both misplace brackets, digits
//     and a URL on a mixed line.
//
// If a reader's version changes what it does, this test says so: then
// readerLimits and the choice of order in content.go are to be measured
// again.
func TestReaderLimitsOnAMinimalFile(t *testing.T) {
	const mixed = "انظر (ITU) في 2009، www.itu.int"
	cases := []struct {
		lang, text string
		want       map[string][2]string // reader: logical, visual
	}{
		{"ar", "أهلا بكم", map[string][2]string{"poppler": {"=", "="}, "mupdf": {"=", "rev"}, "pdf.js": {"=", "="}, "pdfium": {"=", "="}}},
		{"he", "שלום לכם", map[string][2]string{"poppler": {"=", "="}, "mupdf": {"=", "rev"}, "pdf.js": {"=", "="}, "pdfium": {"=", "="}}},
		{"ar", "أهلا. بكم", map[string][2]string{"poppler": {"أهلا .بكم", "same"}, "mupdf": {"=", "rev"}, "pdf.js": {"=", "="}, "pdfium": {"=", "="}}},
		{"he", "שלום. לכם", map[string][2]string{"poppler": {"שלום .לכם", "same"}, "mupdf": {"=", "rev"}, "pdf.js": {"=", "="}, "pdfium": {"=", "="}}},
		{"ar", mixed, map[string][2]string{
			"poppler": {"www.itu.int ،2009 ) فيITU( انظر", "same"},
			"mupdf":   {"انظر ( ITU ) في 2009، www.itu.int", "www.itu.int ،2009 يف )ITU( رظنا"},
			"pdf.js":  {"=", "www.itu.int ،2009 في )ITU( انظر"},
			"pdfium":  {"www.itu.int ،2009 في( ITU( انظر", "same"},
		}},
	}
	clean := func(s string) string { return strings.Join(strings.Fields(normalize(s, false)), " ") }
	reverse := func(s string) string {
		r := []rune(s)
		slices.Reverse(r)
		return string(r)
	}
	for _, c := range cases {
		logical, visual := studyPDFs(t, c.lang, c.text)
		for _, r := range readers {
			t.Run(c.text+"/"+r.name, func(t *testing.T) {
				got := [2]string{clean(r.read(t, logical)), clean(r.read(t, visual))}
				for i, order := range []string{"logical", "visual"} {
					want := c.want[r.name][i]
					switch want {
					case "=":
						want = c.text
					case "rev":
						want = reverse(c.text)
					case "same":
						want = got[0]
					}
					if got[i] != want {
						t.Errorf("%s reads %q written in %s order as %q, want %q", r.name, c.text, order, got[i], want)
					}
				}
			})
		}
	}
}
