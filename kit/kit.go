// Package kit makes a layout's translation kit: what a national office needs
// to make the poster in its own language without a designer. That is the
// blank poster (PDF and PNG), the same with its text frames outlined on a
// non-printing layer, the strings to translate as gettext PO and XLIFF 2.0
// with each frame's size, line limit and a rough character budget as notes,
// and a README in plain words; as a folder and as a zip of it.
package kit

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"time"

	"posterkit/fonts"
	"posterkit/internal/atomicfile"
	"posterkit/render/export"
	"posterkit/render/layout"
	"posterkit/render/scene"
	"posterkit/render/template"
	"posterkit/render/text"
	"posterkit/translation"
)

// Files of a kit, in the order they are made.
const (
	BlankPDF  = "blank.pdf"
	BlankPNG  = "blank.png"
	GuidesPDF = "guides.pdf"
	POT       = "template.pot"
	XLIFF     = "template.xlf"
	Readme    = "README.txt"
)

// referenceLang is shown to translators beside the source language.
const referenceLang = "fr"

// Write makes the kit of t in dir/<template>-kit and
// dir/<template>-kit.zip and returns the folder and the zip's path. opt
// sets the PDFs' creator and date and blank.png's resolution.
//
// Every file is written atomically (package atomicfile). While it works,
// Write holds the kit folder (atomicfile.LockDir), for the zip beside it
// too, so that two processes cannot mix their kits; another process's
// lock fails it at once (an *atomicfile.LockedError). Holding it,
// it first removes the temporary files a killed run left there.
func Write(t *template.Template, dir string, opt export.Options) (folder, zipPath string, err error) {
	folder = filepath.Join(dir, t.Name+"-kit")
	zipPath = folder + ".zip"
	w, h := layout.BleedSize(t)
	if err := opt.Check(w, h, []export.Format{export.PNG}); err != nil {
		return "", "", err
	}
	lock, err := atomicfile.LockDir(folder)
	var locked *atomicfile.LockedError
	if errors.As(err, &locked) {
		return "", "", err // it says what to do, with its own prefix
	}
	if err != nil {
		return "", "", fmt.Errorf("kit: %w", err)
	}
	defer lock.Unlock()
	if _, err := atomicfile.Sweep(folder, nil); err != nil {
		return "", "", fmt.Errorf("kit: %w", err)
	}
	zipName := filepath.Base(zipPath)
	if _, err := atomicfile.Sweep(dir, func(final string) bool { return final == zipName }); err != nil {
		return "", "", fmt.Errorf("kit: %w", err)
	}
	files := map[string][]byte{}
	eng := text.NewEngine(fonts.Default())

	blank := layout.BlankPage(t)
	guides := *blank // the same artwork, with the guides layer added
	if err := layout.AddGuides(&guides, t, eng); err != nil {
		return "", "", err
	}
	for _, out := range []struct {
		name  string
		scene *scene.Scene
		f     export.Format
	}{{BlankPDF, blank, export.PDF}, {BlankPNG, blank, export.PNG}, {GuidesPDF, &guides, export.PDF}} {
		var buf bytes.Buffer
		if err := export.Write(&buf, out.f, out.scene, opt); err != nil {
			return "", "", fmt.Errorf("%s: %w", out.name, err)
		}
		files[out.name] = buf.Bytes()
	}

	cat, err := Catalog(t)
	if err != nil {
		return "", "", err
	}
	var pot, xlf bytes.Buffer
	if err := translation.WritePOT(&pot, cat); err != nil {
		return "", "", err
	}
	if err := translation.WriteXLIFF(&xlf, cat); err != nil {
		return "", "", err
	}
	files[POT], files[XLIFF] = pot.Bytes(), xlf.Bytes()
	files[Readme] = readme(t)

	order := []string{BlankPDF, BlankPNG, GuidesPDF, POT, XLIFF, Readme}
	for _, name := range order {
		if err := atomicfile.WriteFile(filepath.Join(folder, name), files[name]); err != nil {
			return "", "", err
		}
	}
	var z bytes.Buffer
	zw := zip.NewWriter(&z)
	for _, name := range order {
		// A fixed time keeps the zip byte-identical from run to run.
		w, err := zw.CreateHeader(&zip.FileHeader{Name: t.Name + "-kit/" + name, Method: zip.Deflate, Modified: time.Date(2009, 5, 17, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			return "", "", err
		}
		w.Write(files[name])
	}
	if err := zw.Close(); err != nil {
		return "", "", err
	}
	return folder, zipPath, atomicfile.WriteFile(zipPath, z.Bytes())
}

// Catalog returns t's strings to translate: the source language's text of
// each frame, the reference language's beside it, and notes on the room
// each frame has.
func Catalog(t *template.Template) (*translation.Catalog, error) {
	src, err := t.LoadStrings(t.Source)
	if err != nil {
		return nil, err
	}
	ref, _ := t.LoadStrings(referenceLang) // a layout without French has no reference
	c := &translation.Catalog{Layout: t.Name, Title: t.Title, SrcLang: t.Source}
	// The size each frame's source text is set at: a translation that
	// keeps about as many characters keeps the poster's look.
	srcSize := map[string]float64{}
	for _, fc := range layout.Check(t, t.Source, src, text.NewEngine(fonts.Default())) {
		srcSize[fc.ID] = fc.Size
	}
	for _, f := range t.Frames {
		e := translation.Entry{ID: f.ID, Source: strings.TrimSpace(src.Text[f.ID])}
		if ref != nil && t.Source != referenceLang {
			e.Reference, e.RefLang = strings.TrimSpace(ref.Text[f.ID]), referenceLang
		}
		lines := "as many lines as fit"
		if f.MaxLines > 0 {
			lines = fmt.Sprintf("at most %d lines", f.MaxLines)
		}
		e.Notes = append(e.Notes,
			fmt.Sprintf("Frame %s: %g × %g mm, %s; text %g to %g pt (the largest size that fits is used).", f.ID, f.Box.W, f.Box.H, lines, f.Style.MinSize, f.Style.MaxSize),
			budget(f, srcSize[f.ID], t.Source, len([]rune(e.Source))))
		if strings.Contains(e.Source, "\n") {
			e.Notes = append(e.Notes, "Line breaks separate paragraphs (or keep a name and a date apart): keep them where they make sense in your language.")
		}
		c.Entries = append(c.Entries, e)
	}
	return c, nil
}

// budget is the note that gives a frame's rough character budget.
func budget(f *template.Frame, srcSize float64, srcLang string, srcLen int) string {
	atMin := Budget(f, f.Style.MinSize)
	if srcSize <= 0 {
		return fmt.Sprintf("Rough budget: up to about %d characters at the smallest size (%g pt); the %s text has %d.", atMin, f.Style.MinSize, srcLang, srcLen)
	}
	return fmt.Sprintf("Rough budget: about %d characters keep the size the %s text is set at (%.0f pt; it has %d); up to about %d fit at the smallest size (%g pt). Shorter reads better from afar.",
		max(Budget(f, srcSize), srcLen), srcLang, srcSize, srcLen, atMin, f.Style.MinSize)
}

// Budget is a rough number of characters that fit frame f at size (pt),
// taking an average character as half an em wide (Latin, Cyrillic and
// Greek text; wide scripts such as Chinese fit about half as many). It is
// a guide for translators; posterkit check gives the real answer.
func Budget(f *template.Frame, size float64) int {
	lineH := f.Style.Leading * size
	lines := math.Floor(f.Box.H*72/25.4/lineH + 1e-9)
	if f.MaxLines > 0 {
		lines = min(lines, float64(f.MaxLines))
	}
	perLine := math.Floor(f.Box.W * 72 / 25.4 / (0.5 * size))
	n := int(lines * perLine)
	if n > 100 {
		n = n / 10 * 10
	}
	return max(n, 1)
}

func readme(t *template.Template) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, `%[2]s — translation kit
%[3]s

This kit lets you make the poster in your own language yourself: you
translate a few short texts, check that they fit, and posterkit draws the
poster, ready for the printer, with the same artwork as the other languages.

What is in the kit
  blank.pdf      the poster with its text areas empty (for the printer, or
                 for a designer who lays out the text by hand)
  blank.png      the same as a picture
  guides.pdf     the same, with the text areas outlined and named on a layer
                 that shows on screen but does not print
  template.pot   the texts to translate, for gettext tools such as Poedit
  template.xlf   the same texts as XLIFF 2.0, for translation tools (CAT tools)
  README.txt     this file

1. Translate
   Open template.pot in Poedit (free, poedit.net) or template.xlf in your
   translation tool. Each text is one area of the poster: the English text
   is the source, the French one is there to help. The notes say how big the
   area is, how many lines it may take and roughly how many characters fit.
   Translate every text and save the file under your language's code, for
   example sw.po (Swahili) or sw.xlf. Codes: en, fr, sw, hi, th, he, fa, pt...

2. Check
   posterkit check %[1]s --lang sw --strings sw.po
   It says, for each text area, whether the text fits and at what size, or
   how many lines too long it is; which texts are missing or empty; and
   which letters no font can draw. Shorten a text that does not fit, then
   check again. "check" changes nothing and writes no file.

3. Fonts
   posterkit has fonts for the Latin, Cyrillic, Greek, Devanagari, Arabic
   and Chinese scripts. For another script, check names a font that covers
   it, for example "Noto Sans Thai" (free at https://fonts.google.com/noto).
   Download it and add it to both commands with --font:
   posterkit check %[1]s --lang th --strings th.po --font NotoSansThai-Regular.ttf

4. Make the poster
   posterkit render %[1]s --lang sw --strings sw.po
   This writes out/%[1]s/sw.pdf (for printing) and out/%[1]s/sw.png (for
   screens and e-mail). Right-to-left languages (Arabic, Hebrew, Persian,
   Urdu) are set right to left by themselves.

5. Print
   Send the PDF to the printer. It is the final size with %[4]g mm of bleed
   on every side (artwork that runs past the edge, to be trimmed off); the
   printer's software knows where to cut.

Getting posterkit
   Download the program for your computer from the campaign team's
   release page: posterkit_VERSION_windows_amd64.zip for Windows,
   posterkit_VERSION_darwin_arm64.zip for a Mac with an Apple chip (M1 and
   later) or _darwin_amd64.zip for an older Intel Mac,
   posterkit_VERSION_linux_amd64.tar.gz (or _linux_arm64) for Linux. The
   file SHA256SUMS beside them lets you check the download. Unpack it: it
   is one program, with its fonts and posters inside; nothing to install.
   With Go installed (go.dev) you can instead run it from its source folder
   with "go run ./cmd/posterkit" in place of "posterkit".

The page in your browser (steps 1 to 4 without commands)
   Double-click the program (posterkit.exe on Windows), or open a terminal
   in its folder (Windows: type cmd in the Start menu; Mac: Terminal;
   Linux: any terminal) and run
     posterkit serve         (Windows: posterkit.exe serve; Mac, Linux: ./posterkit serve)
   The page opens in your browser (else open http://127.0.0.1:8080/).
   Choose the poster, type your language's code (sw, hi...), then type
   your translation in the form or open your filled .po or .xlf file. The
   poster is redrawn as you type: a text that does not fit, or letters no
   font has, is marked in red beside the text and on the poster, with the
   message check gives. Add a font there if it asks for one. When it says
   "Ready", download the PDF for printing and the PNG, and save your
   translation as .po or .xlf. The page runs only on your computer: what
   you type and the fonts you add stay on it. Ctrl+C in the terminal stops it.
   On a Mac that refuses to open a downloaded program, run once
     xattr -d com.apple.quarantine posterkit
`, t.Name, t.Title, strings.Repeat("=", len([]rune(t.Title))+len(" — translation kit")), t.Bleed)
	return []byte(strings.ReplaceAll(b.String(), "\n", "\r\n"))
}
