package kit_test

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"posterkit/fonts"
	"posterkit/kit"
	"posterkit/layouts"
	"posterkit/render/export"
	"posterkit/render/template"
	"posterkit/render/text"
	"posterkit/translation"
)

func poster(t *testing.T) *template.Template {
	t.Helper()
	tm, err := layouts.Bundled(layouts.Default)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

func TestWriteMakesFolderAndZipAlike(t *testing.T) {
	tm := poster(t)
	dir := t.TempDir()
	folder, zipPath, err := kit.Write(tm, dir, export.Options{Creator: "test", DPI: 12})
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(zipPath)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{kit.BlankPDF, kit.BlankPNG, kit.GuidesPDF, kit.POT, kit.XLIFF, kit.Readme}
	if len(zr.File) != len(want) {
		t.Fatalf("zip holds %d files, want %v", len(zr.File), want)
	}
	for i, f := range zr.File {
		if f.Name != tm.Name+"-kit/"+want[i] {
			t.Errorf("zip entry %d is %s, want %s", i, f.Name, want[i])
		}
		rc, _ := f.Open()
		var b bytes.Buffer
		b.ReadFrom(rc)
		onDisk, err := os.ReadFile(filepath.Join(folder, want[i]))
		if err != nil || !bytes.Equal(onDisk, b.Bytes()) {
			t.Errorf("%s differs between the folder and the zip (%v)", want[i], err)
		}
	}
	again := t.TempDir()
	_, zip2, _ := kit.Write(tm, again, export.Options{Creator: "test", DPI: 12})
	if data2, _ := os.ReadFile(zip2); !bytes.Equal(data, data2) {
		t.Error("two kits of the same template differ")
	}
	if _, _, err := kit.Write(tm, t.TempDir(), export.Options{DPI: 1}); err == nil {
		t.Error("a kit at 1 DPI was written")
	}
}

func TestCatalogHasEveryFrameWithItsRoom(t *testing.T) {
	tm := poster(t)
	cat, err := kit.Catalog(tm)
	if err != nil {
		t.Fatal(err)
	}
	if len(cat.Entries) != len(tm.Frames) {
		t.Fatalf("%d entries for %d frames", len(cat.Entries), len(tm.Frames))
	}
	for i, e := range cat.Entries {
		f := tm.Frames[i]
		if e.ID != f.ID || e.Source == "" || e.RefLang != "fr" || e.Reference == "" {
			t.Errorf("entry %d: %+v", i, e)
		}
		if !strings.Contains(strings.Join(e.Notes, " "), "Rough budget") {
			t.Errorf("entry %s has no character budget: %v", e.ID, e.Notes)
		}
	}
}

// TestBudgetIsHalfAnEmPerCharacter: 100 × 50 mm at 10 pt and leading 1.2
// holds 11 lines (141.7 pt / 12 pt) of 56 half-em characters (283.5 pt /
// 5 pt): 616, rounded down to tens.
func TestBudgetIsHalfAnEmPerCharacter(t *testing.T) {
	f := &template.Frame{Style: &template.Style{Leading: 1.2}}
	f.Box.W, f.Box.H = 100, 50
	if got := kit.Budget(f, 10); got != 610 {
		t.Errorf("budget %d, want 610", got)
	}
	f.MaxLines = 2
	if got := kit.Budget(f, 10); got != 110 {
		t.Errorf("budget with 2 lines %d, want 110 (112 rounded down to tens)", got)
	}
}

func TestCheckClassifiesEachFrame(t *testing.T) {
	tm := poster(t)
	po := `msgid ""
msgstr ""
"Language: sw\n"
"Project-Id-Version: another-poster\n"

msgctxt "headline"
msgid "Protecting children in cyberspace"
msgstr "Kulinda watoto ΑΒΓ ✓ สวัสดี"

msgctxt "occasion"
msgid "x"
msgstr ""

msgctxt "body"
msgid "x"
msgstr "` + strings.Repeat("neno refu sana ", 400) + `"

msgctxt "slogan"
msgid "x"
msgstr "extra"
`
	res, err := translation.Read("sw.po", []byte(po))
	if err != nil {
		t.Fatal(err)
	}
	rep := kit.Check(tm, "sw", res, text.NewEngine(fonts.Default()))
	status := map[string]string{}
	for _, f := range rep.Frames {
		status[f.ID] = f.Status
	}
	want := map[string]string{"headline": "uncovered", "occasion": kit.Untranslated, "body": "overflow", "footer": "missing"}
	for id, w := range want {
		if status[id] != w {
			t.Errorf("frame %s: %s, want %s", id, status[id], w)
		}
	}
	if u := rep.Frames[1].Uncovered; rep.Frames[1].ID != "headline" || len(u) == 0 || u[0].CodePoint != "U+0E2A" || u[0].Font != "Noto Sans Thai" {
		t.Errorf("headline: %+v, want U+0E2A uncovered, Noto Sans Thai suggested", rep.Frames[1])
	}
	if rep.OK || rep.MadeFor != "another-poster" || strings.Join(rep.Unused, ",") != "slogan" || strings.Join(rep.Untranslated, ",") != "occasion" {
		t.Errorf("report %+v", rep)
	}
}
