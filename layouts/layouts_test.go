package layouts

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBundledTemplateLoads(t *testing.T) {
	tm, err := Bundled(Default)
	if err != nil {
		t.Fatal(err)
	}
	if tm.Width != 420 || tm.Height != 594 || tm.Bleed != 3 {
		t.Errorf("page %g×%g mm, bleed %g, want A2 420×594 with 3 mm bleed", tm.Width, tm.Height, tm.Bleed)
	}
	if got := strings.Join(tm.Languages, ","); got != "ar,zh,en,fr,ru,es" {
		t.Errorf("languages %s", got)
	}
	// The artwork is vector: the poster's SVG and the emblem's, which
	// marks no frame and names no image (nothing below 150 ppi to print).
	var drawings []string
	for _, s := range tm.Artwork {
		if s.Image != nil {
			t.Errorf("artwork line %d is an image, %s: the bundled artwork is vector", s.Line, s.Image.Name)
		}
		if s.SVG != nil {
			drawings = append(drawings, s.SVG.Name)
			if len(s.SVG.Info.Warnings) > 0 {
				t.Errorf("%s: %v", s.SVG.File, s.SVG.Info.Warnings)
			}
		}
	}
	if got := strings.Join(drawings, " "); got != "wtisd-2009.svg cop-emblem.svg" {
		t.Errorf("drawings %q, want the poster's and the emblem's", got)
	}
	for _, lang := range tm.Languages {
		s, err := tm.LoadStrings(lang)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range tm.Frames {
			if strings.TrimSpace(s.Text[f.ID]) == "" {
				t.Errorf("%s: no text for frame %s", lang, f.ID)
			}
		}
	}
}

func TestOpenFindsFoldersAndBundledNames(t *testing.T) {
	dir := t.TempDir()
	copyDir(t, "wtisd-2009", filepath.Join(dir, "mine"))
	os.Mkdir(filepath.Join(dir, "wtisd-2009"), 0o755) // an output folder, no layout.yaml
	t.Chdir(dir)
	for _, c := range []struct{ arg, name, err string }{
		{"wtisd-2009", "wtisd-2009", ""},         // bundled, though a folder of that name exists
		{"mine", "mine", ""},                     // a folder holding layout.yaml
		{"./mine", "mine", ""},                   // a path
		{filepath.Join(dir, "mine"), "mine", ""}, // an absolute path
		{"nothing", "", "not a folder, nor a bundled template"},
		{"./nothing", "", "no such template"},
	} {
		tm, err := Open(c.arg)
		switch {
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("Open(%q): error %v, want %q", c.arg, err, c.err)
		case c.err == "" && err != nil:
			t.Errorf("Open(%q): %v", c.arg, err)
		case c.err == "" && tm.Name != c.name:
			t.Errorf("Open(%q) named %q, want %q", c.arg, tm.Name, c.name)
		}
	}
}

// copyDir copies the bundled template name to dst.
func copyDir(t *testing.T, name, dst string) {
	t.Helper()
	for _, f := range []string{"layout.yaml", "strings/en.yaml", "strings/fr.yaml", "strings/ar.yaml", "strings/zh.yaml", "strings/ru.yaml", "strings/es.yaml"} {
		data, err := files.ReadFile(name + "/" + f)
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(filepath.Dir(filepath.Join(dst, f)), 0o755)
		if err := os.WriteFile(filepath.Join(dst, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
