package template

import (
	"errors"
	"os"
	"strings"
	"testing"
	"testing/fstest"
)

const good = `title: T
page: {size: A4}
languages: [en]
styles:
  s: {font: text, size: {min: 10, max: 20}}
frames:
  - id: a
    box: {x: 10, y: 10, w: 100, h: 50}
    style: s
`

func load(t *testing.T, layout string, extra ...string) (*Template, error) {
	t.Helper()
	m := fstest.MapFS{LayoutFile: {Data: []byte(layout)}, "strings/en.yaml": {Data: []byte("a: x\n")}}
	for i := 0; i+1 < len(extra); i += 2 {
		m[extra[i]] = &fstest.MapFile{Data: []byte(extra[i+1])}
	}
	return Load(m, "my-layout", Options{})
}

func TestLayoutErrorsNameFileLineAndField(t *testing.T) {
	for _, c := range []struct {
		name, yaml, want string
	}{
		{"bad yaml", "title: [\n", "my-layout/layout.yaml:1: invalid YAML"},
		{"unknown page size", strings.Replace(good, "A4", "B9", 1), "my-layout/layout.yaml:2: page.size: \"B9\" is neither"},
		{"typo in field", strings.Replace(good, "style: s", "styel: s", 1), "my-layout/layout.yaml:9: frames[0].styel: unknown field"},
		{"missing style", strings.Replace(good, "style: s", "style: nope", 1), "my-layout/layout.yaml:9: frames[0].style: no style named \"nope\""},
		{"negative width", strings.Replace(good, "w: 100", "w: -1", 1), "my-layout/layout.yaml:8: frames[0].box: width and height must be greater than 0"},
		{"not a number", strings.Replace(good, "x: 10", "x: ten", 1), "my-layout/layout.yaml:8: frames[0].box.x: expected a number, found \"ten\""},
		{"min above max", strings.Replace(good, "min: 10", "min: 30", 1), "my-layout/layout.yaml:5: styles.s.size.max: 20 is less than min 30"},
		{"bad colour", good + "artwork:\n  - rect: {x: 0, y: 0, w: 1, h: 1}\n    fill: blue\n", "my-layout/layout.yaml:12: artwork[0].fill: expected a colour #RRGGBB, cmyk(c, m, y, k) in percent or spot(\"NAME\", cmyk(...)), found \"blue\""},
		{"bad path", good + "artwork:\n  - path: \"M 0 0 L 10\"\n    fill: \"#000000\"\n", "my-layout/layout.yaml:11: artwork[0].path: expected a number"},
		{"missing image", good + "artwork:\n  - image: nope.png\n    box: {x: 0, y: 0, w: 1, h: 1}\n", "my-layout/layout.yaml:11: artwork[0].image: cannot read \"nope.png\""},
		{"duplicate frame", good + "  - id: a\n    box: {x: 10, y: 10, w: 100, h: 50}\n    style: s\n", "my-layout/layout.yaml:10: frames[1].id: duplicate frame id \"a\""},
		{"no frames", "title: T\npage: {size: A4}\nlanguages: [en]\nstyles: {}\n", "my-layout/layout.yaml:1: frames: missing"},
		{"bad language", strings.Replace(good, "[en]", "[\"e n\"]", 1), "my-layout/layout.yaml:3: languages[0]: \"e n\" is not a BCP 47 language code"},
		{"language without strings", strings.Replace(good, "[en]", "[en, sw]", 1), "my-layout/layout.yaml:3: languages[1]: no strings/sw.yaml for sw"},
		{"language twice", strings.Replace(good, "[en]", "[en, en]", 1), "my-layout/layout.yaml:3: languages[1]: en is listed twice"},
		{"source without strings", good + "source: fr\n", "my-layout/layout.yaml:10: source: no strings/fr.yaml"},
		{"merge key", strings.Replace(good, "  s: {font: text, size: {min: 10, max: 20}}", "  s: &a {font: text, size: {min: 10, max: 20}}\n  u: {<<: *a}", 1), "merge keys (<<) are not supported"},
		{"path out of range", good + "artwork:\n  - path: \"M 0 0 L 1e200 0\"\n    fill: \"#000000\"\n", "out of range"},
		{"page too big", strings.Replace(good, "{size: A4}", "{size: 5000x5000, bleed: 50}", 1), "page.size: width and height with the bleed"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := load(t, c.yaml)
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error\n  %v\nwant it to contain\n  %s", err, c.want)
			}
			var te *Error
			if c.name != "bad yaml" && !errors.As(err, &te) {
				t.Errorf("error is not a *template.Error: %T", err)
			}
		})
	}
}

func TestAliasesResolve(t *testing.T) {
	y := strings.Replace(good, "styles:\n  s: {font: text, size: {min: 10, max: 20}}", "styles:\n  s: &base {font: text, size: {min: 10, max: 20}}\n  t: *base", 1)
	tm, err := load(t, y)
	if err != nil {
		t.Fatal(err)
	}
	if st := tm.Styles["t"]; st == nil || st.MaxSize != 20 {
		t.Errorf("aliased style: %+v", st)
	}
}

func TestPageSizes(t *testing.T) {
	for _, c := range []struct {
		page string
		w, h float64
	}{
		{"{size: A2}", 420, 594},
		{"{size: a3, orientation: landscape}", 420, 297},
		{"{size: 500x700, bleed: 5}", 500, 700},
		{"{size: \"500 x 700 mm\"}", 500, 700},
	} {
		tm, err := load(t, strings.Replace(good, "{size: A4}", c.page, 1))
		if err != nil {
			t.Fatal(err)
		}
		if tm.Width != c.w || tm.Height != c.h {
			t.Errorf("%s: %g×%g, want %g×%g", c.page, tm.Width, tm.Height, c.w, c.h)
		}
	}
}

func TestStringsErrors(t *testing.T) {
	_, err := ParseStrings("strings/en.yaml", []byte("a: ok\nb: [1, 2]\n"))
	if err == nil || !strings.Contains(err.Error(), "strings/en.yaml:2: b: expected text") {
		t.Errorf("got %v", err)
	}
	s, err := ParseStrings("strings/en.yaml", []byte("a: |\n  one\n  two\n"))
	if err != nil || s.Text["a"] != "one\ntwo\n" || s.Lines["a"] != 1 {
		t.Errorf("got %+v, %v", s, err)
	}
}

func TestPathData(t *testing.T) {
	for _, c := range []struct {
		d    string
		segs int
		err  string
	}{
		{"M0 0L10 0 10 10Z", 4, ""},
		{"m1,1 h10 v10 h-10 z", 5, ""},
		{"M0 0 C 1 1 2 2 3 3 S 5 5 6 6 Q 7 7 8 8 T 9 9", 5, ""},
		{"M0 0 A 10 10 0 0 1 20 0", 3, ""},
		{"M0 0 A 10 10 0 1 0 20 0 a5 5 0 0 1 10 0", 5, ""},
		{"M-1.5e1.5.5.5", 2, ""},
		{"L 0 0", 0, "must start with a moveto"},
		{"M 0", 0, "expected a number"},
		{"M 0 0 A 1 1 0 2 0 1 1", 0, "arc flag"},
		{"", 0, "empty path data"},
	} {
		p, err := parsePathData(c.d)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%q: error %v, want %q", c.d, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", c.d, err)
			continue
		}
		if len(p.Segments) != c.segs {
			t.Errorf("%q: %d segments, want %d", c.d, len(p.Segments), c.segs)
		}
	}
	// A half circle of radius 10 from (0,0) to (20,0), sweep 1 (clockwise on
	// screen, y down): its lowest point is on the upper side, y = -10.
	p, _ := parsePathData("M0 0 A 10 10 0 0 1 20 0")
	if b := p.Bounds(); b.Y > -9.9 || b.Y < -13.5 || b.W < 19.9 {
		t.Errorf("arc bounds %v", b)
	}
}

// FuzzLoad feeds the layout parser arbitrary YAML: it must return a layout
// or an error, never panic. Seeded with the bundled layout.
func FuzzLoad(f *testing.F) {
	bundled, _ := os.ReadFile("../../layouts/wtisd-2009/layout.yaml")
	f.Add(string(bundled))
	f.Add(good)
	f.Add("")
	f.Add("page: {size: 1x1}\nframes: [{}]\n")
	f.Add(string(bundled[:len(bundled)/2]))
	f.Fuzz(func(t *testing.T, y string) {
		tm, err := load(t, y)
		if err == nil && tm == nil {
			t.Fatal("nil layout without error")
		}
	})
}

func FuzzPathData(f *testing.F) {
	for _, s := range []string{"M0 0L10 0 10 10Z", "M0 0 A 10 10 0 1 0 20 0", "m1,1 h10 v10 h-10 z", "M 1e308 1e308 A 1e-300 1 0 0 1 0 0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, d string) {
		parsePathData(d)
	})
}

func TestColours(t *testing.T) {
	art := func(fill string) string {
		return good + "artwork:\n  - rect: {x: 0, y: 0, w: 1, h: 1}\n    fill: " + fill + "\n"
	}
	for _, c := range []struct {
		fill string
		want Color
		err  string
	}{
		{`"#0a2a52"`, Color{R: 0x0a, G: 0x2a, B: 0x52}, ""},
		{`cmyk(100, 46, 0, 0)`, Color{Space: CMYK, C: 1, M: 0.46}, ""},
		{`"cmyk(0,0,0,100)"`, Color{Space: CMYK, K: 1}, ""},
		{`'spot("PANTONE 2935 C", cmyk(100, 46, 0, 0))'`, Color{Space: Spot, Spot: "PANTONE 2935 C", C: 1, M: 0.46}, ""},
		{`cmyk(100, 46, 0)`, Color{}, "expected cmyk(c, m, y, k) with four percentages"},
		{`cmyk(120, 0, 0, 0)`, Color{}, "percentages, 0 to 100"},
		{`'spot("All", cmyk(100, 100, 100, 100))'`, Color{}, "reserved for printer's marks"},
		{`#ffffff`, Color{}, `write "#RRGGBB" in quotes`},
	} {
		tm, err := load(t, art(c.fill))
		switch {
		case c.err != "":
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("fill %s: error %v, want %q", c.fill, err, c.err)
			}
		case err != nil:
			t.Errorf("fill %s: %v", c.fill, err)
		case tm.Artwork[0].Fill != c.want:
			t.Errorf("fill %s: %+v, want %+v", c.fill, tm.Artwork[0].Fill, c.want)
		}
	}
}
