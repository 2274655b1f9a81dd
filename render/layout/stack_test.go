package layout_test

import (
	"math"
	"strings"
	"testing"
	"testing/fstest"

	"posterkit/fonts"
	"posterkit/render/layout"
	"posterkit/render/scene"
	"posterkit/render/template"
	"posterkit/render/text"
)

// stackTemplate is an A4 page with a headline at a fixed size and a body
// stacked 18 mm below the headline's set text, running to y = 280 mm.
const stackTemplate = `title: Stacked
page: {size: A4}
languages: [en, fr, ru, ar]
mirror: rtl
styles:
  headline: {font: display, weight: black, size: 40, leading: 1.1}
  body:
    font: text
    size: {min: 8, max: 14}
    paragraph_spacing: 0.5em
    by_language:
      ru: {leading: 1.6}
frames:
  - id: body
    box: {x: 20, y: {below: headline, gap: 18}, w: 120, h: {to: 280}}
    style: body
  - id: headline
    box: {x: 20, y: 20, w: 170, h: 80}
    style: headline
    max_lines: 3
`

func stackFS(strs map[string]string) fstest.MapFS {
	m := fstest.MapFS{template.LayoutFile: {Data: []byte(stackTemplate)}}
	for lang, s := range strs {
		m["strings/"+lang+".yaml"] = &fstest.MapFile{Data: []byte(s)}
	}
	return m
}

var stackStrings = map[string]string{
	"en": "headline: Children\nbody: Every child has the right to a safe Internet.\ntitle: Protecting children\n",
	"fr": "headline: Protéger les enfants dans le cyberespace\nbody: Chaque enfant a droit à un Internet sûr.\n",
	"ru": "headline: Защита детей в киберпространстве всегда и везде\nbody: Каждый ребёнок имеет право на безопасный Интернет.\n",
	"ar": "headline: حماية الأطفال\nbody: لكل طفل الحق في إنترنت آمن.\n",
}

func loadStack(t *testing.T) *template.Template {
	t.Helper()
	tm, err := template.Load(stackFS(stackStrings), "stacked", template.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

func checks(t *testing.T, tm *template.Template, lang string) map[string]*layout.FrameCheck {
	t.Helper()
	strs, err := tm.LoadStrings(lang)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*layout.FrameCheck{}
	for _, fc := range layout.Check(tm, lang, strs, text.NewEngine(fonts.Default())) {
		if err := fc.Err(); err != nil {
			t.Fatalf("%s: %s: %v", lang, fc.ID, err)
		}
		out[fc.ID] = fc
	}
	return out
}

func TestStackedFrameStartsGapBelowTheSetText(t *testing.T) {
	tm := loadStack(t)
	const lineMM = 40 * 1.1 / scene.MM // the headline's line box: size × leading, in mm
	for _, c := range []struct {
		lang  string
		lines int
	}{{"en", 1}, {"fr", 2}, {"ru", 3}} {
		fc := checks(t, tm, c.lang)
		head, body := fc["headline"], fc["body"]
		if head.Lines != c.lines || head.Size != 40 {
			t.Fatalf("%s: headline on %d lines at %g pt, want %d at 40 (size: 40 is fixed)", c.lang, head.Lines, head.Size, c.lines)
		}
		wantTop := 20 + float64(c.lines)*lineMM + 18
		if math.Abs(body.Box.Y-wantTop) > 1e-9 || math.Abs(body.Box.H-(280-wantTop)) > 1e-9 {
			t.Errorf("%s: body box %v, want top %.3f mm and bottom 280", c.lang, body.Box, wantTop)
		}
		if math.Abs(head.SetBottom-(20+float64(c.lines)*lineMM)) > 1e-9 {
			t.Errorf("%s: headline set bottom %.3f mm", c.lang, head.SetBottom)
		}
	}
}

// glyphYs returns the baselines (pt) of the glyphs drawing text of each
// frame in s, told apart by their text.
func baselines(s *scene.Scene, font string) []float64 {
	var ys []float64
	for _, it := range s.Items {
		if gr, ok := it.(*scene.GlyphRun); ok && strings.Contains(gr.Font.Name, font) {
			for _, g := range gr.Glyphs {
				if len(ys) == 0 || ys[len(ys)-1] != g.Y {
					ys = append(ys, g.Y)
				}
			}
		}
	}
	return ys
}

func TestStackedFrameIsDrawnWhereItIsChecked(t *testing.T) {
	tm := loadStack(t)
	eng := text.NewEngine(fonts.Default())
	for _, lang := range []string{"en", "ru"} {
		strs, _ := tm.LoadStrings(lang)
		s, fcs, err := layout.Page(tm, lang, strs, eng, layout.Options{})
		if err != nil {
			t.Fatal(err)
		}
		body := fcs[0]
		// The body's first baseline lies inside its box, below the gap:
		// more than the box top, less than top plus one line.
		ys := baselines(s, "NotoSans-Regular")
		top := body.Box.Y*scene.MM + s.Trim.Y
		lh := body.Size * body.Style.Leading
		if len(ys) == 0 || ys[0] <= top || ys[0] > top+lh {
			t.Errorf("%s: body baselines %v, box top %.2f pt, line %.2f pt", lang, ys, top, lh)
		}
	}
}

func TestMirroredFramesInRightToLeftLanguages(t *testing.T) {
	tm := loadStack(t)
	for _, c := range []struct {
		lang  string
		headX float64
		bodyX float64
	}{{"en", 20, 20}, {"ar", 210 - 20 - 170, 210 - 20 - 120}} {
		fc := checks(t, tm, c.lang)
		if fc["headline"].Box.X != c.headX || fc["body"].Box.X != c.bodyX {
			t.Errorf("%s: headline x %g, body x %g; want %g, %g", c.lang, fc["headline"].Box.X, fc["body"].Box.X, c.headX, c.bodyX)
		}
	}
}

func TestStyleOverrideForOneLanguage(t *testing.T) {
	tm := loadStack(t)
	if got := checks(t, tm, "ru")["body"].Style.Leading; got != 1.6 {
		t.Errorf("ru body leading %g, want 1.6 (by_language)", got)
	}
	if got := checks(t, tm, "fr")["body"].Style.Leading; got != 1.2 {
		t.Errorf("fr body leading %g, want the base 1.2", got)
	}
}

func TestParagraphSpacingAddsToTheSetHeight(t *testing.T) {
	one := map[string]string{}
	two := map[string]string{}
	for k, v := range stackStrings {
		one[k], two[k] = v, v
	}
	// Three short paragraphs against the same words run together.
	one["en"] = "headline: Children\nbody: \"Alpha beta gamma\"\n"
	two["en"] = "headline: Children\nbody: \"Alpha\\nbeta\\ngamma\"\n"
	var fits [2]*layout.FrameCheck
	for i, strs := range []map[string]string{one, two} {
		tm, err := template.Load(stackFS(strs), "stacked", template.Options{})
		if err != nil {
			t.Fatal(err)
		}
		fits[i] = checks(t, tm, "en")["body"]
	}
	a, b := fits[0], fits[1]
	if a.Lines != 1 || b.Lines != 3 || a.Size != 14 || b.Size != 14 {
		t.Fatalf("lines %d and %d at %g and %g pt", a.Lines, b.Lines, a.Size, b.Size)
	}
	// Two more lines of 14 × 1.2 pt and two gaps of 0.5 em.
	want := (2*14*1.2 + 2*0.5*14) / scene.MM
	if got := (b.SetBottom - b.Box.Y) - (a.SetBottom - a.Box.Y); math.Abs(got-want) > 1e-9 {
		t.Errorf("three paragraphs are %.4f mm taller than one line, want %.4f", got, want)
	}
}

func TestLanguageTitleFromStrings(t *testing.T) {
	tm := loadStack(t)
	eng := text.NewEngine(fonts.Default())
	for lang, want := range map[string]string{"en": "Protecting children", "fr": "Stacked"} {
		strs, _ := tm.LoadStrings(lang)
		s, _, err := layout.Page(tm, lang, strs, eng, layout.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if s.Title != want {
			t.Errorf("%s: title %q, want %q", lang, s.Title, want)
		}
		if u := layout.Unused(tm, strs); len(u) != 0 {
			t.Errorf("%s: title reported unused: %v", lang, u)
		}
	}
}
