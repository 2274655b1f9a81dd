package template

import (
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
)

// stackYAML is a template whose body is stacked below the headline; the
// frames are listed body first, so fill order is not file order.
const stackYAML = `title: T
page: {size: A4}
languages: [en]
styles:
  s: {font: text, size: 20}
frames:
  - id: body
    box: {x: 10, y: {below: headline, gap: 18}, w: 100, h: {to: 280}}
    style: s
  - id: headline
    box: {x: 10, y: 20, w: 190, h: 60}
    style: s
`

func TestStackedFrameBoxIsTheWorstCase(t *testing.T) {
	tm, err := load(t, stackYAML)
	if err != nil {
		t.Fatal(err)
	}
	body, head := tm.Frames[0], tm.Frames[1]
	if body.Below != head || body.Gap != 18 || body.To != 280 {
		t.Fatalf("body: below %v, gap %g, to %g", body.Below, body.Gap, body.To)
	}
	// The headline filling its box: 20 + 60 + 18 = 98, and 280 − 98.
	if body.Box.Y != 98 || body.Box.H != 182 {
		t.Errorf("body box %v, want y 98 h 182", body.Box)
	}
	if o := tm.FillOrder(); len(o) != 2 || o[0] != head || o[1] != body {
		t.Errorf("fill order %v", o)
	}
}

func TestStackingErrorsNameTheFrames(t *testing.T) {
	for _, c := range []struct{ name, yaml, want string }{
		{"cycle", strings.Replace(stackYAML, "y: 20", "y: {below: body}", 1), `frames stack in a cycle: "body" → "headline" → "body"`},
		{"itself", strings.Replace(stackYAML, "below: headline", "below: body", 1), `frames stack in a cycle: "body" → "body"`},
		{"unknown frame", strings.Replace(stackYAML, "below: headline", "below: title", 1), `frames[0].box.y.below: no frame "title" to stack below`},
		{"off the page", strings.Replace(stackYAML, "h: {to: 280}", "h: 250", 1), `frames[0].box: x 10..110, y 98..348 mm (stacked 18 mm below "headline", when its text fills its box) is not inside the trim box`},
		{"bottom above top", strings.Replace(stackYAML, "h: {to: 280}", "h: {to: 90}", 1), `frames[0].box: the bottom edge (h: {to: 90}) is not below the top, 98 mm`},
		{"negative gap", strings.Replace(stackYAML, "gap: 18", "gap: -2", 1), `frames[0].box.y.gap: must be 0 or more`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := load(t, c.yaml)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want %q", err, c.want)
			}
		})
	}
}

func TestLengthsTakeUnits(t *testing.T) {
	for _, c := range []struct {
		name, head, x string
		want          float64 // mm
	}{
		{"plain number is mm", "", "12", 12},
		{"mm", "", "12mm", 12},
		{"cm", "", "1.5cm", 15},
		{"in", "", "3in", 76.2},
		{"pt", "", "72pt", 25.4},
		{"px at 96 per inch", "", "96px", 25.4},
		{"px at the template's px_per_inch", "px_per_inch: 300\n", "600px", 50.8},
		{"plain number in the template's units", "units: cm\n", "2", 20},
		{"plain number in px", "units: px\npx_per_inch: 72\n", "72", 25.4},
	} {
		t.Run(c.name, func(t *testing.T) {
			tm, err := load(t, c.head+strings.Replace(good, "x: 10, y: 10, w: 100, h: 50", "x: "+c.x+", y: 10, w: 10, h: 5", 1))
			if err != nil {
				t.Fatal(err)
			}
			if got := tm.Frames[0].Box.X; math.Abs(got-c.want) > 1e-9 {
				t.Errorf("x = %g mm, want %g", got, c.want)
			}
		})
	}
	for _, c := range []struct{ x, want string }{
		{"3ft", `frames[0].box.x: unknown unit "ft" in "3ft" (units: mm, cm, in, pt, px)`},
		{"wide", `frames[0].box.x: expected a number, found "wide"`},
	} {
		if _, err := load(t, strings.Replace(good, "x: 10", "x: "+c.x, 1)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("x: %s: got %v, want %q", c.x, err, c.want)
		}
	}
}

func TestPageSizeTakesUnits(t *testing.T) {
	for _, c := range []struct {
		size string
		w, h float64
	}{
		{"500x700", 500, 700},
		{"850x2000mm", 850, 2000},
		{"1080x1080px", 285.75, 285.75},
		{"12cm x 3in", 120, 76.2},
	} {
		tm, err := load(t, strings.Replace(strings.Replace(good, "A4", c.size, 1), "w: 100, h: 50", "w: 10, h: 10", 1))
		if err != nil {
			t.Errorf("%s: %v", c.size, err)
			continue
		}
		if math.Abs(tm.Width-c.w) > 1e-9 || math.Abs(tm.Height-c.h) > 1e-9 {
			t.Errorf("%s: %g x %g mm, want %g x %g", c.size, tm.Width, tm.Height, c.w, c.h)
		}
	}
}

func TestFixedSizeIsMinAndMax(t *testing.T) {
	tm, err := load(t, strings.Replace(good, "size: {min: 10, max: 20}", "size: 96", 1))
	if err != nil {
		t.Fatal(err)
	}
	if s := tm.Styles["s"]; s.MinSize != 96 || s.MaxSize != 96 {
		t.Errorf("size %g..%g, want 96..96", s.MinSize, s.MaxSize)
	}
	_, err = load(t, strings.Replace(good, "size: {min: 10, max: 20}", "size: {min: 10}", 1))
	if err == nil || !strings.Contains(err.Error(), "styles.s.size.max: missing (or write one size: size: 96)") {
		t.Errorf("size without max: %v", err)
	}
}

func TestUnquotedHashColourIsHinted(t *testing.T) {
	_, err := load(t, strings.Replace(good, "  s: {font: text, size: {min: 10, max: 20}}", "  s:\n    size: {min: 10, max: 20}\n    color: #FFFFFF", 1))
	if err == nil || !strings.Contains(err.Error(), `an unquoted "#" starts a YAML comment`) {
		t.Errorf("got %v", err)
	}
}

const overridesYAML = `title: T
page: {size: A4}
languages: [en]
styles:
  s:
    font: text
    weight: regular
    size: {min: 10, max: 20}
    leading: 1.2
    by_language:
      zh: {leading: 1.3}
      zh-Hant: {size: {max: 18}}
      ar: {font: display, align: end}
    by_script:
      Arab: {weight: bold, leading: 1.5}
frames:
  - id: a
    box: {x: 10, y: 10, w: 100, h: 50}
    style: s
`

func TestStyleOverridesApplyByLanguageThenScript(t *testing.T) {
	tm, err := load(t, overridesYAML)
	if err != nil {
		t.Fatal(err)
	}
	s := tm.Styles["s"]
	for _, c := range []struct {
		lang, script string
		want         string // role weight min max leading align
	}{
		{"en", "Latn", "text regular 10 20 1.2 -"},
		{"zh", "Hani", "text regular 10 20 1.3 -"},
		{"zh-Hant-TW", "Hani", "text regular 10 18 1.2 -"}, // the longest tag only
		{"zh-CN", "Hani", "text regular 10 20 1.3 -"},
		{"zhx", "Latn", "text regular 10 20 1.2 -"},  // a prefix only at a subtag boundary
		{"ar", "Arab", "display bold 10 20 1.5 end"}, // script, then language
		{"ur", "arab", "text bold 10 20 1.5 -"},      // the script alone, any case
	} {
		st := s.For(c.lang, c.script)
		align := "-"
		if st.Align != nil {
			align = st.Align.String()
		}
		got := strings.Join([]string{st.Role.String(), st.Weight.String(), ftoa(st.MinSize), ftoa(st.MaxSize), ftoa(st.Leading), align}, " ")
		if got != c.want {
			t.Errorf("%s/%s: %s, want %s", c.lang, c.script, got, c.want)
		}
	}
	if s.For("en", "Latn") != s {
		t.Error("no override applies, yet For made a copy")
	}
	for _, c := range []struct{ from, to, want string }{
		{"zh: {leading: 1.3}", "\"z h\": {leading: 1.3}", `styles.s.by_language: "z h" is not a BCP 47 language code`},
		{"Arab: {", "arabic: {", `styles.s.by_script: "arabic" is not an ISO 15924 script code`},
		{"ar: {font: display, align: end}", "ar: {font: display, valign: end}", `styles.s.by_language.ar.valign: unknown field`},
		{"zh-Hant: {size: {max: 18}}", "zh-Hant: {size: {max: 8}}", `styles.s.by_language.zh-Hant.size.max: 8 is less than min 10`},
	} {
		if _, err := load(t, strings.Replace(overridesYAML, c.from, c.to, 1)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", c.to, err, c.want)
		}
	}
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

func TestMirrorAndParagraphSpacing(t *testing.T) {
	y := "mirror: rtl\n" + strings.Replace(good, "style: s", "style: s\n    mirror: none\n  - id: b\n    box: {x: 10, y: 100, w: 100, h: 50}\n    style: s", 1)
	y = strings.Replace(y, "font: text,", "font: text, paragraph_spacing: 0.5em,", 1)
	tm, err := load(t, y)
	if err != nil {
		t.Fatal(err)
	}
	if tm.Frames[0].Mirror || !tm.Frames[1].Mirror {
		t.Errorf("mirror: frame a %v (none), b %v (the template's rtl)", tm.Frames[0].Mirror, tm.Frames[1].Mirror)
	}
	for _, c := range []struct {
		v      string
		em, pt float64
	}{{"0.5em", 0.5, 0}, {"0.25", 0.25, 0}, {"6pt", 0, 6}, {"2mm", 0, 2 * 72 / 25.4}} {
		tm, err := load(t, strings.Replace(good, "font: text,", "font: text, paragraph_spacing: "+c.v+",", 1))
		if err != nil {
			t.Errorf("%s: %v", c.v, err)
			continue
		}
		s := tm.Styles["s"]
		if math.Abs(s.ParagraphSpacingEm-c.em) > 1e-9 || math.Abs(s.ParagraphSpacingPt-c.pt) > 1e-9 {
			t.Errorf("%s: %g em + %g pt, want %g em + %g pt", c.v, s.ParagraphSpacingEm, s.ParagraphSpacingPt, c.em, c.pt)
		}
	}
	if _, err := load(t, strings.Replace(good, "font: text,", "font: text, paragraph_spacing: 20em,", 1)); err == nil {
		t.Error("paragraph_spacing: 20em accepted")
	}
}

func TestStyleFontFileIsReadFromTheTemplateFolder(t *testing.T) {
	ttf, err := os.ReadFile("../../fonts/testdata/NotoSansHebrew-Regular.ttf")
	if err != nil {
		t.Skip(err)
	}
	y := strings.Replace(good, "font: text,", "font: text, font_file: fonts/House.ttf,", 1)
	m := fstest.MapFS{LayoutFile: {Data: []byte(y)}, "strings/en.yaml": {Data: []byte("a: x\n")}, "fonts/House.ttf": {Data: ttf}}
	tm, err := Load(m, "my-layout", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if f := tm.Styles["s"].FontFile; f == nil || !f.Covers('א') {
		t.Errorf("font file %v does not cover Hebrew", f)
	}
	m["fonts/House.ttf"] = &fstest.MapFile{Data: []byte("not a font")}
	if _, err := Load(m, "my-layout", Options{}); err == nil || !strings.Contains(err.Error(), "styles.s.font_file: fonts: House.ttf") {
		t.Errorf("a damaged font file: %v", err)
	}
	delete(m, "fonts/House.ttf")
	if _, err := Load(m, "my-layout", Options{}); err == nil || !strings.Contains(err.Error(), `styles.s.font_file: cannot read "fonts/House.ttf": no such file`) {
		t.Errorf("a missing font file: %v", err)
	}
	if _, err := load(t, strings.Replace(good, "font: text,", "font: text, family: Comic Sans,", 1)); err == nil || !strings.Contains(err.Error(), `no bundled font family "Comic Sans"`) {
		t.Errorf("an unknown family: %v", err)
	}
}
