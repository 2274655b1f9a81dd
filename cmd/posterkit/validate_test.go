package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeTemplate(t *testing.T, layout string, strs map[string]string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "poster")
	if err := os.MkdirAll(filepath.Join(dir, "strings"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "layout.yaml"), []byte(layout), 0o644); err != nil {
		t.Fatal(err)
	}
	for lang, s := range strs {
		if err := os.WriteFile(filepath.Join(dir, "strings", lang+".yaml"), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const validateLayout = `title: T
page: {size: A5}
languages: [en, fr]
styles:
  s: {font: text, size: {min: 10, max: 20}}
frames:
  - id: a
    box: {x: 10, y: 10, w: 100, h: 30}
    style: s
  - id: b
    box: {x: 10, y: 30, w: 100, h: 12}
    style: s
    max_lines: 1
`

func TestValidateReportsAndExits(t *testing.T) {
	long := strings.Repeat("Protéger les enfants dans le cyberespace. ", 8)
	for _, c := range []struct {
		name   string
		layout string
		strs   map[string]string
		code   int
		want   []string
	}{
		{"bundled template is valid", "", nil, exitOK, []string{"layouts/wtisd-2009: 420×594 mm", "valid: 0 warning(s)"}},
		{"overlap warns, too long and missing fail", validateLayout,
			map[string]string{"en": "a: Hello\nb: World\nc: spare\n", "fr": "a: Bonjour\nb: " + long + "\n"}, exitFailed,
			[]string{
				`warning: en: frames "a" and "b" overlap at x 10.0..110.0, y 30.0..40.0 mm`,
				`warning: en: ` + "%DIR%" + `/strings/en.yaml: entries with no frame: [c]`,
				`error: fr: frame "b": text does not fit at the minimum size 10.0 pt`,
				"not valid: 1 error(s), 2 warning(s)",
			}},
		{"no overlap, everything fits", strings.Replace(validateLayout, "y: 30,", "y: 40,", 1),
			map[string]string{"en": "a: Hello\nb: World\n", "fr": "a: Bonjour\nb: Monde\n"}, exitOK, []string{"valid: 0 warning(s)"}},
		{"a frame without text", strings.Replace(validateLayout, "y: 30,", "y: 40,", 1),
			map[string]string{"en": "a: Hello\n", "fr": "a: Bonjour\nb: Monde\n"}, exitFailed, []string{`error: en: frame "b": ` + "%DIR%" + `/strings/en.yaml has no text for this frame`}},
		{"malformed layout", strings.Replace(validateLayout, "w: 100", "w: wide", 1),
			map[string]string{"en": "a: x\nb: y\n", "fr": "a: x\nb: y\n"}, exitUsage, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			args := []string{"validate"}
			dir := ""
			if c.layout != "" {
				dir = writeTemplate(t, c.layout, c.strs)
				args = append(args, dir)
			}
			var out, errb bytes.Buffer
			code := run(args, &out, &errb)
			if code != c.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, c.code, out.String(), errb.String())
			}
			for _, w := range c.want {
				w = strings.ReplaceAll(w, "%DIR%", dir)
				if !strings.Contains(out.String(), w) {
					t.Errorf("output lacks %q:\n%s", w, out.String())
				}
			}
		})
	}
}
