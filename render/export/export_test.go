package export_test

import (
	"bytes"
	"errors"
	"image/png"
	"strings"
	"testing"
	"time"

	"posterkit/render/export"
	"posterkit/render/scene"
)

func TestParseFormats(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []export.Format
		err  bool
	}{
		{"pdf,png", []export.Format{export.PDF, export.PNG}, false},
		{" PNG ", []export.Format{export.PNG}, false},
		{"pdf,svg", nil, true},
		{"", nil, true},
	} {
		got, err := export.ParseFormats(c.in)
		if (err != nil) != c.err || !slicesEqual(got, c.want) {
			t.Errorf("ParseFormats(%q) = %v, %v", c.in, got, err)
		}
	}
}

func slicesEqual(a, b []export.Format) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestCheckRefusesResolutionsThePageCannotHold(t *testing.T) {
	a2w, a2h := 426*scene.MM, 600*scene.MM
	for _, c := range []struct {
		dpi  float64
		fs   []export.Format
		want string // "" for no error
	}{
		{300, []export.Format{export.PNG}, ""},
		{5, []export.Format{export.PNG}, "want between 10 and 2400"},
		{2401, []export.Format{export.PNG}, "want between 10 and 2400"},
		// A2 with bleed at 2400 DPI is 40,252 × 56,693 px, past the
		// rasteriser's 2^30 pixels; 1,646 DPI is the most it holds.
		{2400, []export.Format{export.PNG}, "at most 1646 DPI"},
		{0, []export.Format{export.PDF}, ""}, // a PDF needs no resolution
	} {
		err := export.Options{DPI: c.dpi}.Check(a2w, a2h, c.fs)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%g DPI: %v", c.dpi, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want) || !errors.Is(err, export.ErrOptions)):
			t.Errorf("%g DPI: error %v, want %q", c.dpi, err, c.want)
		}
	}
}

func TestWriteDrawsEachFormat(t *testing.T) {
	s := &scene.Scene{Width: 72, Height: 36, Trim: scene.Rect{W: 72, H: 36}, Bleed: scene.Rect{W: 72, H: 36}}
	var pdf, pn bytes.Buffer
	opt := export.Options{Creator: "test 1.0", DPI: 144}
	if err := export.Write(&pdf, export.PDF, s, opt); err != nil || !bytes.HasPrefix(pdf.Bytes(), []byte("%PDF-")) {
		t.Fatalf("PDF: %v", err)
	}
	if !bytes.Contains(pdf.Bytes(), []byte("(test 1.0)")) {
		t.Error("the PDF does not name its creator")
	}
	if err := export.Write(&pn, export.PNG, s, opt); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&pn)
	if err != nil || img.Bounds().Dx() != 144 || img.Bounds().Dy() != 72 {
		t.Fatalf("PNG %v, %v; want 144×72 (1 in × 0.5 in at 144 DPI)", img.Bounds(), err)
	}
	if err := export.Write(&pn, "svg", s, opt); err == nil {
		t.Error("an unknown format is drawn")
	}
}

func TestSourceDate(t *testing.T) {
	if d, err := export.SourceDate(""); err != nil || !d.IsZero() {
		t.Errorf("no SOURCE_DATE_EPOCH: %v, %v", d, err)
	}
	if d, err := export.SourceDate("1242518400"); err != nil || !d.Equal(time.Date(2009, 5, 17, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("1242518400: %v, %v", d, err)
	}
	for _, bad := range []string{"yesterday", "1e9", "99999999999999"} {
		if _, err := export.SourceDate(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
