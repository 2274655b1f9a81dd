package layout

import (
	"fmt"
	"sort"

	"posterkit/render/geom"
	"posterkit/render/template"
	"posterkit/render/text"
)

// Severity says whether a Finding stops a correct render.
type Severity uint8

const (
	Warning Severity = iota // worth a look; the poster still renders
	Error                   // a render of the template fails or is wrong
)

func (s Severity) String() string {
	if s == Error {
		return "error"
	}
	return "warning"
}

// Finding is one thing Validate found.
type Finding struct {
	Severity Severity
	Lang     string // "" for the template as a whole
	Frame    string // "" when no one frame is at fault
	Msg      string
}

func (f Finding) String() string {
	s := f.Severity.String() + ": "
	if f.Lang != "" {
		s += f.Lang + ": "
	}
	if f.Frame != "" {
		s += fmt.Sprintf("frame %q: ", f.Frame)
	}
	return s + f.Msg
}

// ArtworkCheck checks a template's artwork beyond what loading it checked
// (an imported SVG's unsupported features, say) and says what it found.
type ArtworkCheck func(t *template.Template) []Finding

// Validate checks a loaded template without rendering it (loading it
// already checked its structure, its files and that its frames lie inside
// the page): per language, that the strings file reads, has a text for
// every frame and that every text fits (Check); that no two frames
// overlap in any language (a warning: overlapping text is rarely meant);
// that no stacked or mirrored frame leaves the page; entries no frame uses
// (a warning); what the artwork's SVG drawings hold that is not drawn
// (SVGWarnings, warnings). extra are further artwork checks. Findings come in a
// stable order: the template's, then each language's in the template's
// order.
func Validate(t *template.Template, eng *text.Engine, extra ...ArtworkCheck) []Finding {
	var out []Finding
	for _, c := range append([]ArtworkCheck{SVGWarnings}, extra...) {
		out = append(out, c(t)...)
	}
	stackedOn := map[*template.Frame]bool{}
	for _, f := range t.Frames {
		if f.Below != nil {
			stackedOn[f.Below] = true
		}
	}
	seen := map[string]bool{} // overlap messages, reported once for all languages with them
	for _, lang := range t.Languages {
		strs, err := t.LoadStrings(lang)
		if err != nil {
			out = append(out, Finding{Severity: Error, Lang: lang, Msg: err.Error()})
			continue
		}
		checks := Check(t, lang, strs, eng)
		for _, fc := range checks {
			if err := fc.Err(); err != nil {
				out = append(out, Finding{Severity: Error, Lang: lang, Frame: fc.ID, Msg: err.Error()})
			}
			if b := fc.Box; b.X < -eps || b.Y < -eps || b.X+b.W > t.Width+eps || b.Y+b.H > t.Height+eps {
				out = append(out, Finding{Severity: Error, Lang: lang, Frame: fc.ID,
					Msg: fmt.Sprintf("the frame, at %s, runs off the page (0..%g, 0..%g mm)", span(b), t.Width, t.Height)})
			}
		}
		// A frame that others stack below holds its text only down to
		// where the text ends: the frames below start there.
		held := make([]geom.Rect, len(checks))
		for i, fc := range checks {
			held[i] = fc.Box
			if stackedOn[fc.Frame] {
				held[i].H = min(held[i].H, fc.SetBottom-fc.Box.Y)
			}
		}
		for i, a := range checks {
			for j, b := range checks[i+1:] {
				r, ok := intersect(held[i], held[i+1+j])
				if !ok {
					continue
				}
				msg := fmt.Sprintf("frames %q and %q overlap at %s", a.ID, b.ID, span(r))
				if seen[msg] {
					continue
				}
				seen[msg] = true
				out = append(out, Finding{Severity: Warning, Lang: lang, Msg: msg})
			}
		}
		if u := Unused(t, strs); len(u) > 0 {
			out = append(out, Finding{Severity: Warning, Lang: lang, Msg: fmt.Sprintf("%s: entries with no frame: %v", strs.File, u)})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Lang == "" && out[j].Lang != "" })
	return out
}

// eps is the tolerance of edge comparisons in mm: sums of decimal
// fractions.
const eps = 1e-9

func intersect(a, b geom.Rect) (geom.Rect, bool) {
	x0, y0 := max(a.X, b.X), max(a.Y, b.Y)
	x1, y1 := min(a.X+a.W, b.X+b.W), min(a.Y+a.H, b.Y+b.H)
	if x1-x0 <= eps || y1-y0 <= eps {
		return geom.Rect{}, false // touching edges are no overlap
	}
	return geom.Rect{X: x0, Y: y0, W: x1 - x0, H: y1 - y0}, true
}

func span(r geom.Rect) string {
	return fmt.Sprintf("x %.1f..%.1f, y %.1f..%.1f mm", r.X, r.X+r.W, r.Y, r.Y+r.H)
}
