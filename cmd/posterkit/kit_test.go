package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"posterkit/internal/pdfcheck"
	"posterkit/kit"
	"posterkit/layouts"
	"posterkit/render/template"
	"posterkit/translation"
)

// makeKit runs `posterkit kit` into a temporary folder and returns the kit folder.
func makeKit(t *testing.T) string {
	t.Helper()
	out := t.TempDir()
	code, stdout, stderr := runCLI(t, "kit", "--dpi", "20", "--out", out)
	if code != exitOK {
		t.Fatalf("kit: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "wtisd-2009-kit") {
		t.Errorf("kit's report: %q", stdout)
	}
	return filepath.Join(out, "wtisd-2009-kit")
}

func TestKitHoldsEverythingAndZipsIt(t *testing.T) {
	dir := makeKit(t)
	want := []string{"README.txt", "blank.pdf", "blank.png", "guides.pdf", "template.pot", "template.xlf"}
	entries, _ := os.ReadDir(dir)
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("kit folder holds %v, want %v", got, want)
	}
	z, err := zip.OpenReader(dir + ".zip")
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	var zipped []string
	for _, f := range z.File {
		zipped = append(zipped, f.Name)
		rc, _ := f.Open()
		var b bytes.Buffer
		b.ReadFrom(rc)
		rc.Close()
		if !bytes.Equal(b.Bytes(), readFile(t, filepath.Join(dir, filepath.Base(f.Name)))) {
			t.Errorf("%s in the zip differs from the folder's", f.Name)
		}
	}
	sort.Strings(zipped)
	if len(zipped) != len(want) || !strings.HasPrefix(zipped[0], "wtisd-2009-kit/") {
		t.Errorf("zip holds %v", zipped)
	}
	again := makeKit(t)
	if !bytes.Equal(readFile(t, dir+".zip"), readFile(t, again+".zip")) {
		t.Error("two kits of the same layout differ")
	}
	readme := string(readFile(t, filepath.Join(dir, "README.txt")))
	for _, s := range []string{"posterkit check wtisd-2009 --lang sw --strings sw.po", "posterkit render wtisd-2009 --lang sw --strings sw.po", "--font", "Poedit", "bleed"} {
		if !strings.Contains(readme, s) {
			t.Errorf("README.txt does not say %q", s)
		}
	}
	for _, name := range []string{"template.pot", "template.xlf"} {
		res, err := translation.Read(name, readFile(t, filepath.Join(dir, name)))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(res.Untranslated, ",") != "occasion,headline,body,footer" {
			t.Errorf("%s: untranslated %v, want every frame", name, res.Untranslated)
		}
	}
	pot := string(readFile(t, filepath.Join(dir, "template.pot")))
	for _, s := range []string{`msgctxt "body"`, "#. French: Protéger les enfants dans le cyberespace", "Frame headline: 360 × 146 mm, at most 3 lines", "Rough budget: about"} {
		if !strings.Contains(pot, s) {
			t.Errorf("template.pot lacks %q", s)
		}
	}
}

// translations reads a test translation (frame id → text).
func translations(t *testing.T, lang string) map[string]string {
	t.Helper()
	s, err := template.ParseStrings(lang+".yaml", readFile(t, filepath.Join("testdata", "strings", lang+".yaml")))
	if err != nil {
		t.Fatal(err)
	}
	for id, v := range s.Text {
		s.Text[id] = strings.TrimSpace(v)
	}
	return s.Text
}

// fillPO does what a translator does in Poedit: fills each msgstr.
func fillPO(t *testing.T, pot string, lang string, tr map[string]string) string {
	t.Helper()
	quote := func(s string) string {
		esc := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\t", `\t`).Replace(s)
		parts := strings.SplitAfter(esc, "\n")
		if len(parts) == 1 {
			return `"` + strings.ReplaceAll(esc, "\n", `\n`) + `"`
		}
		var b strings.Builder
		b.WriteString(`""`)
		for _, p := range parts {
			b.WriteString("\n\"" + strings.ReplaceAll(p, "\n", `\n`) + `"`)
		}
		return b.String()
	}
	var out []string
	id := ""
	for _, line := range strings.Split(pot, "\n") {
		if m := regexp.MustCompile(`^msgctxt "(.*)"$`).FindStringSubmatch(line); m != nil {
			id = m[1]
		}
		if line == `"Language: \n"` {
			line = `"Language: ` + lang + `\n"`
		}
		if line == `msgstr ""` && id != "" {
			line = "msgstr " + quote(tr[id])
			id = ""
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}

// fillXLIFF does what a CAT tool does: adds a target to every unit.
func fillXLIFF(t *testing.T, xlf string, lang string, tr map[string]string) string {
	t.Helper()
	esc := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	xlf = strings.Replace(xlf, `srcLang="en"`, `srcLang="en" trgLang="`+lang+`"`, 1)
	for id, text := range tr {
		re := regexp.MustCompile(`(?s)(<unit id="` + id + `">.*?</source>)`)
		if !re.MatchString(xlf) {
			t.Fatalf("no unit %s", id)
		}
		xlf = re.ReplaceAllLiteralString(xlf, re.FindString(xlf)+"\n        <target xml:space=\"preserve\">"+esc.Replace(text)+"</target>")
	}
	return xlf
}

func squeezeText(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\n', '\r', '\t', '\u00a0', '\u200b', '\u2028', '\ufffe', '\u0002':
			return -1
		}
		return r
	}, s)
}

// renderOther renders a language posterkit does not bundle and returns the
// PDF's text as pdfium extracts it.
func renderOther(t *testing.T, lang, stringsFile, font string) (string, string) {
	t.Helper()
	out := t.TempDir()
	args := []string{"check", "--lang", lang, "--strings", stringsFile, "--font", filepath.Join("..", "..", "fonts", "testdata", font)}
	if code, stdout, stderr := runCLI(t, args...); code != exitOK {
		t.Fatalf("check: exit %d\n%s%s", code, stdout, stderr)
	}
	args[0] = "render"
	args = append(args, "--dpi", "30", "--out", out)
	if code, _, stderr := runCLI(t, args...); code != exitOK {
		t.Fatalf("render: exit %d\n%s", code, stderr)
	}
	pdf := readFile(t, filepath.Join(out, "wtisd-2009", lang+".pdf"))
	doc := pdfcheck.Open(t, pdf)
	return doc.Text(0), filepath.Join(out, "wtisd-2009", lang+".png")
}

func TestHindiFromPORendersAndExtracts(t *testing.T) {
	dir := makeKit(t)
	tr := translations(t, "hi")
	po := filepath.Join(t.TempDir(), "hi.po")
	os.WriteFile(po, []byte(fillPO(t, string(readFile(t, filepath.Join(dir, "template.pot"))), "hi", tr)), 0o644)
	got, png := renderOther(t, "hi", po, "NotoSansDevanagari-Regular.ttf")
	for id, want := range tr {
		if !strings.Contains(squeezeText(got), squeezeText(want)) {
			t.Errorf("frame %s: the PDF's text lacks\n  %s\nin\n  %s", id, want, got)
		}
	}
	if _, err := os.Stat(png); err != nil {
		t.Error(err)
	}
}

func TestHebrewFromXLIFFRendersAndExtracts(t *testing.T) {
	dir := makeKit(t)
	tr := translations(t, "he")
	xlf := filepath.Join(t.TempDir(), "he.xlf")
	os.WriteFile(xlf, []byte(fillXLIFF(t, string(readFile(t, filepath.Join(dir, "template.xlf"))), "he", tr)), 0o644)
	got, _ := renderOther(t, "he", xlf, "NotoSansHebrew-Regular.ttf")
	// pdfium rebuilds right-to-left reading order with heuristics of its
	// own (see render/pdf's tests): every character must come out.
	count := func(s string) map[rune]int {
		m := map[rune]int{}
		for _, r := range strings.NewReplacer(")", "(").Replace(squeezeText(s)) {
			m[r]++
		}
		return m
	}
	have := count(got)
	for id, want := range tr {
		for r, n := range count(want) {
			if have[r] < n {
				t.Errorf("frame %s: %q missing from the PDF's text", id, r)
			}
		}
	}
	if !strings.Contains(squeezeText(got), squeezeText(tr["headline"])) {
		t.Errorf("headline %q not read in order from %q", tr["headline"], got)
	}
}

func TestThaiFromYAMLRendersAndExtracts(t *testing.T) {
	tr := translations(t, "th")
	got, _ := renderOther(t, "th", filepath.Join("testdata", "strings", "th.yaml"), "NotoSansThai-Regular.ttf")
	for id, want := range tr {
		if !strings.Contains(squeezeText(got), squeezeText(want)) {
			t.Errorf("frame %s: the PDF's text lacks\n  %s\nin\n  %s", id, want, got)
		}
	}
}

func TestCheckReportsProblemsByFrame(t *testing.T) {
	tr := translations(t, "hi")
	dir := t.TempDir()
	yaml := fmt.Sprintf("headline: %q\nbody: %q\nfooter: \"\"\nslogan: extra\n",
		tr["headline"]+" สวัสดี", strings.Repeat(tr["body"]+" ", 20))
	file := filepath.Join(dir, "hi.yaml")
	os.WriteFile(file, []byte(yaml), 0o644)
	code, stdout, _ := runCLI(t, "check", "--lang", "hi", "--strings", file, "--json")
	if code != exitFailed {
		t.Fatalf("exit %d, want %d", code, exitFailed)
	}
	var rep kit.Report
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	frames := map[string]kit.FrameReport{}
	for _, f := range rep.Frames {
		frames[f.ID] = f
	}
	if rep.OK {
		t.Error("report says ok")
	}
	if f := frames["body"]; f.Status != "overflow" || f.LinesTooMany < 1 || f.LinesNeeded <= f.LinesTooMany {
		t.Errorf("body: %+v, want an overflow by some lines", f)
	}
	if f := frames["headline"]; f.Status != "uncovered" || len(f.Uncovered) == 0 || f.Uncovered[0].CodePoint != "U+0E2A" || f.Uncovered[0].Font != "Noto Sans Thai" {
		t.Errorf("headline: %+v, want U+0E2A uncovered, covered by Noto Sans Thai", f)
	}
	if f := frames["occasion"]; f.Status != "missing" {
		t.Errorf("occasion: %+v, want missing", f)
	}
	if f := frames["footer"]; f.Status != "empty" || f.StringsLine != 3 {
		t.Errorf("footer: %+v, want empty on line 3", f)
	}
	if strings.Join(rep.Unused, ",") != "slogan" {
		t.Errorf("unused %v, want slogan", rep.Unused)
	}
	code, human, _ := runCLI(t, "check", "--lang", "hi", "--strings", file)
	for _, s := range []string{"TOO LONG  body", "NO FONT   headline", "U+0E2A", "MISSING   occasion", "EMPTY     footer", "slogan", "not ready"} {
		if !strings.Contains(human, s) {
			t.Errorf("check's report lacks %q:\n%s", s, human)
		}
	}
	if code != exitFailed {
		t.Errorf("exit %d", code)
	}
}

// TestBlankPosterIsTheArtworkWithoutText renders the blank and English
// posters as PDFs: the blank has no text objects at all, and pdfium draws
// it like the English poster everywhere outside the text frames.
func TestBlankPosterIsTheArtworkWithoutText(t *testing.T) {
	out := t.TempDir()
	if code, _, stderr := runCLI(t, "render", "--lang", "blank,en", "--format", "pdf", "--out", out); code != 0 {
		t.Fatal(stderr)
	}
	blank := pdfcheck.Open(t, readFile(t, filepath.Join(out, "wtisd-2009", "blank.pdf")))
	en := pdfcheck.Open(t, readFile(t, filepath.Join(out, "wtisd-2009", "en.pdf")))
	if n := blank.TextObjects(0); n != 0 {
		t.Errorf("blank PDF has %d text objects", n)
	}
	if en.TextObjects(0) == 0 {
		t.Fatal("the English PDF has no text objects: the count is broken")
	}
	if txt := strings.TrimSpace(blank.Text(0)); txt != "" {
		t.Errorf("blank PDF has text %q", txt)
	}
	const dpi = 24
	a, b := blank.Render(0, dpi, false), en.Render(0, dpi, false)
	tm, err := layouts.Open("wtisd-2009")
	if err != nil {
		t.Fatal(err)
	}
	px := func(mm float64) int { return int(mm / 25.4 * dpi) }
	inFrame := func(x, y int) bool {
		for _, f := range tm.Frames {
			// Frames in mm from the trim box; glyphs may reach a little
			// beyond their frame (ascenders of the first line).
			b := f.Box
			r := image.Rect(px(b.X+tm.Bleed)-2, px(b.Y+tm.Bleed)-px(8), px(b.X+tm.Bleed+b.W)+2, px(b.Y+tm.Bleed+b.H)+px(8))
			if image.Pt(x, y).In(r) {
				return true
			}
		}
		return false
	}
	outside, inside := 0, 0
	bd := a.Bounds()
	for y := bd.Min.Y; y < bd.Max.Y; y++ {
		for x := bd.Min.X; x < bd.Max.X; x++ {
			i := a.PixOffset(x, y)
			d := 0
			for c := 0; c < 3; c++ {
				d = max(d, absDiff(uint32(a.Pix[i+c]), uint32(b.Pix[i+c])))
			}
			if d > 8 {
				if inFrame(x, y) {
					inside++
				} else {
					outside++
				}
			}
		}
	}
	if outside > 0 {
		t.Errorf("blank and English posters differ in %d pixels outside the text frames", outside)
	}
	if inside < 1000 {
		t.Errorf("blank and English posters differ in only %d pixels inside the frames", inside)
	}
}

// magenta counts pixels of the guides' colour.
func magenta(img *image.RGBA) int {
	n := 0
	for i := 0; i+3 < len(img.Pix); i += 4 {
		r, g, b := img.Pix[i], img.Pix[i+1], img.Pix[i+2]
		if r > 150 && g < 90 && b > 60 && b < 190 {
			n++
		}
	}
	return n
}

func TestGuidesShowOnScreenAndDoNotPrint(t *testing.T) {
	out := t.TempDir()
	if code, _, stderr := runCLI(t, "render", "--lang", "blank", "--guides", "--dpi", "48", "--out", out); code != 0 {
		t.Fatal(stderr)
	}
	data := readFile(t, filepath.Join(out, "wtisd-2009", "blank.pdf"))
	for _, s := range []string{"/OCProperties", "/Type/OCG/Name(Text frames)", "/Print<</PrintState/OFF>>", "/View<</ViewState/ON>>"} {
		if !bytes.Contains(data, []byte(s)) {
			t.Errorf("guides PDF lacks %s", s)
		}
	}
	doc := pdfcheck.Open(t, data)
	screen, print := doc.Render(0, 48, false), doc.Render(0, 48, true)
	if n := magenta(screen); n < 500 {
		t.Errorf("on screen the guides show %d magenta pixels", n)
	}
	if n := magenta(print); n > 0 {
		t.Errorf("in print the guides show %d magenta pixels", n)
	}
	png := decode(t, readFile(t, filepath.Join(out, "wtisd-2009", "blank.png")))
	if n := magenta(toRGBA(png)); n < 500 {
		t.Errorf("the guides PNG shows %d magenta pixels", n)
	}
	// Without --guides, no trace of the frames.
	out2 := t.TempDir()
	runCLI(t, "render", "--lang", "blank", "--dpi", "24", "--out", out2)
	plain := readFile(t, filepath.Join(out2, "wtisd-2009", "blank.pdf"))
	if bytes.Contains(plain, []byte("/OC")) || magenta(pdfcheck.Open(t, plain).Render(0, 24, false)) > 0 {
		t.Error("the blank PDF without --guides shows the frames")
	}
	if n := magenta(toRGBA(decode(t, readFile(t, filepath.Join(out2, "wtisd-2009", "blank.png"))))); n > 0 {
		t.Errorf("the blank PNG without --guides has %d magenta pixels", n)
	}
}

func toRGBA(img image.Image) *image.RGBA {
	if r, ok := img.(*image.RGBA); ok {
		return r
	}
	b := img.Bounds()
	out := image.NewRGBA(b)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			out.Set(x, y, img.At(x, y))
		}
	}
	return out
}
