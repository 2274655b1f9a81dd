// Package render turns a template and a language's strings into a scene:
// it places the artwork, fills every text frame through the text engine
// (shaping, bidi, line breaking, copy-fitting) and reports per frame what it
// did or why it could not. Backends draw the scene; this package never
// writes files.
package render

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"posterkit/fonts"
	"posterkit/render/scene"
	"posterkit/render/template"
	"posterkit/render/text"
)

// FrameReport says how one frame was filled.
type FrameReport struct {
	ID    string
	Size  float64 // points chosen by copy-fit
	Lines int
}

// FrameError is a problem with one frame's text in one language.
type FrameError struct {
	Frame string
	Lang  string
	Err   error
}

func (e *FrameError) Error() string {
	return fmt.Sprintf("frame %q, language %s: %v", e.Frame, e.Lang, e.Err)
}

func (e *FrameError) Unwrap() error { return e.Err }

// MissingGlyphs lists characters no font covers.
type MissingGlyphs []rune

func (m MissingGlyphs) Error() string {
	parts := make([]string, len(m))
	for i, r := range m {
		parts[i] = fmt.Sprintf("U+%04X %q", r, r)
		if fam := fonts.Suggest(r); fam != "" {
			parts[i] += " (" + fam + " covers it)"
		}
	}
	return "no font covers " + strings.Join(parts, ", ")
}

// Page lays out the template in one language and returns its scene and a
// report per frame. strs maps frame ids to text; a nil strs, or lang
// "blank", leaves every frame empty. All problems of all frames are
// returned together (as *FrameError values joined), and then no scene.
func Page(t *template.Template, lang string, strs *template.Strings, eng *text.Engine) (*scene.Scene, []FrameReport, error) {
	bleed := t.Bleed * scene.MM
	s := &scene.Scene{
		Width:  (t.Width + 2*t.Bleed) * scene.MM,
		Height: (t.Height + 2*t.Bleed) * scene.MM,
		Trim:   scene.Rect{X: bleed, Y: bleed, W: t.Width * scene.MM, H: t.Height * scene.MM},
		Lang:   lang,
		Title:  t.Title,
	}
	s.Bleed = scene.Rect{W: s.Width, H: s.Height}
	for _, sh := range t.Artwork {
		s.Items = append(s.Items, placeShape(sh, bleed))
	}
	if strs == nil {
		s.Lang = ""
		return s, nil, nil
	}
	var errs []error
	var reports []FrameReport
	for _, f := range t.Frames {
		txt, ok := strs.Text[f.ID]
		if !ok {
			errs = append(errs, &FrameError{f.ID, lang, fmt.Errorf("%s has no text for this frame", strs.File)})
			continue
		}
		txt = strings.TrimSpace(txt)
		if txt == "" {
			errs = append(errs, &FrameError{f.ID, lang, fmt.Errorf("%s:%d: the text is empty", strs.File, strs.Lines[f.ID])})
			continue
		}
		runs, rep, err := fillFrame(f, txt, lang, bleed, eng)
		if err != nil {
			errs = append(errs, &FrameError{f.ID, lang, err})
			continue
		}
		reports = append(reports, rep)
		for _, r := range runs {
			s.Items = append(s.Items, r)
		}
	}
	if len(errs) > 0 {
		return nil, reports, errors.Join(errs...)
	}
	return s, reports, nil
}

// Unused returns the ids in strs that no frame of t uses, sorted.
func Unused(t *template.Template, strs *template.Strings) []string {
	used := map[string]bool{}
	for _, f := range t.Frames {
		used[f.ID] = true
	}
	var out []string
	for id := range strs.Text {
		if !used[id] {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}

func fillFrame(f *template.Frame, txt, lang string, bleed float64, eng *text.Engine) ([]*scene.GlyphRun, FrameReport, error) {
	st := f.Style
	block, err := eng.Shape(txt, lang, st.TextStyle())
	if err != nil {
		return nil, FrameReport{}, err
	}
	var errs []error
	if len(block.Missing) > 0 {
		errs = append(errs, MissingGlyphs(block.Missing))
	}
	x, y := f.X*scene.MM+bleed, f.Y*scene.MM+bleed
	w, h := f.W*scene.MM, f.H*scene.MM
	fit, err := eng.CopyFit(block, w, h, f.MaxLines, st.MinSize, st.MaxSize)
	if err != nil {
		errs = append(errs, err)
	}
	if len(errs) > 0 {
		return nil, FrameReport{}, errors.Join(errs...)
	}
	var runs []*scene.GlyphRun
	for _, pr := range fit.Place(block, x, y, w, h, f.Align, f.VAlign) {
		gr := &scene.GlyphRun{Font: pr.Font, Size: pr.Size, Fill: st.Color, RTL: pr.RTL}
		for _, g := range pr.Glyphs {
			gr.Glyphs = append(gr.Glyphs, scene.Glyph{ID: g.ID, X: g.X, Y: g.Y, Text: g.Text, Advance: g.Advance, Cluster: g.Cluster})
		}
		runs = append(runs, gr)
	}
	return runs, FrameReport{ID: f.ID, Size: fit.Size, Lines: len(fit.Lines)}, nil
}

// placeShape converts an artwork item from mm (trim origin) to points
// (media origin).
func placeShape(sh *template.Shape, bleed float64) scene.Item {
	if sh.Image != nil {
		im := *sh.Image
		im.Box = scene.Rect{X: im.Box.X*scene.MM + bleed, Y: im.Box.Y*scene.MM + bleed, W: im.Box.W * scene.MM, H: im.Box.H * scene.MM}
		return &im
	}
	p := &scene.Path{Fill: sh.Path.Fill, Segments: make([]scene.Segment, len(sh.Path.Segments))}
	for i, seg := range sh.Path.Segments {
		for j := 0; j < seg.Op.Points(); j++ {
			seg.Pts[j].X = seg.Pts[j].X*scene.MM + bleed
			seg.Pts[j].Y = seg.Pts[j].Y*scene.MM + bleed
		}
		p.Segments[i] = seg
	}
	return p
}
