package pdf_test

import (
	"bytes"
	"cmp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/text/unicode/norm"

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

// studyPDFs lays out body in lang on studyTemplate and writes it three
// ways: as posterkit does; plainly in logical order (each run's glyphs
// from the first character to the last, the order posterkit writes them
// in, without its marks for the readers: rtlSpace); and plainly in visual
// order (the runs left to right, each as drawn), the other order a
// producer could choose. The glyphs are in the same places in all three.
func studyPDFs(t *testing.T, lang, body string) (posterkit, logical, visual []byte) {
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
	// plain returns s with every run marked left-to-right, so that it is
	// written as its Glyphs stand: each right-to-left run reversed to
	// logical order, or the runs sorted left to right when visual.
	plain := func(visual bool) *scene.Scene {
		p := *s
		p.Items = nil
		var runs []*scene.GlyphRun
		for _, it := range s.Items {
			if gr, ok := it.(*scene.GlyphRun); ok {
				c := *gr
				c.Glyphs = slices.Clone(gr.Glyphs)
				if gr.RTL && !visual {
					slices.Reverse(c.Glyphs)
				}
				c.RTL = false
				runs = append(runs, &c)
				continue
			}
			p.Items = append(p.Items, it)
		}
		if visual {
			slices.SortStableFunc(runs, func(a, b *scene.GlyphRun) int { return cmp.Compare(a.Glyphs[0].X, b.Glyphs[0].X) })
		}
		for _, gr := range runs {
			p.Items = append(p.Items, gr)
		}
		return &p
	}
	return write(s), write(plain(false)), write(plain(true))
}

// TestReaderLimitsOnAMinimalFile shows, on a page of one line, what each
// reader does with right-to-left text however a producer writes it: the
// limits readerLimits records on the posters, and what posterkit's marks
// for the readers (rtlSpace) change. Each line is laid out once and written
// as posterkit does, plainly in the same logical order, and plainly in
// visual order (studyPDFs); want is what each reader gives back from each,
// whitespace collapsed and directional marks dropped: "=" the text itself,
// "rev" the text reversed (the visual order), "nospace" the text without
// its spaces, "same" what the reader gave for the file before.
//
//   - mupdf reads the stream in order: only logical order serves it.
//   - pdf.js loses every space of a plain logical line (rtlSpace says why)
//     and keeps the words of a plain visual one, but not on a mixed line:
//     there it keeps visual order (its bidi takes a line that is under
//     30 % right-to-left for left-to-right). posterkit's marks give it
//     both.
//   - poppler and pdfium read both plain orders alike: they order the
//     characters by their places on the page, so what they get wrong no
//     order can change. poppler moves a full stop past the space after it
//     ("أهلا .بكم"), which the mark in posterkit's ActualText prevents;
//     it still sets an Arabic comma after a number on the number's side
//     and brackets around a Latin word apart from it. On a line mostly in
//     Latin letters and digits, poppler sets the whole line left to right
//     (it takes the page's direction from the count of its characters:
//     TextPage::coalesce). pdfium does the same with the comma and reverses
//     brackets among right-to-left words (its CFX_BidiString makes each
//     neutral a segment of its own), whatever the file says.
//
// Marks on right-to-left letters (harakat, Hebrew points) are read onto
// the wrong letter from a plain file by every reader but mupdf; with
// posterkit's carriers (rtlMarks) only pdfium still does.
//
// If a reader's version changes what it does, this test says so: then
// readerLimits and the choices in content.go and fonts.go are to be
// measured again.
func TestReaderLimitsOnAMinimalFile(t *testing.T) {
	const mixed = "انظر (ITU) في 2009، www.itu.int"
	words := map[string][3]string{"poppler": {"=", "=", "="}, "mupdf": {"=", "=", "rev"}, "pdf.js": {"=", "nospace", "="}, "pdfium": {"=", "=", "="}}
	stop := func(poppler string) map[string][3]string {
		return map[string][3]string{"poppler": {"=", poppler, "same"}, "mupdf": {"=", "=", "rev"}, "pdf.js": {"=", "nospace", "="}, "pdfium": {"=", "=", "="}}
	}
	cases := []struct {
		lang, text string
		want       map[string][3]string // reader: posterkit, logical, visual
	}{
		{"ar", "أهلا بكم", words},
		{"he", "שלום לכם", words},
		{"ar", "أهلا. بكم", stop("أهلا .بكم")},
		{"he", "שלום. לכם", stop("שלום .לכם")},
		{"ar", "في عام 2009، يدعو الاتحاد", map[string][3]string{
			"poppler": {"في عام ،2009 يدعو الاتحاد", "في عام ،2009يدعو الاتحاد", "same"},
			"mupdf":   {"=", "=", "داحتالا وعدي ،2009 ماع يف"},
			"pdf.js":  {"=", "nospace", "، يدعو الاتحاد2009 في عام"},
			"pdfium":  {"في عام ،2009 يدعو الاتحاد", "same", "same"},
		}},
		{"ar", "يدعو الاتحاد (ITU) مقرري السياسات", map[string][3]string{
			"poppler": {"يدعو الاتحاد ( )ITUمقرري السياسات", "same", "same"},
			"mupdf":   {"يدعو الاتحاد ( ITU ) مقرري السياسات", "same", "تاسايسلا يررقم )ITU( داحتالا وعدي"},
			"pdf.js":  {"=", "nospace", "مقرري السياسات )ITUيدعو الاتحاد ("},
			"pdfium":  {"يدعو الاتحاد )ITU )مقرري السياسات", "same", "same"},
		}},
		{"ar", "ويُحتفل فيه بالعيدِ", map[string][3]string{
			"poppler": {"=", "وُيحتفل فيه بالعيِد", "same"},
			"mupdf":   {"=", "=", "دِيعلاب هيف لفتحيُو"},
			"pdf.js":  {"=", "وُيحتفلفيهبالعيِد", "وُيحتفل فيه بالعيِد"},
			"pdfium":  {"وُيحتفل فيه بالعيِد", "same", "same"},
		}},
		{"he", "שָׁלוֹם עוֹלָם", map[string][3]string{
			"poppler": {"=", "ָׁשלֹום עֹוָלם", "same"},
			"mupdf":   {"=", "=", "םלָוֹע םוֹלשָׁ"},
			"pdf.js":  {"=", "ָׁשלֹוםעֹוָלם", "ָׁשלֹום עֹוָלם"},
			"pdfium":  {"ָׁשלֹום עֹוָלם", "same", "same"},
		}},
		{"ar", mixed, map[string][3]string{
			"poppler": {"www.itu.int ،2009 ) فيITU( انظر", "same", "same"},
			"mupdf":   {"انظر ( ITU ) في 2009، www.itu.int", "same", "www.itu.int ،2009 يف )ITU( رظنا"},
			"pdf.js":  {"=", "nospace", "www.itu.int ،2009 في )ITU( انظر"},
			"pdfium":  {"www.itu.int ،2009 في( ITU( انظر", "same", "same"},
		}},
	}
	// Marks in canonical order (NFC): pdf.js normalizes what it reads.
	clean := func(s string) string { return norm.NFC.String(strings.Join(strings.Fields(normalize(s, false)), " ")) }
	reverse := func(s string) string {
		r := []rune(s)
		slices.Reverse(r)
		return string(r)
	}
	for _, c := range cases {
		pk, logical, visual := studyPDFs(t, c.lang, c.text)
		for _, r := range readers {
			t.Run(c.text+"/"+r.name, func(t *testing.T) {
				var got [3]string
				for i, file := range [][]byte{pk, logical, visual} {
					got[i] = clean(r.read(t, file))
					want := c.want[r.name][i]
					switch want {
					case "=":
						want = norm.NFC.String(c.text)
					case "rev":
						want = reverse(c.text)
					case "nospace":
						want = strings.ReplaceAll(c.text, " ", "")
					case "same":
						want = got[i-1]
					default:
						want = norm.NFC.String(want)
					}
					if got[i] != want {
						t.Errorf("%s reads %q written %s as %q, want %q", r.name, c.text, []string{"by posterkit", "plainly in logical order", "plainly in visual order"}[i], got[i], want)
					}
				}
			})
		}
	}
}
